/** Document fixtures generated in the test (pdf-lib, docx, exceljs) and small helpers to upload and wait. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlignmentType, Document as DocxDocument, HeadingLevel, Packer, PageBreak, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import type { HttpResult, Json, TestApp } from './app.js';
import type { SignedUpUser } from './builders.js';

/** A PDF whose page i holds the lines pages[i] (Helvetica, wrapped by the caller). */
export async function makePdf(pages: string[][]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([612, 792]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 740 - i * 16, size: 11, font }));
  }
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/**
 * A PDF whose pages are either text (a text layer, as makePdf) or scans: a page set in Helvetica, rendered
 * to a 150 dpi picture by poppler's pdftoppm, and placed as the page's only content, as a scanner makes it
 * (`upsideDown`: turned half a circle; `stamp`: a line of text layer laid over it, as a Bates number is).
 * A text page may carry a `figure`: lines rendered the same way into a picture a quarter of the page.
 */
export async function makeScannedPdf(pages: Array<{ text: string[]; figure?: string[] } | { scan: string[]; upsideDown?: boolean; stamp?: string }>): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-scan-'));
  const picture = async (lines: string[]) => {
    const source = path.join(dir, 'page.pdf');
    fs.writeFileSync(source, await makePdf([lines]));
    execFileSync('pdftoppm', ['-r', '150', '-gray', '-singlefile', '-png', source, path.join(dir, 'page')]);
    return fs.readFileSync(path.join(dir, 'page.png'));
  };
  try {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (const spec of pages) {
      const page = pdf.addPage([612, 792]);
      if ('text' in spec) {
        spec.text.forEach((line, i) => page.drawText(line, { x: 50, y: 740 - i * 16, size: 11, font }));
        if (spec.figure) page.drawImage(await pdf.embedPng(await picture(spec.figure)), { x: 150, y: 150, width: 306, height: 396 });
        continue;
      }
      const image = await pdf.embedPng(await picture(spec.scan));
      // Upside down: the picture itself turned, as a sheet fed the wrong way round (no /Rotate to undo it).
      page.drawImage(image, spec.upsideDown ? { x: 612, y: 792, width: 612, height: 792, rotate: degrees(180) } : { x: 0, y: 0, width: 612, height: 792 });
      if (spec.stamp) page.drawText(spec.stamp, { x: 50, y: 20, size: 9, font });
    }
    return Buffer.from(await pdf.save());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Filler prose for a page: distinct words per page so pages are not near-duplicates. */
export function fillerLines(page: number, count = 12): string[] {
  const topics = ['logistics', 'inventory', 'staffing', 'marketing', 'compliance', 'procurement', 'maintenance', 'treasury', 'facilities', 'training'];
  const topic = topics[page % topics.length];
  return Array.from({ length: count }, (_, i) => `Section ${page}.${i + 1} reviews ${topic} matters for the quarter in routine detail.`);
}

export async function makeDocx(sections: Array<{ heading?: string; paragraphs: string[]; pageBreakBefore?: boolean }>): Promise<Buffer> {
  const children: Paragraph[] = [];
  for (const s of sections) {
    if (s.pageBreakBefore) children.push(new Paragraph({ children: [new PageBreak()] }));
    if (s.heading) children.push(new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_1 }));
    for (const p of s.paragraphs) children.push(new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun(p)] }));
  }
  return Packer.toBuffer(new DocxDocument({ sections: [{ children }] }));
}

export async function makeXlsx(sheets: Record<string, Array<Array<string | number | boolean | null>>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function createProject(app: TestApp, user: SignedUpUser, name = 'Docs'): Promise<string> {
  const cat = await app.request('POST', '/api/v1/categories', { name: `${name} category` }, { token: user.accessToken });
  const project = await app.request('POST', '/api/v1/projects', { categoryId: cat.body.data.id, name }, { token: user.accessToken });
  if (project.status !== 201) throw new Error(`project: ${project.status} ${project.text}`);
  return project.body.data.id;
}

export function upload(app: TestApp, user: SignedUpUser, projectId: string, filename: string, bytes: Buffer | string, type = 'application/octet-stream'): Promise<HttpResult> {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], { type }), filename);
  return app.request('POST', `/api/v1/projects/${projectId}/documents`, undefined, { token: user.accessToken, raw: form });
}

/** Waits until the document leaves queued/processing; returns it. */
export async function settled(app: TestApp, user: SignedUpUser, id: string, timeoutMs = 30_000): Promise<Json> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.request('GET', `/api/v1/documents/${id}`, undefined, { token: user.accessToken });
    if (res.status !== 200) throw new Error(`document ${id}: ${res.status} ${res.text}`);
    if (res.body.data.status === 'ready' || res.body.data.status === 'failed') return res.body.data;
    if (Date.now() > until) throw new Error(`document ${id} still ${res.body.data.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Uploads and waits for processing. */
export async function ingest(app: TestApp, user: SignedUpUser, projectId: string, filename: string, bytes: Buffer | string): Promise<Json> {
  const res = await upload(app, user, projectId, filename, bytes);
  if (res.status !== 201 && res.status !== 200) throw new Error(`upload ${filename}: ${res.status} ${res.text}`);
  return settled(app, user, res.body.data.id);
}

/** Where the document's file is stored. */
export async function storageKeyOf(app: TestApp, documentId: string): Promise<string> {
  return (await app.deps.knex('documents').where({ id: documentId }).first()).storageKey as string;
}
