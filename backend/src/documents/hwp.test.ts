/**
 * HWP 5 (Hangul's binary format) end to end: upload, text with its pages, search and citations; Hangul's
 * stored layout as pages; protected documents refused at upload in the reader's language; damaged files and
 * decompression bombs failing with a reason, once. Files come from a writer of the HWP 5.0 layout
 * (test/hwp-fixtures.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import CFB from 'cfb';
import { ko } from '@intellio/i18n';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { createProject, ingest, makeDocx, upload } from '../../test/documents.js';
import { fileHeader, makeFatLoop, makeHwp, makeHwpBomb, type HwpParagraph } from '../../test/hwp-fixtures.js';
import { searchPassages } from '../retrieval/search.js';
import { extractHwp, MAX_UNPACKED_BYTES } from './extract/hwp.js';
import { DocumentReadError } from './failure.js';

const REPORT: HwpParagraph[][] = [
  [
    { text: '2026년 1분기 사업 보고서', heading: true },
    { text: '서울 본사의 직원은\t120명이며, 자세한 현황은 {link}회사 누리집{link}에 공개합니다.' },
    {
      text: '부산 물류센터는 팔레트 4,200개를 보관합니다.',
      pageBreak: true,
      cells: ['항목', '수량'],
      after: '표의 수량은 3월 말 기준입니다.',
    },
  ],
  [
    {
      text: 'Results. Revenue grew strongly in the first half, with a one-off licence deal in May lifting revenue to 9,100.',
    },
    { text: '제3장 결론: 인천 공장은 2027년에 문을 엽니다.' },
  ],
];

describe('HWP 5 documents', function () {
  this.timeout(60_000);
  let app: TestApp;
  let ann: SignedUpUser;
  let project: string;
  let dir: string;

  before(async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true' });
    ann = await buildUser(app);
    project = await createProject(app, ann);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-hwp-'));
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await app.close();
  });

  const write = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  /** The page count, then each unit's page and text. */
  const read = async (name: string, sections: HwpParagraph[][]) => {
    const out = await extractHwp(write(name, makeHwp(sections)));
    return [out.pages, ...out.units.map((u) => [u.page, u.text])];
  };
  /** A line segment flagged as the first line of its page (Hangul's stored layout). */
  const first = { start: 0, vertical: 0, firstOfPage: true };

  it('reads an HWP document onto its pages: Korean text, tab, field, table cells in reading order', async () => {
    const doc = await ingest(app, ann, project, '사업 보고서.hwp', makeHwp(REPORT));
    assert.equal(doc.status, 'ready', doc.error);
    assert.deepEqual(
      [doc.kind, doc.mime, doc.filename, doc.pages, doc.locationKind],
      ['hwp', 'application/x-hwp', '사업 보고서.hwp', 3, 'page-break'],
    );

    const chunks: Array<{ text: string; page: number; location: string }> = await app.deps
      .knex('chunks')
      .where({ documentId: doc.id })
      .orderBy('ordinal');
    const all = chunks.map((c) => c.text).join('\n');
    // No control garbage: no control codes but tab and newline, and nothing of the controls' 8-unit bodies
    // (their ids, 'secd', 'tbl ', '%hlk', read as UTF-16, would be stray CJK characters).
    assert.ok(![...all].some((ch) => ch < ' ' && ch !== '\t' && ch !== '\n'), 'no control codes in the text');
    assert.equal(chunks.length, 3, 'one short chunk per page');
    assert.equal(
      chunks[0].text,
      '2026년 1분기 사업 보고서\n서울 본사의 직원은\t120명이며, 자세한 현황은 회사 누리집에 공개합니다.',
    );
    const pageOf = (words: string) => chunks.find((c) => c.text.includes(words))?.page;
    assert.deepEqual(
      [
        pageOf('서울 본사'),
        pageOf('부산 물류센터'),
        pageOf('수량'),
        pageOf('Revenue grew'),
        pageOf('인천 공장'),
      ],
      [1, 2, 2, 3, 3],
    );
    // The cells come after the text before the table and before the text that follows it.
    assert.equal(
      chunks[1].text,
      '부산 물류센터는 팔레트 4,200개를 보관합니다.\n항목\n수량\n표의 수량은 3월 말 기준입니다.',
    );
    assert.equal(chunks[2].text, `${REPORT[1][0].text}\n${REPORT[1][1].text}`);
    assert.equal(chunks.find((c) => c.text.includes('인천 공장'))?.location, 'page 3');

    // Found by a Korean search across particles ("물류센터는" ~ "물류센터의"), on its page.
    const hits = await searchPassages(app.deps, {
      userId: ann.id,
      projectId: project,
      query: '부산 물류센터의 팔레트',
      limit: 3,
    });
    assert.equal(hits[0]?.documentId, doc.id);
    assert.equal(hits[0]?.page, 2);
  });

  it('is told by its content without the extension, and cited with its page in an analysis', async () => {
    const own = await buildProject(app, ann, '분기 검토');
    const unnamed = await upload(app, ann, project, '메모', makeHwp([[{ text: '회의 메모' }]]));
    assert.equal(unnamed.status, 201, unnamed.text);
    assert.deepEqual([unnamed.body.data.kind, unnamed.body.data.mime], ['hwp', 'application/x-hwp']);

    const doc = await ingest(app, ann, own, '연간 보고서.hwp', makeHwp(REPORT, { compressed: false }));
    assert.equal(doc.status, 'ready', doc.error);
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(own), { token: ann.accessToken });
    assert.equal(res.status, 201, res.text);
    const cited = res.body.data.citations.find((c: { documentId: string }) => c.documentId === doc.id);
    assert.ok(cited, `a citation of the HWP among ${JSON.stringify(res.body.data.citations)}`);
    assert.equal(cited.documentName, '연간 보고서.hwp');
    assert.equal(cited.page, 3);
    assert.match(cited.quote, /Revenue grew strongly/);
  });

  it("takes pages from Hangul's stored layout, splitting a paragraph that runs onto the next page", async () => {
    const long = '첫째 쪽에서 시작한 문단이 둘째 쪽으로 넘어갑니다. 넘어간 뒤의 문장은 둘째 쪽에 있습니다.';
    const turn = long.indexOf('넘어간');
    const file = write(
      'layout.hwp',
      makeHwp([
        [
          { text: '머리 문단입니다.', lines: [{ start: 0, vertical: 0, firstOfPage: true }] },
          {
            text: long,
            lines: [
              { start: 0, vertical: 70000 },
              { start: turn, vertical: 0, firstOfPage: true },
            ],
          },
          { text: '셋째 문단은 둘째 쪽에 이어집니다.', lines: [{ start: 0, vertical: 1600 }] },
          // A line placed higher than the one before, not flagged: Hangul's layout moved to a new page.
          { text: '넷째 문단은 셋째 쪽입니다.', lines: [{ start: 0, vertical: 0 }] },
        ],
      ]),
    );
    const out = await extractHwp(file);
    assert.equal(out.locationKind, 'page-break');
    assert.equal(out.pages, 3);
    assert.deepEqual(
      out.units.map((u) => [u.page, u.text]),
      [
        [1, `머리 문단입니다.\n${long.slice(0, turn)}`],
        [2, `${long.slice(turn)}\n셋째 문단은 둘째 쪽에 이어집니다.`],
        [3, '넷째 문단은 셋째 쪽입니다.'],
      ],
    );
  });

  it('counts an HWP page that holds no text: a blank page, a page of only a picture, a picture cover', async () => {
    // Two Ctrl+Enter: an empty paragraph on a page of its own. (Both turns were once folded into one, and
    // every page after it cited one too low.)
    assert.deepEqual(
      await read('blank.hwp', [
        [{ text: 'one' }, { text: '', pageBreak: true }, { text: 'three', pageBreak: true }],
      ]),
      [3, [1, 'one'], [3, 'three']],
    );
    assert.deepEqual(
      await read('picture.hwp', [
        [{ text: 'one' }, { text: '', picture: true, pageBreak: true }, { text: 'three', pageBreak: true }],
      ]),
      [3, [1, 'one'], [3, 'three']],
    );
    assert.deepEqual(
      await read('cover.hwp', [
        [
          { text: '', picture: true },
          { text: '본문', pageBreak: true },
        ],
      ]),
      [2, [2, '본문']],
    );
    // A table without text, alone on its page.
    assert.deepEqual(
      await read('table.hwp', [
        [{ text: 'one' }, { text: '', cells: ['', ''], pageBreak: true }, { text: 'three', pageBreak: true }],
      ]),
      [3, [1, 'one'], [3, 'three']],
    );
    // A last page of only a picture is still a page of the document.
    assert.deepEqual(
      await read('last.hwp', [[{ text: 'one' }, { text: '', picture: true, pageBreak: true }]]),
      [2, [1, 'one']],
    );
    // The same pages from Hangul's stored layout alone (no break flags), and with both: a paragraph's break
    // and its first line flagged first of a page are one turn.
    assert.deepEqual(
      await read('layout-blank.hwp', [
        [
          { text: 'one', lines: [first] },
          { text: '', lines: [first] },
          { text: 'three', lines: [first] },
        ],
      ]),
      [3, [1, 'one'], [3, 'three']],
    );
    assert.deepEqual(
      await read('both.hwp', [
        [
          { text: 'one', pageBreak: true, lines: [first] },
          { text: '', picture: true, pageBreak: true, lines: [first] },
          { text: 'three', pageBreak: true, lines: [first] },
          { text: 'four', pageBreak: true, lines: [{ start: 0, vertical: 0 }] },
        ],
      ]),
      [4, [1, 'one'], [3, 'three'], [4, 'four']],
    );
  });

  it('counts a section start and its break flags as one turn, and a turn mid-paragraph after a picture', async () => {
    assert.deepEqual(
      await read('sections.hwp', [
        [{ text: 'one', lines: [first] }],
        [{ text: 'two', sectionBreak: true, pageBreak: true, lines: [first] }],
        [
          { text: '', picture: true, sectionBreak: true, lines: [first] },
          { text: 'four', pageBreak: true, lines: [first] },
        ],
      ]),
      [4, [1, 'one'], [2, 'two'], [4, 'four']],
    );
    // A page break on the document's first paragraph turns no page.
    assert.deepEqual(
      await read('first.hwp', [
        [
          { text: 'one', pageBreak: true, lines: [first] },
          { text: 'two', pageBreak: true },
        ],
      ]),
      [2, [1, 'one'], [2, 'two']],
    );
    // A paragraph starting a page with a picture, its text going on to the next (the picture takes 8 units).
    assert.deepEqual(
      await read('overflow.hwp', [
        [
          { text: 'one', lines: [first] },
          {
            text: '그림 뒤의 글',
            picture: true,
            pageBreak: true,
            lines: [first, { start: 8, vertical: 0, firstOfPage: true }],
          },
        ],
      ]),
      [3, [1, 'one'], [3, '그림 뒤의 글']],
    );
    // A table row going on to the next page: its cells' layout turns no page; the paragraph after the table,
    // placed higher than the table's, does.
    assert.deepEqual(
      await read('rows.hwp', [
        [
          { text: 'one', lines: [first] },
          {
            text: '표',
            cells: [
              { text: 'a', lines: [first] },
              { text: 'b', lines: [first] },
            ],
            lines: [{ start: 0, vertical: 60000 }],
          },
          { text: 'after', lines: [{ start: 0, vertical: 3000 }] },
        ],
      ]),
      [2, [1, 'one\n표\na\nb'], [2, 'after']],
    );
  });

  it('cuts an HWP without page information at its outline headings', async () => {
    const out = await extractHwp(
      write(
        'outline.hwp',
        makeHwp([
          [
            { text: '개요', heading: true },
            { text: '이 문서는 계약 조건을 설명합니다.\t(요약)' },
            { text: '지급 조건', heading: true },
            { text: '대금은 30일 이내에 지급합니다.\n연체 시 이자 5%.' },
          ],
        ]),
      ),
    );
    assert.equal(out.locationKind, 'section');
    assert.equal(out.pages, null);
    assert.deepEqual(
      out.units.map((u) => u.location),
      ['section “개요”', 'section “지급 조건”'],
    );
    assert.equal(out.units[0].text, '개요\n이 문서는 계약 조건을 설명합니다.\t(요약)');
    assert.equal(out.units[1].text, '지급 조건\n대금은 30일 이내에 지급합니다.\n연체 시 이자 5%.');
  });

  it('refuses password, DRM and distribution documents at upload, in English and in Korean', async () => {
    const cases = [
      {
        name: '암호.hwp',
        file: makeHwp(REPORT, { flags: 0x02 }),
        code: 'encrypted_document',
        english: /password-protected.*remove the document password/i,
      },
      {
        name: 'drm.hwp',
        file: makeHwp(REPORT, { flags: 0x10 }),
        code: 'encrypted_document',
        english: /protected by DRM/,
      },
      {
        name: '배포용.hwp',
        file: makeHwp(REPORT, { flags: 0x04, viewText: true }),
        code: 'distribution_document',
        english: /distribution document \(배포용 문서\)/,
      },
    ];
    for (const c of cases) {
      const res = await upload(app, ann, project, c.name, c.file);
      assert.equal(res.status, 415, `${c.name}: ${res.text}`);
      assert.equal(res.body.error.code, c.code);
      assert.match(res.body.error.message, c.english);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(c.file)]), c.name);
      const korean = await app.request('POST', `/api/v1/projects/${project}/documents`, undefined, {
        token: ann.accessToken,
        raw: form,
        headers: { 'Accept-Language': 'ko-KR,ko;q=0.9' },
      });
      assert.equal(korean.status, 415);
      assert.equal(korean.body.error.message, (ko.serverErrors as Record<string, string>)[c.code]);
      assert.match(korean.body.error.message, /[\uac00-\ud7a3]/);
    }
    const stored = await app.deps.knex('documents').whereIn(
      'filename',
      cases.map((c) => c.name),
    );
    assert.equal(stored.length, 0, 'a refused file leaves no row');
  });

  it('refuses what is not HWP 5: HWP 3, an old Office file named .hwp, HWP named as another kind', async () => {
    const hwp3 = Buffer.concat([
      Buffer.from('HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05', 'latin1'),
      Buffer.alloc(2000),
    ]);
    const old = await upload(app, ann, project, '옛날.hwp', hwp3);
    assert.equal(old.status, 415);
    assert.match(old.body.error.message, /HWP 3 document .* save it as HWPX .* or PDF/);

    const doc = CFB.utils.cfb_new();
    CFB.utils.cfb_add(doc, '/WordDocument', Buffer.alloc(4096, 1));
    const word = await upload(
      app,
      ann,
      project,
      '문서.hwp',
      Buffer.from(CFB.write(doc, { type: 'buffer' }) as Uint8Array),
    );
    assert.equal(word.status, 415);
    assert.match(word.body.error.message, /named \.hwp but its content is an old binary Office file/);

    const text = await upload(app, ann, project, '메모.hwp', '그냥 글입니다.');
    assert.equal(text.status, 415);
    assert.match(text.body.error.message, /named \.hwp but its content is not a recognised document/);

    const misnamed = await upload(app, ann, project, '보고서.pdf', makeHwp(REPORT));
    assert.equal(misnamed.status, 415);
    assert.match(misnamed.body.error.message, /named \.pdf but its content is an HWP document/);

    const v3 = await upload(app, ann, project, '버전.hwp', makeHwp(REPORT, { version: 0x03000000 }));
    assert.equal(v3.status, 415);
    assert.match(v3.body.error.message, /HWP version 3\.0\.0\.0; only HWP 5 is read/);

    // A .docx is not mistaken for HWP.
    const docx = await upload(app, ann, project, 'plain.docx', await makeDocx([{ paragraphs: ['Hello'] }]));
    assert.equal(docx.status, 201, docx.text);
  });

  it('fails damaged files with a reason, without retrying them', async () => {
    const broken = [
      {
        name: '깨진 압축.hwp',
        file: makeHwp(REPORT, {
          raw: { 'BodyText/Section0': Buffer.from('this is not deflate data at all, just text') },
        }),
        reason: /damaged.*BodyText\/Section0 cannot be decompressed/,
      },
      {
        name: '잘린 기록.hwp',
        file: makeHwp(REPORT, {
          raw: { 'BodyText/Section0': zlib.deflateRawSync(Buffer.from([0x42, 0x00, 0x60, 0x01, 1, 2, 3])) },
        }),
        reason: /damaged.*runs past its end/,
      },
      {
        name: '컨테이너.hwp',
        file: Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600, 0xff), fileHeader(1)]),
        reason: /damaged.*compound-file structure/,
      },
    ];
    for (const b of broken) {
      const doc = await ingest(app, ann, project, b.name, b.file);
      assert.equal(doc.status, 'failed', b.name);
      assert.match(doc.error, b.reason);
      assert.match(doc.error, /save it again, or save it as HWPX or PDF/);
      const jobs = await app.deps.knex('jobs').where({ documentId: doc.id });
      assert.deepEqual(
        jobs.map((j) => [j.status, j.attempts]),
        [['failed', 1]],
        `${b.name} is not retried`,
      );
    }
  });

  it('refuses a compound file whose FAT loops, at upload and in extraction, and keeps serving', async () => {
    // The old reader (cfb, on the web server's thread) followed the loop until V8 aborted the process.
    const loop = makeFatLoop();
    const asXlsx = await upload(app, ann, project, 'report.xlsx', loop);
    assert.equal(asXlsx.status, 415, asXlsx.text);
    assert.match(asXlsx.body.error.message, /named \.xlsx but its content is an old binary Office file/);
    const asHwp = await ingest(app, ann, project, 'loop.hwp', loop);
    assert.equal(asHwp.status, 'failed');
    assert.match(asHwp.error, /damaged.*compound-file structure is broken: the FAT chain through sector 2 loops/);
    assert.equal((await app.deps.knex('documents').where({ id: asHwp.id }).first()).errorCode, 'damaged');
    const after = await ingest(app, ann, project, '다음.hwp', makeHwp([[{ text: '서버는 계속 응답합니다.' }]]));
    assert.equal(after.status, 'ready', after.error);
  });

  it('reads or fails as damaged an HWP whose FAT entries are overwritten at random, never crashing', async () => {
    const good = makeHwp(REPORT, { compressed: false });
    const fat = (good.readInt32LE(76) + 1) * 512;
    const sectors = good.length / 512 - 1;
    let seed = 42;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const outcomes = { read: 0, damaged: 0 };
    for (let i = 0; i < 300; i++) {
      const file = Buffer.from(good);
      for (let k = 1 + random(3); k > 0; k--) file.writeInt32LE(random(sectors + 4) - 4, fat + random(sectors) * 4);
      const outcome = await extractHwp(write('fuzz.hwp', file)).then(
        () => 'read' as const,
        (err: unknown) => {
          assert.ok(err instanceof DocumentReadError, `a DocumentReadError, not ${String(err)}`);
          return 'damaged' as const;
        },
      );
      outcomes[outcome]++;
    }
    assert.ok(outcomes.damaged > 0, JSON.stringify(outcomes));
  });

  it('bounds a decompression bomb: fails it without unpacking it', async () => {
    const bomb = makeHwpBomb(MAX_UNPACKED_BYTES + 1024 * 1024);
    assert.ok(bomb.length < 256 * 1024, `the bomb itself is small (${bomb.length} bytes)`);
    const doc = await ingest(app, ann, project, '폭탄.hwp', bomb);
    assert.equal(doc.status, 'failed');
    assert.match(doc.error, /The HWP file is compressed more than 100 to 1/);
    const jobs = await app.deps.knex('jobs').where({ documentId: doc.id });
    assert.deepEqual(
      jobs.map((j) => j.attempts),
      [1],
    );

    // With the ratio allowed, the total bound stops it (INGEST_MAX_UNZIPPED_MB caps the 64 MB further).
    const file = write('bomb.hwp', makeHwpBomb(3 * 1024 * 1024));
    await assert.rejects(
      extractHwp(file, { limits: { maxUnzippedBytes: 2 * 1024 * 1024, maxRatio: 100_000, maxCells: 1 } }),
      /unpacks to more than 2 MB/,
    );
    await assert.rejects(
      extractHwp(write('big.hwp', makeHwpBomb(MAX_UNPACKED_BYTES + 1)), {
        limits: { maxUnzippedBytes: 1024 * 1024 * 1024, maxRatio: 100_000, maxCells: 1 },
      }),
      /unpacks to more than 64 MB/,
    );
  });
});
