/**
 * What an upload really is: magic bytes decide, the extension must agree. PDF, DOCX and XLSX have
 * signatures (file-type also looks inside the zip for Office files); HWPX is a zip whose first entry,
 * `mimetype`, says application/hwp+zip; CSV/TXT/MD must be text (valid UTF-8, no NUL bytes) with no binary
 * signature. A mismatch is a 415 that names both sides. HWP 5 (Hangul's binary format) is an OLE compound
 * file holding a FileHeader stream: its header is read here, so password, DRM and distribution (배포용)
 * documents, whose text is encrypted, are refused at once with a reason of their own (extract/hwp.ts).
 */
import fs from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../http/errors.js';
import { HWP_SIGNATURE, inspectHwp, isLegacyHwp, isOle, PROTECTED_MESSAGE } from './extract/hwp-container.js';
import type { DocumentKind } from './model.js';

export const MIME: Record<DocumentKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  hwp: 'application/x-hwp',
  hwpx: 'application/hwp+zip',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

const BY_EXTENSION: Record<string, DocumentKind> = {
  pdf: 'pdf', docx: 'docx', hwp: 'hwp', hwpx: 'hwpx', xlsx: 'xlsx', csv: 'csv', txt: 'txt', text: 'txt', md: 'md', markdown: 'md',
};
const BINARY: DocumentKind[] = ['pdf', 'docx', 'xlsx'];
const ACCEPTED = 'PDF, DOCX, HWP, HWPX, XLSX, CSV, TXT or MD';
const SAVE_AS_HWPX = 'save it as HWPX (파일 → 다른 이름으로 저장 → HWPX) or PDF and upload that';

const unsupported = (message: string) => new AppError(415, 'unsupported_file_type', message);

export async function detectKind(filePath: string, filename: string): Promise<{ kind: DocumentKind; mime: string }> {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const claimed = BY_EXTENSION[ext] as DocumentKind | undefined;
  const sniffed = await fileTypeFromFile(filePath);
  const head = await readHead(filePath, 64 * 1024);
  const hwp = await detectHwp(filePath, filename, ext, claimed, head, sniffed?.ext);
  if (hwp) return hwp;
  const hwpx = sniffed?.ext === 'zip' && isHwpx(head);
  const actual = sniffed && (BINARY as string[]).includes(sniffed.ext) ? (sniffed.ext as DocumentKind) : hwpx ? 'hwpx' : undefined;

  if (claimed === 'hwpx') {
    // A zip without the mimetype entry first (written by another tool) is let through: extraction says
    // plainly if it holds no OWPML body.
    if (sniffed?.ext !== 'zip') throw unsupported(`"${filename}" is named .${ext} but its content is ${describe(sniffed?.ext)}.`);
    return { kind: 'hwpx', mime: MIME.hwpx };
  }

  if (claimed && BINARY.includes(claimed)) {
    if (actual !== claimed) throw unsupported(`"${filename}" is named .${ext} but its content is ${describe(sniffed?.ext)}.`);
    return { kind: claimed, mime: MIME[claimed] };
  }
  if (claimed) {
    // Checked before the sniffed type: a UTF-16 byte-order mark reads as the start of an MPEG audio frame.
    if (isUtf16(head)) throw unsupported(`"${filename}" is saved as UTF-16 text, which is not read. Save it as UTF-8 (in Excel: "CSV UTF-8") and upload it again.`);
    if (sniffed) throw unsupported(`"${filename}" is named .${ext} but its content is ${describe(sniffed.ext)}.`);
    if (!looksLikeText(head)) throw unsupported(`"${filename}" is named .${ext} but it is not a text file.`);
    return { kind: claimed, mime: MIME[claimed] };
  }
  if (actual) return { kind: actual, mime: MIME[actual] };
  throw unsupported(`"${filename}" is not a supported file type. Upload ${ACCEPTED}.`);
}

/**
 * HWP by content: an OLE compound file with an HWP 5 FileHeader (whatever its name, unless the name claims
 * another kind), or a .hwp whose compound file is too damaged to tell (extraction then fails with a reason).
 * HWP 3 (its signature starts the file), another version, an OLE file named .hwp that is not HWP, and
 * protected documents are refused. Undefined: not HWP, for the checks that follow.
 */
async function detectHwp(filePath: string, filename: string, ext: string, claimed: DocumentKind | undefined, head: Buffer, sniffed: string | undefined) {
  if (isLegacyHwp(head)) throw unsupported(`"${filename}" is an HWP 3 document (Hangul 97 or older), which is not read; ${SAVE_AS_HWPX}.`);
  if (!isOle(head)) {
    if (ext === 'hwp') throw unsupported(`"${filename}" is named .hwp but its content is ${describe(sniffed)}.`);
    return undefined;
  }
  const inspection = inspectHwp(await fs.readFile(filePath));
  if (inspection.header) {
    if (claimed && claimed !== 'hwp') throw unsupported(`"${filename}" is named .${ext} but its content is an HWP document.`);
    if (inspection.header.major !== 5) throw unsupported(`"${filename}" is HWP version ${inspection.header.version}; only HWP 5 is read, so ${SAVE_AS_HWPX}.`);
    const protection = inspection.protection;
    if (protection) throw new AppError(415, protection === 'distribution' ? 'distribution_document' : 'encrypted_document', `"${filename}": ${PROTECTED_MESSAGE[protection]}`);
    return { kind: 'hwp' as const, mime: MIME.hwp };
  }
  const signed = head.indexOf(HWP_SIGNATURE, 0, 'latin1') > 0;
  if (inspection.damaged && (ext === 'hwp' || signed)) return { kind: 'hwp' as const, mime: MIME.hwp };
  if (ext === 'hwp') throw unsupported(`"${filename}" is named .hwp but its content is ${describe('cfb')}.`);
  return undefined;
}

/** The first `bytes` of the file (fewer if it is shorter). */
async function readHead(filePath: string, bytes: number): Promise<Buffer> {
  const handle = await fs.open(filePath, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** HWPX, like EPUB and ODF, stores an uncompressed `mimetype` entry first. */
function isHwpx(head: Buffer): boolean {
  if (head.length < 30 || head.readUInt32LE(0) !== 0x04034b50) return false;
  const nameLength = head.readUInt16LE(26);
  const start = 30 + nameLength + head.readUInt16LE(28);
  return head.toString('latin1', 30, 30 + nameLength) === 'mimetype' && head.toString('latin1', start, start + 19) === 'application/hwp+zip';
}

function describe(ext: string | undefined): string {
  if (!ext) return 'not a recognised document';
  if (ext === 'cfb') return 'an old binary Office file (.doc/.xls); save it as .docx/.xlsx';
  return `a .${ext} file`;
}

/** UTF-16 text: a byte-order mark, or (without one) a NUL beside nearly every ASCII character. */
function isUtf16(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return true;
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) even++;
    if (head[2 * i + 1] === 0) odd++;
  }
  return Math.max(even, odd) >= pairs * 0.6 && Math.min(even, odd) <= pairs * 0.05;
}

/**
 * Text = no NUL byte and hardly any other control characters in the first 64 KB. Not only UTF-8: Excel's
 * plain "CSV" export is CP949 (Korean Windows) or Windows-1252, which extraction decodes as a fallback (see
 * extract/text.ts).
 */
function looksLikeText(head: Buffer): boolean {
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control <= head.length / 100;
}
