/** Extraction by document kind; every extractor returns citable units that chunks never cross. */
import { normalizeText } from '../../lib/normalize-text.js';
import type { DocumentKind } from '../model.js';
import { extractCsv } from './csv.js';
import { extractDocx } from './docx.js';
import { extractHwp } from './hwp.js';
import { extractHwpx } from './hwpx.js';
import { extractPdf, type PdfEngine } from './pdf.js';
import { extractText } from './text.js';
import type { ExtractOptions, Extraction } from './types.js';
import { extractXlsx } from './xlsx.js';

export type { Extraction, IngestLimits, Unit } from './types.js';

/**
 * The units of any format with their text normalised (normalizeText: ligatures, curly quotes, words
 * hyphenated across a line joined), so what is stored, indexed, embedded and quoted reads as search
 * queries are read. Chunk offsets are taken in the normalised text, the only text stored.
 */
export async function extract(kind: DocumentKind, filePath: string, pdfEngine: PdfEngine, options: ExtractOptions = {}): Promise<Extraction> {
  const extraction = await extractByKind(kind, filePath, pdfEngine, options);
  return { ...extraction, units: extraction.units.map((u) => ({ ...u, text: normalizeText(u.text) })).filter((u) => u.text.trim()) };
}

function extractByKind(kind: DocumentKind, filePath: string, pdfEngine: PdfEngine, options: ExtractOptions): Promise<Extraction> {
  switch (kind) {
    case 'pdf':
      return extractPdf(filePath, pdfEngine, options);
    case 'docx':
      return extractDocx(filePath, options);
    case 'hwp':
      return extractHwp(filePath, options);
    case 'hwpx':
      return extractHwpx(filePath, options);
    case 'xlsx':
      return extractXlsx(filePath, options);
    case 'csv':
      return extractCsv(filePath, options);
    case 'txt':
    case 'md':
      return extractText(filePath, kind === 'md');
  }
}
