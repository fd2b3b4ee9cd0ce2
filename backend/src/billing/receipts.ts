/**
 * Receipts: a printable HTML page, the same as a PDF, and an email sent once when a payment succeeds, all in
 * the user's language. The PDF is drawn in Noto Sans KR (from @embedpdf/fonts-kr, OFL), which has Hangul,
 * Latin and ₩: the 4.5 MB fonts are cut down by harfbuzz (subset-font) to the characters on the page, so
 * a receipt stays near 20 KB. pdf-lib's own subsetting is not used: it garbles CID-keyed CFF fonts.
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, PDFStream, rgb } from 'pdf-lib';
import subsetFont from 'subset-font';
import type { Deps } from '../deps.js';
import { languageOrEnglish, localeOf, translator, type Language } from '../http/localize.js';
import { greeting, message } from '../mail/templates.js';
import { minorUnitDigits, money } from './currency.js';
import { paymentById, type PaymentRow } from './payments.js';

interface Customer {
  name: string;
  email: string;
  /** The user's language setting; receipts are English without one. */
  language?: string | null;
}

/** The receipt's rows in `language`. */
function lines(p: PaymentRow, c: Customer, language: Language): Array<[string, string]> {
  const t = translator(language);
  const locale = localeOf(language);
  const amount = (minor: number) =>
    language === 'en' ? money(minor, p.currency) : new Intl.NumberFormat(locale, { style: 'currency', currency: p.currency.toUpperCase() }).format(minor / 10 ** minorUnitDigits(p.currency));
  const paid = p.paidAt ?? p.createdAt;
  const rows: Array<[string, string]> = [
    [t('serverMail.receipt.number'), p.receiptNumber],
    // English keeps the ISO date its receipts always had; other languages write the date their way.
    [t('serverMail.receipt.date'), language === 'en' ? paid.toISOString().slice(0, 10) : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(paid)],
    [t('serverMail.receipt.billedTo'), `${c.name} <${c.email}>`],
    [t('serverMail.receipt.item'), p.description ?? t(`serverMail.receipt.kind.${p.kind}`)],
    [t('serverMail.receipt.tokens'), p.tokens.toLocaleString(locale)],
    [t('serverMail.receipt.amount'), amount(p.amountCents)],
    [t('serverMail.receipt.status'), t(`serverMail.receipt.state.${p.status}`)],
  ];
  if (p.refundedCents > 0) rows.push([t('serverMail.receipt.refunded'), amount(p.refundedCents)]);
  return rows;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The printable receipt page in `language` (by default the user's setting). */
export function receiptHtml(p: PaymentRow, c: Customer, pdfHref: string, language: Language = languageOrEnglish(c.language)): string {
  const t = translator(language);
  const rows = lines(p, c, language)
    .map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(v)}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escape(t('serverMail.receipt.pageTitle', { number: p.receiptNumber }))}</title>
<style>body{font-family:"Segoe UI","Malgun Gothic","Apple SD Gothic Neo","Noto Sans KR",Arial,sans-serif;max-width:640px;margin:40px auto;color:#242424}h1{font-size:22px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:8px;border-bottom:1px solid #e0e0e0}th{width:40%;color:#616161;font-weight:600}
.actions{margin-top:24px}@media print{.actions{display:none}}</style></head>
<body><h1>${escape(t('serverMail.receipt.title'))}</h1><table>${rows}</table>
<p class="actions"><button onclick="window.print()">${escape(t('serverMail.receipt.print'))}</button> <a href="${escape(pdfHref)}">${escape(t('serverMail.receipt.download'))}</a></p></body></html>`;
}

const require = createRequire(import.meta.url);
/** The package's entry is dist/index.*; the fonts sit beside dist/ (its `exports` hides their paths). */
const FONT_DIR = path.join(path.dirname(require.resolve('@embedpdf/fonts-kr')), '..', 'fonts');
let fontFiles: Promise<{ regular: Buffer; bold: Buffer }> | null = null;

/** The two weights, read once per process (9 MB) and kept. */
function receiptFonts(): Promise<{ regular: Buffer; bold: Buffer }> {
  fontFiles ??= Promise.all([fs.readFile(path.join(FONT_DIR, 'NotoSansKR-Regular.otf')), fs.readFile(path.join(FONT_DIR, 'NotoSansKR-Bold.otf'))])
    .then(([regular, bold]) => ({ regular, bold }))
    .catch((err: unknown) => {
      fontFiles = null;
      throw err;
    });
  return fontFiles;
}

// Layout features off: pdf-lib lays text out glyph by glyph, and kerning/contextual forms from the cut-down
// font's tables left visible gaps after Hangul words.
const PLAIN = { kern: false, liga: false, calt: false, ccmp: false };

/** The receipt as a PDF in `language` (by default the user's setting), with the fonts cut to its text. */
export async function receiptPdf(p: PaymentRow, c: Customer, language: Language = languageOrEnglish(c.language)): Promise<Uint8Array> {
  const t = translator(language);
  const rows = lines(p, c, language);
  const title = t('serverMail.receipt.title');
  const files = await receiptFonts();
  const [regularCut, boldCut] = await Promise.all([
    subsetFont(files.regular, rows.map(([, v]) => v).join(''), { noLayoutClosure: true }),
    subsetFont(files.bold, title + rows.map(([k]) => k).join(''), { noLayoutClosure: true }),
  ]);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(t('serverMail.receipt.pageTitle', { number: p.receiptNumber }));
  doc.setLanguage(localeOf(language));
  const font = await doc.embedFont(regularCut, { features: PLAIN });
  const bold = await doc.embedFont(boldCut, { features: PLAIN });
  const page = doc.addPage([595, 842]);
  page.drawText(title, { x: 50, y: 780, size: 22, font: bold });
  let y = 730;
  for (const [k, v] of rows) {
    page.drawText(k, { x: 50, y, size: 11, font: bold, color: rgb(0.38, 0.38, 0.38) });
    page.drawText(v, { x: 220, y, size: 11, font });
    y -= 24;
  }
  await doc.flush();
  // pdf-lib files a CFF-based OpenType font as bare CFF (FontFile3 /CIDFontType0C), which readers may
  // refuse; it is a whole OpenType file, which PDF 1.6 files as FontFile3 /OpenType.
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('CIDFontType0C')) object.dict.set(PDFName.of('Subtype'), PDFName.of('OpenType'));
  }
  return doc.save();
}

/** Emails the receipt of a succeeded payment (after its transaction committed). */
export async function sendReceipt(deps: Deps, paymentId: string): Promise<void> {
  const p = await paymentById(deps.knex, paymentId);
  if (!p || p.status !== 'succeeded') return;
  const c = await deps.knex('users').where({ id: p.userId }).first('email', 'name', 'language');
  if (!c) return;
  const language = languageOrEnglish(c.language);
  const t = translator(language);
  const summary = lines(p, c, language).map(([k, v]) => `${k}: ${v}`);
  await deps.mailer.send(
    message(
      'receipt',
      c.email,
      t('serverMail.receipt.subject', { number: p.receiptNumber }),
      [greeting(c.name, language), t('serverMail.receipt.thanks'), ...summary],
      { href: `${deps.config.publicUrl}/billing?receipt=${p.id}`, label: t('serverMail.receipt.action') },
      language,
    ),
  );
}
