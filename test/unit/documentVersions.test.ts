/**
 * The web app's document list merges server events with request replies that may arrive after them:
 * a version never replaces a newer one.
 */
import assert from 'node:assert/strict';
import { merged, upsert } from '../../webapp/src/documents/documentVersions.js';
import type { ProjectDocument } from '../../webapp/src/documents/documentsApi.js';

const doc = (id: string, status: ProjectDocument['status'], updatedAt: string): ProjectDocument => ({
  id, projectId: 'p', filename: `${id}.txt`, mime: 'text/plain', kind: 'txt', bytes: 10, pages: null, status, progress: status === 'ready' ? 100 : 0,
  error: null, chunkCount: 0, ocrPages: 0, ocrPageNumbers: [], createdAt: '2026-12-03T10:00:00.000Z', updatedAt,
  locationKind: 'lines', rowCount: null, processedAt: null,
});

describe('web app: document versions (events and replies out of order)', () => {
  it('keeps a ready document when the upload reply ("queued") comes after its events', () => {
    const fromEvents = upsert([], doc('a', 'ready', '2026-12-03T10:00:00.250Z'));
    const afterReply = upsert(fromEvents, doc('a', 'queued', '2026-12-03T10:00:00.020Z'));
    assert.deepEqual(afterReply.map((d) => d.status), ['ready']);
    // A newer version replaces it (a retry), and a new document is added first.
    const retried = upsert(afterReply, doc('a', 'queued', '2026-12-03T10:05:00.000Z'));
    assert.deepEqual(upsert(retried, doc('b', 'queued', '2026-12-03T10:05:01.000Z')).map((d) => [d.id, d.status]), [['b', 'queued'], ['a', 'queued']]);
  });

  it('keeps what events brought while the list loaded, and documents added since', () => {
    const list = [doc('a', 'processing', '2026-12-03T10:00:01.000Z'), doc('c', 'ready', '2026-12-03T09:00:00.000Z')];
    const live = [doc('b', 'queued', '2026-12-03T10:00:02.000Z'), doc('a', 'ready', '2026-12-03T10:00:01.500Z')];
    assert.deepEqual(merged(list, live).map((d) => [d.id, d.status]), [['b', 'queued'], ['a', 'ready'], ['c', 'ready']]);
    assert.deepEqual(merged(list, null), list);
    // An older event does not undo what the list says.
    assert.deepEqual(merged(list, [doc('a', 'queued', '2026-12-03T10:00:00.000Z')]).map((d) => d.status), ['processing', 'ready']);
  });
});
