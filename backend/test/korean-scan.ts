/**
 * A scanned page of Korean text: Chromium draws the lines with a Hangul system font (CI installs
 * fonts-nanum, scripts/ci/ensure-apt-tools.sh) into a 150 dpi picture, which becomes a PDF page with no
 * text layer, the way a scanner's PDF looks. pdf-lib's standard fonts have no Hangul, so Chromium it is.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { degrees, PDFDocument } from 'pdf-lib';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether this machine can draw Hangul (Chromium and a font with Korean glyphs) and read it (kor.traineddata). */
export function canMakeKoreanScans(): boolean {
  try {
    const fonts = execFileSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8' });
    const langs = execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return fs.existsSync(CHROMIUM) && fonts.trim().length > 0 && /^kor$/m.test(langs);
  } catch {
    return false;
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * A PDF of scanned pages, each only a picture of its `lines` in Korean (US Letter at 150 dpi); an
 * `upsideDown` page is the picture turned, as a sheet fed the wrong way round.
 */
export async function makeKoreanScanPdf(pages: Array<{ lines: string[]; upsideDown?: boolean }>): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-kscan-'));
  try {
    const pdf = await PDFDocument.create();
    for (const [i, spec] of pages.entries()) {
      const html = path.join(dir, `page${i}.html`);
      const png = path.join(dir, `page${i}.png`);
      fs.writeFileSync(
        html,
        `<!doctype html><meta charset="utf-8"><body style="margin:90px;background:#fff;color:#000;font:30px 'NanumGothic','Noto Sans CJK KR','Noto Sans KR',sans-serif;line-height:1.7">${spec.lines.map((l) => `<p>${esc(l)}</p>`).join('')}</body>`,
      );
      execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--window-size=1275,1650', `--screenshot=${png}`, `file://${html}`], { stdio: 'ignore', timeout: 60_000 });
      const image = await pdf.embedPng(fs.readFileSync(png));
      const page = pdf.addPage([612, 792]);
      page.drawImage(image, spec.upsideDown ? { x: 612, y: 792, width: 612, height: 792, rotate: degrees(180) } : { x: 0, y: 0, width: 612, height: 792 });
    }
    return Buffer.from(await pdf.save());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
