/** Extraction by document kind; every extractor returns citable units that chunks never cross. */
import type { DocumentKind } from '../model.js';
import { extractCsv } from './csv.js';
import { extractDocx } from './docx.js';
import { extractPdf, type PdfEngine } from './pdf.js';
import { extractText } from './text.js';
import type { ExtractOptions, Extraction } from './types.js';
import { extractXlsx } from './xlsx.js';

export type { Extraction, Unit } from './types.js';

export async function extract(kind: DocumentKind, filePath: string, pdfEngine: PdfEngine, options: ExtractOptions = {}): Promise<Extraction> {
  switch (kind) {
    case 'pdf':
      return extractPdf(filePath, pdfEngine, options);
    case 'docx':
      return extractDocx(filePath);
    case 'xlsx':
      return extractXlsx(filePath, options);
    case 'csv':
      return extractCsv(filePath);
    case 'txt':
    case 'md':
      return extractText(filePath, kind === 'md');
  }
}
