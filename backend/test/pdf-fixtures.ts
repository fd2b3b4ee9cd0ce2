/** PDFs that poppler must refuse: a password-protected one and a damaged one (pdf-lib cannot encrypt). */
import { makePdf } from './documents.js';

/**
 * A valid PDF with a standard-security-handler /Encrypt entry added to its trailer whose user password is
 * not empty (random O/U values), so readers ask for a password exactly as for a real protected file.
 */
export async function makeEncryptedPdf(): Promise<Buffer> {
  const base = (await makePdf([['secret page']])).toString('latin1');
  const xrefAt = Number(/startxref\s+(\d+)/.exec(base)?.[1]);
  const objNum = 9999;
  const hex = (n: number) => Array.from({ length: n }, (_, i) => ((i * 37 + 11) % 256).toString(16).padStart(2, '0')).join('');
  const encObj = `${objNum} 0 obj\n<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <${hex(32)}> /U <${hex(32)}> >>\nendobj\n`;
  const body = base.slice(0, base.lastIndexOf('%%EOF'));
  const encAt = body.length;
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(base)?.[1] ?? '';
  const xref = `xref\n${objNum} 1\n${String(encAt).padStart(10, '0')} 00000 n \n`;
  const newTrailer = `trailer\n<<${trailer.replace(/\/Size \d+/, `/Size ${objNum + 1}`)} /Prev ${xrefAt} /Encrypt ${objNum} 0 R /ID [<${hex(16)}> <${hex(16)}>] >>\n`;
  const out = body + encObj + xref + newTrailer + `startxref\n${encAt + encObj.length}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Starts like a PDF (so the magic-byte check passes) but has no readable structure. */
export function makeCorruptPdf(): Buffer {
  return Buffer.from(`%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nthis is not a pdf body ${'x'.repeat(500)}\n`, 'latin1');
}
