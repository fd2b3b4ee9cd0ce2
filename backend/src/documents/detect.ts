/**
 * What an upload really is: magic bytes decide, the extension must agree. PDF, DOCX and XLSX have
 * signatures (file-type also looks inside the zip for Office files); CSV/TXT/MD must be text (valid UTF-8,
 * no NUL bytes) with no binary signature. A mismatch is a 415 that names both sides.
 */
import fs from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../http/errors.js';
import type { DocumentKind } from './model.js';

export const MIME: Record<DocumentKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

const BY_EXTENSION: Record<string, DocumentKind> = {
  pdf: 'pdf', docx: 'docx', xlsx: 'xlsx', csv: 'csv', txt: 'txt', text: 'txt', md: 'md', markdown: 'md',
};
const BINARY: DocumentKind[] = ['pdf', 'docx', 'xlsx'];
const ACCEPTED = 'PDF, DOCX, XLSX, CSV, TXT or MD';

const unsupported = (message: string) => new AppError(415, 'unsupported_file_type', message);

export async function detectKind(filePath: string, filename: string): Promise<{ kind: DocumentKind; mime: string }> {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const claimed = BY_EXTENSION[ext] as DocumentKind | undefined;
  const sniffed = await fileTypeFromFile(filePath);
  const actual = sniffed && (BINARY as string[]).includes(sniffed.ext) ? (sniffed.ext as DocumentKind) : undefined;

  if (claimed && BINARY.includes(claimed)) {
    if (actual !== claimed) throw unsupported(`"${filename}" is named .${ext} but its content is ${describe(sniffed?.ext)}.`);
    return { kind: claimed, mime: MIME[claimed] };
  }
  if (claimed) {
    if (sniffed) throw unsupported(`"${filename}" is named .${ext} but its content is ${describe(sniffed.ext)}.`);
    if (!(await looksLikeText(filePath))) throw unsupported(`"${filename}" is named .${ext} but it is not a text file.`);
    return { kind: claimed, mime: MIME[claimed] };
  }
  if (actual) return { kind: actual, mime: MIME[actual] };
  throw unsupported(`"${filename}" is not a supported file type. Upload ${ACCEPTED}.`);
}

function describe(ext: string | undefined): string {
  if (!ext) return 'not a recognised document';
  if (ext === 'cfb') return 'an old binary Office file (.doc/.xls); save it as .docx/.xlsx';
  return `a .${ext} file`;
}

/**
 * Text = no NUL byte and hardly any other control characters in the first 64 KB. Not only UTF-8: Excel's
 * plain "CSV" export is Windows-1252, which extraction decodes as a fallback (see extract/text.ts).
 */
async function looksLikeText(filePath: string): Promise<boolean> {
  const handle = await fs.open(filePath, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    let control = 0;
    for (let i = 0; i < bytesRead; i++) {
      const b = buf[i];
      if (b === 0) return false;
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
    }
    return control <= bytesRead / 100;
  } finally {
    await handle.close();
  }
}
