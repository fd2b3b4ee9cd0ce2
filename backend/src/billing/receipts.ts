/**
 * Receipts: a printable HTML page, the same as a PDF (pdf-lib, standard fonts: no files to ship), and an
 * email sent once when a payment succeeds.
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { Deps } from '../deps.js';
import { languageOrEnglish, localeOf, translator, type Language } from '../http/localize.js';
import { greeting, message } from '../mail/templates.js';
import { minorUnitDigits, money } from './currency.js';
import { paymentById, type PaymentRow } from './payments.js';

interface Customer {
  name: string;
  email: string;
}

/**
 * The receipt's rows in `language` (the page and the PDF are English; the email is the recipient's);
 * `code` amounts ("KRW 12,000") where the output cannot draw every currency symbol.
 */
function lines(p: PaymentRow, c: Customer, display: 'symbol' | 'code' = 'symbol', language: Language = 'en'): Array<[string, string]> {
  const t = translator(language);
  const locale = localeOf(language);
  const amount = (minor: number) =>
    language === 'en' ? money(minor, p.currency, display) : new Intl.NumberFormat(locale, { style: 'currency', currency: p.currency.toUpperCase(), currencyDisplay: display }).format(minor / 10 ** minorUnitDigits(p.currency));
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

export function receiptHtml(p: PaymentRow, c: Customer, pdfHref: string): string {
  const rows = lines(p, c)
    .map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(v)}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Receipt ${escape(p.receiptNumber)} — Intellio</title>
<style>body{font-family:"Segoe UI",Arial,sans-serif;max-width:640px;margin:40px auto;color:#242424}h1{font-size:22px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:8px;border-bottom:1px solid #e0e0e0}th{width:40%;color:#616161;font-weight:600}
.actions{margin-top:24px}@media print{.actions{display:none}}</style></head>
<body><h1>Intellio receipt</h1><table>${rows}</table>
<p class="actions"><button onclick="window.print()">Print</button> <a href="${escape(pdfHref)}">Download PDF</a></p></body></html>`;
}

export async function receiptPdf(p: PaymentRow, c: Customer): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Receipt ${p.receiptNumber}`);
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  page.drawText('Intellio receipt', { x: 50, y: 780, size: 22, font: bold });
  let y = 730;
  // Standard fonts are WinAnsi: $, € and £ are in it, ₩ and ₹ are not, so such amounts are written with
  // the code ("KRW 12,000"); any other character outside it would throw, so it is replaced.
  const drawable = new Set(font.getCharacterSet());
  const fits = (s: string) => [...s].every((ch) => drawable.has(ch.codePointAt(0) as number));
  const display = fits(money(0, p.currency)) ? 'symbol' : 'code';
  for (const [k, v] of lines(p, c, display)) {
    const safe = [...v].map((ch) => (fits(ch) ? ch : '?')).join('');
    page.drawText(k, { x: 50, y, size: 11, font: bold, color: rgb(0.38, 0.38, 0.38) });
    page.drawText(safe, { x: 220, y, size: 11, font });
    y -= 24;
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
  const summary = lines(p, c, 'symbol', language).map(([k, v]) => `${k}: ${v}`);
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
