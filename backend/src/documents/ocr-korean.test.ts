/**
 * Scanned Korean pages: read by Tesseract with the language set in OCR_LANGUAGES (kor), onto their page,
 * upright or upside down. CI installs tesseract-ocr-kor and a Hangul font for the fixture.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { createProject, ingest } from '../../test/documents.js';
import { canMakeKoreanScans, makeKoreanScanPdf } from '../../test/korean-scan.js';
import { PDFDocument } from 'pdf-lib';
import { loadConfig } from '../config.js';
import { blockScript, rotatePgm } from './extract/ocr.js';
import { extractPdf } from './extract/pdf.js';

const LINES = ['부산 물류센터는 팔레트 사천이백 개를 보관합니다.', '서울 본사의 직원은 모두 백이십 명입니다.', '인천 공장은 내년 봄에 문을 엽니다.'];
/** Words of LINES that OCR must give back exactly. */
const WORDS = ['부산', '물류센터는', '팔레트', '보관합니다', '서울', '본사의', '직원은', '인천', '공장은', '내년'];
/** A page of eight lines: orientation detection needs more than a line or two to be sure (two: confidence 1.7). */
const TURNED = ['이 쪽은 거꾸로 스캔되었습니다.', '대전 연구소는 연구원 서른 명을 채용합니다.', ...Array.from({ length: 6 }, (_, i) => `제${i + 1}절에서는 분기별 재고 관리와 운송 일정을 검토합니다.`)];

describe('scanned Korean pages (OCR_LANGUAGES=kor)', function () {
  this.timeout(120_000);
  let dir: string;
  let scan: string;
  /** Page 1 of `scan` alone. */
  let upright: string;
  let app: TestApp | undefined;

  before(async function () {
    // CI installs chromium, fonts-nanum and tesseract-ocr-kor (scripts/ci/ensure-apt-tools.sh).
    if (!canMakeKoreanScans() && !process.env.CI) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-ocr-kor-'));
    scan = path.join(dir, 'scan.pdf');
    fs.writeFileSync(scan, await makeKoreanScanPdf([{ lines: LINES }, { lines: TURNED, upsideDown: true }]));
    upright = path.join(dir, 'upright.pdf');
    const one = await PDFDocument.create();
    one.addPage((await one.copyPages(await PDFDocument.load(fs.readFileSync(scan)), [0]))[0]);
    fs.writeFileSync(upright, await one.save());
  });
  after(async () => {
    await app?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the Korean words back with kor, upright or upside down, and not with eng alone', async () => {
    const kor = await extractPdf(scan, 'auto', { ocr: { enabled: true, languages: 'kor', maxPages: 10 } });
    assert.deepEqual(kor.ocrPages, [1, 2]);
    const text = kor.units.find((u) => u.page === 1)?.text ?? '';
    const missing = WORDS.filter((w) => !text.includes(w));
    assert.deepEqual(missing, [], `read as: ${text}`);
    const turned = kor.units.find((u) => u.page === 2)?.text ?? '';
    assert.ok(['대전', '연구소는', '연구원', '채용합니다'].every((w) => turned.includes(w)), `page 2 read as: ${turned}`);

    const eng = await extractPdf(upright, 'auto', { ocr: { enabled: true, languages: 'eng', maxPages: 10 } });
    const engText = eng.units.map((u) => u.text).join('\n');
    assert.equal(WORDS.filter((w) => engText.includes(w)).length, 0, `eng alone read: ${engText}`);
  });

  it('takes its languages from OCR_LANGUAGES, and an uploaded Korean scan is found by its words on its page', async () => {
    assert.equal(loadConfig({ ...process.env, OCR_LANGUAGES: 'kor+eng' }).documents.ocr.languages, 'kor+eng');
    const { OCR_LANGUAGES: _unset, ...withoutLanguages } = process.env;
    assert.equal(loadConfig(withoutLanguages).documents.ocr.languages, 'eng');
    assert.throws(() => loadConfig({ ...process.env, OCR_LANGUAGES: 'kor eng' }), /OCR_LANGUAGES/);

    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true', OCR_LANGUAGES: 'kor' });
    const user = await buildUser(app);
    const project = await createProject(app, user);
    const doc = await ingest(app, user, project, '스캔 문서.pdf', fs.readFileSync(upright));
    assert.equal(doc.status, 'ready', doc.error);
    assert.deepEqual([doc.ocrPages, doc.ocrPageNumbers], [1, [1]]);
    const chunks = await app.deps.knex('chunks').where({ documentId: doc.id });
    assert.equal(chunks.find((c) => c.text.includes('물류센터는'))?.page, 1);
  });
});

describe('rotatePgm', () => {
  // 3×2 picture:  1 2 3 / 4 5 6
  const pgm = Buffer.concat([Buffer.from('P5\n3 2\n255\n'), Buffer.from([1, 2, 3, 4, 5, 6])]);
  const pixels = (b: Buffer) => [...b.subarray(b.length - 6)];
  it('turns a greyscale page clockwise by 90, 180 and 270 degrees', () => {
    assert.equal(rotatePgm(pgm, 90).toString('latin1', 0, 11), 'P5\n2 3\n255\n');
    assert.deepEqual(pixels(rotatePgm(pgm, 90)), [4, 1, 5, 2, 6, 3]);
    assert.deepEqual(pixels(rotatePgm(pgm, 180)), [6, 5, 4, 3, 2, 1]);
    assert.deepEqual(pixels(rotatePgm(pgm, 270)), [3, 6, 2, 5, 1, 4]);
    assert.equal(rotatePgm(pgm, 0), pgm);
  });
  it('uses the block path only for CJK languages', () => {
    assert.deepEqual(['eng', 'kor', 'kor+eng', 'eng+jpn_vert', 'chi_sim', 'korx'].map(blockScript), [false, true, true, true, true, false]);
  });
});
