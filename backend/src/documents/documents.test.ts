import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, type Json, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { createProject, fillerLines, ingest, makeDocx, makePdf, makeXlsx, settled, storageKeyOf, upload } from '../../test/documents.js';
import { makeCorruptPdf, makeEncryptedPdf } from '../../test/pdf-fixtures.js';
import { nearestChunks, searchPassages } from '../retrieval/search.js';
import { Document } from './model.js';
import { createDocument } from './service.js';

const PAGE7 = 'The harbour council approved the zebra crossing budget of 41,300 euros.';
const PAGE3 = 'Quarterly lighthouse maintenance costs rose because of salt corrosion.';

/** Files under the storage root, temp dir included (anything there after a request is an orphan). */
function storedFiles(app: TestApp): string[] {
  const root = app.deps.config.storage.filesDir;
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile());
}

describe('documents: upload, processing, retrieval', () => {
  let app: TestApp;
  let ann: SignedUpUser;
  let bob: SignedUpUser;
  let project: string;
  let pdfDoc: Json;
  let pdfBytes: Buffer;
  const get = (u: SignedUpUser, p: string) => app.request('GET', `/api/v1${p}`, undefined, { token: u.accessToken });

  before(async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true', UPLOAD_LIMIT_MB: '2' });
    ann = await buildUser(app);
    bob = await buildUser(app);
    project = await createProject(app, ann);
    const pages = Array.from({ length: 9 }, (_, i) => fillerLines(i + 1));
    pages[6].splice(4, 0, PAGE7);
    pages[2].push(PAGE3);
    pdfBytes = await makePdf(pages);
    pdfDoc = await ingest(app, ann, project, 'Harbour report.pdf', pdfBytes);
  });
  after(() => app.close());

  it('extracts a PDF page by page and cites the right page numbers', async () => {
    assert.equal(pdfDoc.status, 'ready', pdfDoc.error);
    assert.equal(pdfDoc.pages, 9);
    assert.equal(pdfDoc.kind, 'pdf');
    assert.equal(pdfDoc.mime, 'application/pdf');
    assert.equal(pdfDoc.progress, 100);
    assert.ok(pdfDoc.chunkCount >= 9);
    for (const key of ['sha256', 'storageKey', 'userId', 'embedding']) assert.ok(!(key in pdfDoc), `${key} leaked`);
    const chunks = await app.deps.knex('chunks').where({ documentId: pdfDoc.id }).orderBy('ordinal');
    const page7 = chunks.find((c) => c.text.includes('zebra crossing'));
    assert.equal(page7.page, 7);
    assert.equal(page7.location, 'page 7');
    assert.equal(chunks.find((c) => c.text.includes('lighthouse')).page, 3);
    // Every chunk stays on one page and its offsets point at its text.
    for (const c of chunks) {
      assert.ok(c.text.includes(`Section ${c.page}.`) || c.text.includes('zebra') || c.text.includes('lighthouse'));
      assert.equal(c.charEnd - c.charStart, c.text.length);
      assert.equal(c.embeddingModel, 'local-hash-v1');
      assert.equal(c.embeddingDim, 384);
    }
  });

  it('finds the page-7 sentence first with hybrid search, and inflected forms through stemming', async () => {
    const hits = await searchPassages(app.deps, { userId: ann.id, projectId: project, query: 'zebra crossing budget approved by the harbour council' });
    assert.equal(hits[0].page, 7);
    assert.equal(hits[0].documentName, 'Harbour report.pdf');
    assert.ok(hits[0].text.includes(PAGE7.slice(0, 40)));
    // "lighthouses" is not in the text; its stem is.
    const fuzzy = await searchPassages(app.deps, { userId: ann.id, projectId: project, query: 'lighthouses corrosion' });
    assert.equal(fuzzy[0].page, 3);
    // Filtered by document ids, and nothing for another user or a foreign project.
    assert.equal((await searchPassages(app.deps, { userId: ann.id, projectId: project, query: 'zebra', documentIds: [bob.id] })).length, 0);
    assert.equal((await searchPassages(app.deps, { userId: bob.id, projectId: project, query: 'zebra crossing' })).length, 0);
  });

  it('returns the existing document for the same file in the same project, a new one elsewhere', async () => {
    const again = await upload(app, ann, project, 'copy.pdf', pdfBytes);
    assert.equal(again.status, 200);
    assert.equal(again.body.data.id, pdfDoc.id);
    const other = await createProject(app, ann, 'Other');
    const there = await upload(app, ann, other, 'copy.pdf', pdfBytes);
    assert.equal(there.status, 201);
    assert.notEqual(there.body.data.id, pdfDoc.id);
    await settled(app, ann, there.body.data.id);
  });

  it('lists, and pushes every status change as a server-sent event (token in the query)', async () => {
    const list = await get(ann, `/projects/${project}/documents`);
    assert.equal(list.status, 200);
    assert.ok(list.body.data.some((d: Json) => d.id === pdfDoc.id));

    const controller = new AbortController();
    const res = await fetch(`${app.url}/api/v1/projects/${project}/events?access_token=${ann.accessToken}`, { signal: controller.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = res.body!.getReader();
    const statuses: string[] = [];
    const versions: string[] = [];
    let buffer = '';
    const read = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value);
        for (const m of buffer.matchAll(/event: document\ndata: (.*)\n\n/g)) {
          const { document } = JSON.parse(m[1]);
          statuses.push(document.status);
          versions.push(document.updatedAt);
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
        if (statuses.includes('ready')) return;
      }
    })();
    await new Promise((r) => setTimeout(r, 100)); // the subscription is live once `ready` was sent
    const up = await upload(app, ann, project, 'notes.md', '# Notes\n\nThe pelican audit finished early.\n');
    assert.equal(up.status, 201);
    await Promise.race([read, new Promise((_, reject) => setTimeout(() => reject(new Error(`events so far: ${statuses}`)), 15_000))]);
    controller.abort();
    assert.deepEqual([statuses[0], statuses.at(-1)], ['queued', 'ready']);
    assert.ok(statuses.includes('processing'));
    // Every change carries a later updatedAt, which clients use to keep the newest version they got.
    assert.deepEqual(versions, [...versions].sort(), versions.join(' '));
    assert.ok(Date.parse(versions.at(-1)!) > Date.parse(up.body.data.updatedAt), 'the upload reply is older than the ready event');
    // Without a token, or with another user's, the stream is refused.
    assert.equal((await fetch(`${app.url}/api/v1/projects/${project}/events`)).status, 401);
    assert.equal((await fetch(`${app.url}/api/v1/projects/${project}/events?access_token=${bob.accessToken}`)).status, 404);
  });

  it('cites DOCX pages from page breaks, or heading sections when there are none', async () => {
    const paged = await ingest(app, ann, project, 'paged.docx', await makeDocx([
      { heading: 'Intro', paragraphs: ['The opening page talks about otters.'] },
      { paragraphs: ['Second page mentions the walrus tariff.'], pageBreakBefore: true },
      { paragraphs: ['Third page covers the narwhal levy.'], pageBreakBefore: true },
    ]));
    assert.equal(paged.status, 'ready', paged.error);
    assert.equal(paged.locationKind, 'page-break');
    assert.equal(paged.pages, 3);
    const walrus = await searchPassages(app.deps, { userId: ann.id, projectId: project, query: 'walrus tariff', documentIds: [paged.id] });
    assert.deepEqual([walrus[0].page, walrus[0].location], [2, 'page 2']);
    const narwhal = await searchPassages(app.deps, { userId: ann.id, projectId: project, query: 'narwhal levy', documentIds: [paged.id] });
    assert.equal(narwhal[0].page, 3);

    const sections = await ingest(app, ann, project, 'sections.docx', await makeDocx([
      { heading: 'Scope', paragraphs: ['This policy covers heron habitats.'] },
      { heading: 'Penalties', paragraphs: ['Fines for disturbing the heron colony are doubled.'] },
    ]));
    assert.equal(sections.locationKind, 'section');
    assert.equal(sections.pages, null);
    const hit = await searchPassages(app.deps, { userId: ann.id, projectId: project, query: 'fines colony doubled', documentIds: [sections.id] });
    assert.deepEqual([hit[0].page, hit[0].location], [null, 'section “Penalties”']);
  });

  it('marks a repeated passage as a copy, indexes its first chunk only, and finds every copy', async () => {
    const notice = 'Confidential: property of the Heron Trust, not for circulation.';
    const doc = await ingest(app, ann, project, 'trust.docx', await makeDocx([
      { heading: 'Census', paragraphs: ['The otter census opened in March.'] },
      { paragraphs: [notice], pageBreakBefore: true },
      { paragraphs: ['Heron nests were counted along the estuary.'], pageBreakBefore: true },
      { paragraphs: [notice], pageBreakBefore: true },
    ]));
    assert.equal(doc.status, 'ready', doc.error);
    const chunks = await app.deps.knex('chunks').where({ documentId: doc.id }).orderBy('ordinal').select('ordinal', 'page', 'text', 'copyOfOrdinal');
    const first = chunks.find((c) => c.text === notice);
    assert.ok(first && first.page === 2);
    assert.deepEqual(chunks.filter((c) => c.copyOfOrdinal !== null).map((c) => [c.page, c.copyOfOrdinal]), [[4, first.ordinal]]);

    const { vectors } = await app.deps.embedder.embed(['Heron Trust confidential circulation']);
    const nearest = await nearestChunks(app.deps.knex, { projectId: project, documentIds: [doc.id] }, { values: vectors[0], model: app.deps.embedder.model });
    const pageOf = new Map((await app.deps.knex('chunks').where({ documentId: doc.id }).select('id', 'page')).map((c) => [c.id, c.page]));
    assert.deepEqual(nearest.slice(0, 2).map((n) => [pageOf.get(n.id), n.rank]), [[2, 1], [4, 1]], 'the copy follows its first chunk, at its rank');
    const hits = await searchPassages(app.deps, { userId: ann.id, projectId: project, query: 'Heron Trust confidential circulation', documentIds: [doc.id] });
    assert.deepEqual(hits.slice(0, 2).map((h) => h.page).sort(), [2, 4]);
  });

  it('writes a big file\'s chunks in order, each once, two batches at a time on PostgreSQL (one on PGlite)', async () => {
    // Write transactions open at once, told apart by knex's transaction ids: each starts by share-locking
    // its job row (documents/job.ts whileRunning) and ends with COMMIT or ROLLBACK.
    const open = new Set<string>();
    let most = 0;
    const listener = (q: { sql: string; __knexTxId?: string }) => {
      if (!q.__knexTxId) return;
      if (/for share/i.test(q.sql)) most = Math.max(most, open.add(q.__knexTxId).size);
      else if (/^(commit|rollback)/i.test(q.sql.trim())) open.delete(q.__knexTxId);
    };
    app.deps.knex.on('query', listener);
    let doc: Json;
    try {
      const paragraphs = Array.from({ length: 700 }, (_, i) => `Ledger paragraph ${i}: ${fillerLines(i % 9 + 1).join(' ')}`);
      doc = await ingest(app, ann, project, 'ledger.txt', paragraphs.join('\n\n'));
    } finally {
      app.deps.knex.off('query', listener);
    }
    assert.equal(doc.status, 'ready', doc.error);
    const ordinals = (await app.deps.knex('chunks').where({ documentId: doc.id }).orderBy('ordinal').select('ordinal')).map((c) => c.ordinal);
    assert.ok(ordinals.length > 500, `${ordinals.length} chunks`);
    assert.equal(ordinals.length, doc.chunkCount);
    assert.deepEqual(ordinals, ordinals.map((_, i) => i));
    assert.equal(most, app.deps.engine === 'postgres' ? 2 : 1);
  });

  it('cites XLSX sheet ranges and CSV row ranges, and serves their rows to the grid', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`Region ${i + 1}`, i * 10, i % 2 === 0]);
    rows[44] = ['Atlantis outpost', 999, true];
    const xlsx = await ingest(app, ann, project, 'regions.xlsx', await makeXlsx({ Summary: [['Total', 1]], 'Sales data': [['Region', 'Amount', 'Active'], ...rows] }));
    assert.equal(xlsx.status, 'ready', xlsx.error);
    assert.equal(xlsx.locationKind, 'sheet-range');
    const hit = await searchPassages(app.deps, { userId: ann.id, projectId: project, query: 'Atlantis outpost', documentIds: [xlsx.id] });
    assert.equal(hit[0].location, "'Sales data'!A41:C61");
    assert.equal(hit[0].page, null);

    const table = await get(ann, `/documents/${xlsx.id}/table?sheet=${encodeURIComponent('Sales data')}`);
    assert.equal(table.status, 200, JSON.stringify(table.body));
    assert.deepEqual(table.body.data.sheets, ['Summary', 'Sales data']);
    assert.deepEqual(table.body.data.rows[0], ['Region', 'Amount', 'Active']);
    assert.deepEqual(table.body.data.rows[45], ['Atlantis outpost', 999, true]);
    assert.deepEqual((await get(ann, `/documents/${xlsx.id}/table`)).body.data.rows, [['Total', 1]]);
    assert.equal((await get(ann, `/documents/${xlsx.id}/table?sheet=Nope`)).status, 404);

    const csvText = ['city;population', ...Array.from({ length: 120 }, (_, i) => `Town ${i};${i * 100}`)].join('\n').replace('Town 77;7700', 'Quokkaville;7700');
    const csv = await ingest(app, ann, project, 'towns.csv', csvText);
    assert.equal(csv.status, 'ready', csv.error);
    const town = await searchPassages(app.deps, { userId: ann.id, projectId: project, query: 'Quokkaville', documentIds: [csv.id] });
    assert.equal(town[0].location, 'rows 51–100');
    const grid = (await get(ann, `/documents/${csv.id}/table`)).body.data;
    assert.equal(grid.rows.length, 121);
    assert.deepEqual(grid.rows[78], ['Quokkaville', '7700']);
    assert.equal((await get(ann, `/documents/${pdfDoc.id}/table`)).status, 400);
  });

  it('refuses mismatched, unsupported, empty and oversize files without leaving rows or files', async () => {
    const before = await app.deps.knex('documents').where({ projectId: project }).count<{ count: number }[]>('* as count');
    const filesBefore = storedFiles(app).length;
    const cases: Array<[string, Buffer | string, number, RegExp]> = [
      ['fake.pdf', 'just some text pretending to be a PDF', 415, /content/],
      ['fake.csv', pdfBytes, 415, /\.pdf file/],
      ['fake.docx', pdfBytes, 415, /\.pdf file/],
      ['program.exe', Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), 415, /not a supported/],
      ['binary.txt', Buffer.from([1, 2, 0, 0, 5, 6, 7]), 415, /not a text file/],
      // Excel's "Unicode text" and UTF-16 CSV: the byte-order mark once read as an MPEG audio file.
      ['excel.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Region,Sales\r\nNorth,10\r\n', 'utf16le')]), 415, /saved as UTF-16 text.*"CSV UTF-8"/],
      ['no-bom.txt', Buffer.from('Plain text saved as UTF-16 without a mark.', 'utf16le'), 415, /saved as UTF-16 text/],
      ['empty.pdf', '', 400, /empty/],
      ['big.txt', 'a'.repeat(2 * 1024 * 1024 + 10), 413, /2 MB/],
    ];
    for (const [name, bytes, status, message] of cases) {
      const res = await upload(app, ann, project, name, bytes);
      assert.equal(res.status, status, `${name}: ${res.text}`);
      assert.match(res.body.error.message, message, name);
    }
    const noFile = await app.request('POST', `/api/v1/projects/${project}/documents`, undefined, { token: ann.accessToken, raw: new FormData() });
    assert.equal(noFile.status, 400);
    const json = await app.request('POST', `/api/v1/projects/${project}/documents`, { file: 'x' }, { token: ann.accessToken });
    assert.equal(json.status, 415);
    const after = await app.deps.knex('documents').where({ projectId: project }).count<{ count: number }[]>('* as count');
    assert.equal(Number(after[0].count), Number(before[0].count));
    assert.equal(storedFiles(app).length, filesBefore);
  });

  it('reads a CSV Korean Excel saved as plain CSV (CP949) with its Hangul, one delimiter per file', async () => {
    // 지점,매출,비고 / 부산,1200,"똠방, 특기" (똠 is of CP949's extension to EUC-KR)
    const cp949 = Buffer.from('c1f6c1a12cb8c5c3e22cbaf1b0ed0abacebbea2c313230302c228c63b9e62c20c6afb1e2220a', 'hex');
    const doc = await ingest(app, ann, project, '지점 매출.csv', cp949);
    assert.equal(doc.status, 'ready', doc.error);
    const chunks: Array<{ text: string }> = await app.deps.knex('chunks').where({ documentId: doc.id });
    assert.equal(chunks.map((c) => c.text).join('\n'), '지점 | 매출 | 비고\n부산 | 1200 | 똠방, 특기');
  });

  it('fails encrypted and damaged PDFs with a reason a person can act on, and retries on request', async () => {
    const enc = await ingest(app, ann, project, 'locked.pdf', await makeEncryptedPdf());
    assert.equal(enc.status, 'failed');
    assert.match(enc.error, /password-protected/);
    const bad = await ingest(app, ann, project, 'broken.pdf', makeCorruptPdf());
    assert.equal(bad.status, 'failed');
    assert.match(bad.error, /damaged/);
    const blank = await ingest(app, ann, project, 'blank.pdf', await makePdf([[], []]));
    assert.equal(blank.status, 'failed');
    assert.match(blank.error, /No text could be found in this file: its pages hold neither text nor scanned images/);

    const retry = await app.request('POST', `/api/v1/documents/${enc.id}/retry`, undefined, { token: ann.accessToken });
    assert.equal(retry.status, 202);
    assert.equal(retry.body.data.status, 'queued');
    const again = await settled(app, ann, enc.id);
    assert.equal(again.status, 'failed');
    const jobs = await app.deps.knex('jobs').where({ documentId: enc.id }).orderBy('createdAt');
    assert.deepEqual(jobs.map((j) => j.status), ['failed', 'failed']);
    // Permanent errors are not retried by the queue: one attempt each.
    assert.deepEqual(jobs.map((j) => j.attempts), [1, 1]);
    assert.equal((await app.request('POST', `/api/v1/documents/${pdfDoc.id}/retry`, undefined, { token: ann.accessToken })).status, 409);
  });

  it('downloads for the owner, and through signed links that expire and cannot be forged', async () => {
    const dl = await fetch(`${app.url}/api/v1/documents/${pdfDoc.id}/download`, { headers: { authorization: `Bearer ${ann.accessToken}` } });
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get('content-type'), 'application/pdf');
    assert.match(dl.headers.get('content-disposition') ?? '', /^attachment; filename="Harbour report.pdf"/);
    assert.ok(Buffer.from(await dl.arrayBuffer()).equals(pdfBytes));

    const { createDownloadUrl } = await import('./links.js');
    const minted = await get(ann, `/documents/${pdfDoc.id}/link?page=7`);
    assert.equal(minted.status, 200);
    const link: string = minted.body.data.url;
    assert.match(link, /#page=7$/);
    const ok = await fetch(link);
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-disposition') ?? '', /^inline/);
    assert.ok(Buffer.from(await ok.arrayBuffer()).equals(pdfBytes));

    // PDF viewers fetch the pages they show: byte ranges, on the owner route and the signed link alike.
    const size = pdfBytes.length;
    const part = await fetch(link, { headers: { Range: 'bytes=100-1099' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-1099/${size}`);
    assert.equal(part.headers.get('content-length'), '1000');
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(pdfBytes.subarray(100, 1100)));
    const auth = { authorization: `Bearer ${ann.accessToken}` };
    const tail = await fetch(`${app.url}/api/v1/documents/${pdfDoc.id}/download`, { headers: { ...auth, Range: 'bytes=-500' } });
    assert.equal(tail.status, 206);
    assert.ok(Buffer.from(await tail.arrayBuffer()).equals(pdfBytes.subarray(size - 500)));
    const rest = await fetch(link, { headers: { Range: `bytes=${size - 10}-` } });
    assert.equal(rest.headers.get('content-range'), `bytes ${size - 10}-${size - 1}/${size}`);
    assert.ok(Buffer.from(await rest.arrayBuffer()).equals(pdfBytes.subarray(size - 10)));
    assert.equal(ok.headers.get('accept-ranges'), 'bytes');
    const beyond = await fetch(link, { headers: { Range: `bytes=${size + 10}-` } });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), `bytes */${size}`);
    assert.equal(((await beyond.json()) as Json).error.code, 'range_not_satisfiable');
    // Several ranges, a malformed header, or an If-Range for another version: the whole file.
    const wholeFile: Array<Record<string, string>> = [{ Range: 'bytes=0-9,20-29' }, { Range: 'pages=1-2' }, { Range: 'bytes=0-9', 'If-Range': '"other-version"' }];
    for (const headers of wholeFile) {
      const whole = await fetch(link, { headers });
      assert.equal(whole.status, 200, JSON.stringify(headers));
      assert.ok(Buffer.from(await whole.arrayBuffer()).equals(pdfBytes));
    }
    const sameVersion = await fetch(link, { headers: { Range: 'bytes=0-9', 'If-Range': ok.headers.get('etag') ?? '' } });
    assert.equal(sameVersion.status, 206);
    await sameVersion.arrayBuffer();

    const url = new URL(link);
    const tampered = new URL(url);
    tampered.searchParams.set('e', String(Number(url.searchParams.get('e')) + 3600));
    assert.equal((await fetch(tampered)).status, 403);
    const badSig = new URL(url);
    badSig.searchParams.set('s', 'A'.repeat(43));
    assert.equal((await fetch(badSig)).status, 403);
    assert.equal((await fetch(`${app.url}/api/v1/documents/${pdfDoc.id}/file`)).status, 403);
    const expired = createDownloadUrl(app.deps, { documentId: pdfDoc.id, userId: ann.id, now: new Date(Date.now() - 3_600_000) });
    const expiredRes = await fetch(expired);
    assert.equal(expiredRes.status, 403);
    assert.equal(((await expiredRes.json()) as Json).error.code, 'link_expired');
    // Validly signed, but for a user who does not own the document, or for a document that does not exist.
    assert.equal((await fetch(createDownloadUrl(app.deps, { documentId: pdfDoc.id, userId: bob.id }))).status, 404);
    assert.equal((await fetch(createDownloadUrl(app.deps, { documentId: '00000000-0000-4000-8000-000000000000', userId: ann.id }))).status, 404);
  });

  it('hides every document route from other users (404) and from anonymous callers (401)', async () => {
    const id = pdfDoc.id;
    const foreign: Array<[string, string]> = [
      ['GET', `/projects/${project}/documents`],
      ['GET', `/projects/${project}/events`],
      ['GET', `/documents/${id}`],
      ['GET', `/documents/${id}/download`],
      ['GET', `/documents/${id}/table`],
      ['GET', `/documents/${id}/link`],
      ['POST', `/documents/${id}/retry`],
      ['POST', `/documents/${id}/cancel`],
      ['DELETE', `/documents/${id}`],
    ];
    for (const [method, p] of foreign) {
      assert.equal((await app.request(method, `/api/v1${p}`, undefined, { token: bob.accessToken })).status, 404, `${method} ${p}`);
      assert.equal((await app.request(method, `/api/v1${p}`)).status, 401, `${method} ${p} anonymous`);
    }
    const up = await upload(app, bob, project, 'intrude.txt', 'hello');
    assert.equal(up.status, 404);
    assert.equal((await upload(app, { ...bob, accessToken: '' }, project, 'intrude.txt', 'hello')).status, 401);
    assert.equal((await get(ann, '/documents/not-a-uuid')).status, 400);
    assert.equal((await get(ann, `/documents/${id}`)).status, 200, 'still there');
  });


  it('an upload whose project is deleted between its check and its insert is a 404, and leaves no file', async () => {
    // The race a second tab makes (delete the project while a file uploads), at the service: the project
    // passed the route's check, then went before the document's insert.
    const doomed = await createProject(app, ann);
    await app.deps.knex('projects').where({ id: doomed }).delete();
    const tempPath = path.join(app.deps.config.storage.filesDir, 'tmp', `race-${Date.now()}.txt`);
    fs.mkdirSync(path.dirname(tempPath), { recursive: true });
    fs.writeFileSync(tempPath, 'A note about the heron count.\n');
    const before = storedFiles(app).length;
    await assert.rejects(
      createDocument(app.deps, { userId: ann.id, projectId: doomed, file: { tempPath, filename: 'race.txt', bytes: 30, sha256: 'f'.repeat(64) } }),
      (err: { status?: number; code?: string }) => err.status === 404 && err.code === 'not_found',
    );
    assert.equal(storedFiles(app).length, before - 1, 'the stored copy and the temp file are gone');
    assert.equal(await Document.query(app.deps.knex).where({ projectId: doomed }).resultSize(), 0);
  });
  it('deletes a document with its chunks and its file', async () => {
    const doc = await ingest(app, ann, project, 'temp.txt', 'A short note about the albatross survey.\n');
    const key = (await app.deps.knex('documents').where({ id: doc.id }).first()).storageKey;
    assert.ok(await app.deps.storage.exists(key));
    assert.ok(Number((await app.deps.knex('chunks').where({ documentId: doc.id }).count('* as n'))[0].n) > 0);
    const res = await app.request('DELETE', `/api/v1/documents/${doc.id}`, undefined, { token: ann.accessToken });
    assert.equal(res.status, 204);
    assert.equal(Number((await app.deps.knex('chunks').where({ documentId: doc.id }).count('* as n'))[0].n), 0);
    assert.equal(await app.deps.storage.exists(key), false);
    assert.equal((await get(ann, `/documents/${doc.id}`)).status, 404);
    // The same file can come back afterwards.
    assert.equal((await upload(app, ann, project, 'temp.txt', 'A short note about the albatross survey.\n')).status, 201);
  });

  it('deletes the files of every document of a deleted project', async () => {
    const doomed = await createProject(app, ann, 'Doomed');
    const keys: string[] = [];
    for (const n of [1, 2]) {
      const doc = await ingest(app, ann, doomed, `note-${n}.txt`, `Note ${n} of a project about to go.\n`);
      keys.push(await storageKeyOf(app, doc.id));
    }
    assert.ok(fs.existsSync(path.join(app.deps.config.storage.filesDir, keys[0])));
    assert.equal((await app.request('DELETE', `/api/v1/projects/${doomed}`, undefined, { token: ann.accessToken })).status, 204);
    await app.deps.background.idle();
    for (const key of keys) assert.equal(await app.deps.storage.exists(key), false, key);
    assert.equal(fs.existsSync(path.join(app.deps.config.storage.filesDir, 'documents', doomed)), false, 'its emptied directory too');
    assert.ok(fs.existsSync(path.join(app.deps.config.storage.filesDir, 'documents', project)), 'not a directory that still has files');
    assert.deepEqual(await app.deps.knex('file_deletions').whereIn('storageKey', keys), []);
  });
});

describe('documents: cancel while queued', () => {
  let app: TestApp;
  after(() => app?.close());

  it('cancels a queued job for real: the job row is cancelled and no worker picks it up', async () => {
    // No consumers in this app: the job waits in the queue until cancelled.
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'false' });
    const u = await buildUser(app);
    const p = await createProject(app, u);
    const up = await upload(app, u, p, 'wait.txt', 'Waiting for a worker.\n');
    assert.equal(up.body.data.status, 'queued');
    const res = await app.request('POST', `/api/v1/documents/${up.body.data.id}/cancel`, undefined, { token: u.accessToken });
    assert.equal(res.status, 200);
    assert.equal(res.body.data.status, 'failed');
    assert.match(res.body.data.error, /cancelled/);
    const job = await app.deps.knex('jobs').where({ documentId: up.body.data.id }).first();
    assert.equal(job.status, 'cancelled');
    assert.equal((await app.request('POST', `/api/v1/documents/${up.body.data.id}/cancel`, undefined, { token: u.accessToken })).status, 409);
  });
});
