/**
 * The example a new project can start from ("Try it with an example"): a small table of quarterly sales by
 * region and a three-page report that explains the figures, so the first question has a cited answer.
 * Both are built here from text (the PDF with pdf-lib) instead of being committed as binaries.
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

export const SAMPLE_TABLE_NAME = 'Sample - regional sales 2025.csv';
export const SAMPLE_REPORT_NAME = 'Sample - regional sales report 2025.pdf';

/** Thousands of US dollars, one row per region. */
export const SAMPLE_TABLE_CSV = [
  'Region,Q1,Q2,Q3,Q4',
  'APAC,1200,1310,1405,1520',
  'EMEA,1150,1190,980,1040',
  'Americas,1600,1640,1710,1800',
].join('\n') + '\n';

/**
 * One entry per page: a heading and its paragraphs. Page 2 explains the EMEA dip the table shows. A sentence
 * states one figure of the table at most, so a quote shown for a cell never carries another cell's figure.
 */
export const SAMPLE_REPORT_PAGES: ReadonlyArray<{ heading: string; paragraphs: string[] }> = [
  {
    heading: 'Regional sales report 2025',
    paragraphs: [
      'This sample report explains the quarterly sales of the three regions in the sample table. All figures are in thousands of US dollars.',
      'Total sales rose in every quarter except the third, when EMEA fell while APAC and the Americas kept growing.',
    ],
  },
  {
    heading: 'EMEA',
    paragraphs: [
      'EMEA sales fell to 980 in Q3 because the Rotterdam distribution contract ended in July.',
      'A new distributor in Antwerp started in October, and EMEA sales recovered to 1,040 in Q4.',
    ],
  },
  {
    heading: 'APAC and the Americas',
    paragraphs: [
      'APAC grew in every quarter, led by new customers in Singapore. APAC sales reached 1,520 in Q4.',
      'Americas sales rose to 1,800 in Q4 after the price increase in September.',
    ],
  },
];

/** Greedy word wrap for Helvetica at `size` within `width` points. */
function wrap(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The report as PDF bytes. Dates are fixed so the file (and its hash) is the same every time: adding it twice is one document. */
export async function buildSampleReport(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const fixed = new Date(Date.UTC(2025, 0, 1));
  pdf.setCreationDate(fixed);
  pdf.setModificationDate(fixed);
  pdf.setTitle('Regional sales report 2025 (Intellio sample)');
  pdf.setProducer('Intellio');
  pdf.setCreator('Intellio');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const [width, height, margin] = [595, 842, 64];
  SAMPLE_REPORT_PAGES.forEach((content, i) => {
    const page = pdf.addPage([width, height]);
    let y = height - margin;
    page.drawText(content.heading, { x: margin, y, size: 20, font: bold, color: rgb(0.1, 0.1, 0.1) });
    y -= 36;
    for (const paragraph of content.paragraphs) {
      for (const line of wrap(paragraph, width - 2 * margin, (s) => font.widthOfTextAtSize(s, 12))) {
        page.drawText(line, { x: margin, y, size: 12, font });
        y -= 18;
      }
      y -= 10;
    }
    page.drawText(`Page ${i + 1} of ${SAMPLE_REPORT_PAGES.length}`, { x: margin, y: margin / 2, size: 9, font, color: rgb(0.4, 0.4, 0.4) });
  });
  return pdf.save({ useObjectStreams: false });
}
