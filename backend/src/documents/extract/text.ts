/** Plain text and Markdown: blocks of lines (Markdown also breaks at headings), located as "lines a–b". */
import fs from 'node:fs/promises';
import { Cp949Decoder, Cp949Judge } from './cp949.js';
import type { Extraction, Unit } from './types.js';

const LINES_PER_UNIT = 60;

/**
 * UTF-8 when valid (BOM dropped); otherwise CP949 when it reads as Korean text (Korean Windows' "ANSI"
 * files), else Windows-1252 (the Western one).
 */
export function decodeText(buf: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    const judge = new Cp949Judge();
    judge.push(buf);
    return judge.isCp949 ? new Cp949Decoder().decode(buf) : new TextDecoder('windows-1252').decode(buf);
  }
}

export async function extractText(filePath: string, markdown: boolean): Promise<Extraction> {
  const lines = decodeText(await fs.readFile(filePath)).replace(/\r\n?/g, '\n').split('\n');
  const units: Unit[] = [];
  let start = 0;
  const flush = (end: number) => {
    const text = lines.slice(start, end).join('\n');
    if (text.trim()) units.push({ page: null, location: end - start === 1 ? `line ${start + 1}` : `lines ${start + 1}–${end}`, text });
    start = end;
  };
  for (let i = 0; i < lines.length; i++) {
    const heading = markdown && /^#{1,6}\s/.test(lines[i]);
    if (i > start && (i - start >= LINES_PER_UNIT || heading)) flush(i);
  }
  flush(lines.length);
  return { units, pages: null, locationKind: 'lines' };
}
