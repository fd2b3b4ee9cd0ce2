/**
 * "Try it with an example": adds the sample table and report (samples/regional-sales.ts) to a project as
 * ordinary documents, through the same path as an upload (plan limits, processing job, live events).
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Deps } from '../deps.js';
import type { Document } from '../documents/model.js';
import { createDocument } from '../documents/service.js';
import { buildSampleReport, SAMPLE_REPORT_NAME, SAMPLE_TABLE_CSV, SAMPLE_TABLE_NAME } from '../samples/regional-sales.js';
import { loadOwnedProject } from './policy.js';

/** Writes `bytes` where uploads are received; createDocument moves it into storage and removes the temp file. */
async function stage(deps: Deps, filename: string, bytes: Uint8Array) {
  await fs.mkdir(deps.storage.tempDir, { recursive: true });
  const tempPath = path.join(deps.storage.tempDir, `sample-${randomUUID()}`);
  await fs.writeFile(tempPath, bytes);
  return { tempPath, filename, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Adds the example's two documents to the user's project; returns them and whether any was new. The files
 * are the same bytes every time, so a second click returns the documents already there.
 */
export async function addSampleToProject(deps: Deps, userId: string, projectId: string): Promise<{ documents: Document[]; created: boolean }> {
  const project = await loadOwnedProject(userId, projectId);
  const files = [await stage(deps, SAMPLE_TABLE_NAME, Buffer.from(SAMPLE_TABLE_CSV, 'utf8')), await stage(deps, SAMPLE_REPORT_NAME, await buildSampleReport())];
  const documents: Document[] = [];
  let created = false;
  try {
    // One after the other: the second must see the first when the plan's document limit is counted.
    for (const file of files) {
      const result = await createDocument(deps, { userId, projectId: project.id, file });
      documents.push(result.document);
      created ||= result.created;
    }
  } finally {
    await Promise.all(files.map((f) => fs.rm(f.tempPath, { force: true })));
  }
  return { documents, created };
}
