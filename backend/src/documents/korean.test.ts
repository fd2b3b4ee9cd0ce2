/**
 * Korean (and other non-ASCII) files end to end: UTF-8 filenames through upload, list, download and
 * citations; HWPX documents with their pages; an HWPX zip bomb failing readably. HWP 5: hwp.test.ts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { createProject, ingest, makePdf, settled, upload } from '../../test/documents.js';
import { makeHwpx, makeHwpxBomb } from '../../test/hwpx-fixtures.js';
import { asciiFallback } from './disposition.js';
import { extractHwpx, MAX_UNPACKED_BYTES } from './extract/hwpx.js';

const NAMES = ['보고서.txt', 'Übersicht café.pdf', '📈 plan.csv'];

/** The name a client reads from Content-Disposition: RFC 5987 `filename*` when present. */
function dispositionName(header: string | null): { name: string; fallback: string; type: string } {
  assert.ok(header, 'Content-Disposition is set');
  const star = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1];
  const fallback = /filename="([^"]*)"/.exec(header)?.[1] ?? '';
  assert.ok(star, `filename* in ${header}`);
  return { name: decodeURIComponent(star), fallback, type: header.split(';')[0] };
}

/** A multipart body written by hand, for what FormData cannot send (an RFC 5987 `filename*`). */
function multipart(disposition: string, content: string): { raw: Buffer; headers: Record<string, string> } {
  const boundary = 'intellio-test-boundary';
  const raw = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: text/plain\r\n\r\n`, 'utf8'),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { raw, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('Korean files: UTF-8 names, HWPX, HWP', function () {
  this.timeout(60_000);
  let app: TestApp;
  let ann: SignedUpUser;
  let project: string;
  const get = (p: string) => app.request('GET', `/api/v1${p}`, undefined, { token: ann.accessToken });

  let bomb: Buffer;

  before(async () => {
    // Deflating 65 MB takes seconds of synchronous work: done before any request, so no keep-alive socket
    // goes stale while the event loop is blocked.
    bomb = makeHwpxBomb(MAX_UNPACKED_BYTES + 1024 * 1024);
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true' });
    ann = await buildUser(app);
    project = await createProject(app, ann);
  });
  after(() => app.close());

  it('keeps Korean, accented and emoji filenames exact through upload, list and download', async () => {
    const bodies: Record<string, Buffer | string> = {
      '보고서.txt': '분기 보고서: 매출이 12% 증가했습니다.\n',
      'Übersicht café.pdf': await makePdf([['Quarterly overview of the cafe business.']]),
      '📈 plan.csv': 'month,plan\nJan,10\nFeb,12\n',
    };
    const ids: Record<string, string> = {};
    for (const name of NAMES) {
      const res = await upload(app, ann, project, name, bodies[name]);
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.data.filename, name);
      ids[name] = res.body.data.id;
      await settled(app, ann, ids[name]);
    }
    const listed = await get(`/projects/${project}/documents`);
    assert.deepEqual(listed.body.data.map((d: { filename: string }) => d.filename).sort(), [...NAMES].sort());

    for (const name of NAMES) {
      const res = await fetch(`${app.url}/api/v1/documents/${ids[name]}/download`, { headers: { authorization: `Bearer ${ann.accessToken}` } });
      assert.equal(res.status, 200);
      const cd = dispositionName(res.headers.get('content-disposition'));
      assert.equal(cd.name, name);
      assert.equal(cd.type, 'attachment');
      assert.match(cd.fallback, /^[\x20-\x7e]+$/, 'the plain filename is ASCII');
      assert.equal(Buffer.compare(Buffer.from(await res.arrayBuffer()), Buffer.from(bodies[name])), 0);
    }
    // The signed link a citation opens: inline, same name.
    const link = await get(`/documents/${ids['보고서.txt']}/link`);
    const file = await fetch(new URL(link.body.data.url, app.url));
    assert.equal(file.status, 200);
    assert.deepEqual(dispositionName(file.headers.get('content-disposition')), { name: '보고서.txt', fallback: 'document.txt', type: 'inline' });
    assert.equal(asciiFallback('Übersicht café.pdf'), 'Ubersicht cafe.pdf');
    assert.equal(asciiFallback('📈 plan.csv'), 'plan.csv');
  });

  it('reads an RFC 5987 filename*, and stores a decomposed (macOS) name composed', async () => {
    const star = multipart(`filename="fallback.txt"; filename*=UTF-8''${encodeURIComponent('회의록 2026.txt')}`, '회의록 내용');
    const res = await app.request('POST', `/api/v1/projects/${project}/documents`, undefined, { token: ann.accessToken, raw: star.raw, headers: star.headers });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.data.filename, '회의록 2026.txt');

    const nfd = '계약서.txt'.normalize('NFD');
    assert.notEqual(nfd, '계약서.txt');
    const decomposed = await upload(app, ann, project, nfd, '계약 조건');
    assert.equal(decomposed.status, 201, decomposed.text);
    assert.equal(decomposed.body.data.filename, '계약서.txt');
  });

  it('cites a Korean-named PDF by its Korean name in an analysis', async () => {
    const own = await buildProject(app, ann, '분기 검토');
    const doc = await ingest(app, ann, own, '연간 보고서.pdf', await makePdf([
      ['Introduction. This annual report covers the company and its staff.'],
      ['Results. Revenue grew strongly in the first half, with a one-off licence deal in May lifting revenue to 9,100.'],
    ]));
    assert.equal(doc.status, 'ready', doc.error);
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(own), { token: ann.accessToken });
    assert.equal(res.status, 201, res.text);
    const cited = res.body.data.citations.find((c: { documentId: string }) => c.documentId === doc.id);
    assert.ok(cited, `a citation of the PDF among ${JSON.stringify(res.body.data.citations)}`);
    assert.equal(cited.documentName, '연간 보고서.pdf');
  });

  it('reads an HWPX document onto its pages: page breaks, sections, table cells', async () => {
    const file = makeHwpx([
      [
        { text: '2026년 1분기 사업 보고서', heading: true },
        { text: '서울 본사의 직원은 120명입니다.' },
        { text: '부산 물류센터는 팔레트 4,200개를 보관합니다.', pageBreak: true, cells: ['항목', '수량'] },
      ],
      [{ text: '제3장 결론: 인천 공장은 2027년에 문을 엽니다.' }],
    ]);
    const doc = await ingest(app, ann, project, '사업 보고서.hwpx', file);
    assert.equal(doc.status, 'ready', doc.error);
    assert.equal(doc.kind, 'hwpx');
    assert.equal(doc.mime, 'application/hwp+zip');
    assert.equal(doc.filename, '사업 보고서.hwpx');
    assert.equal(doc.pages, 3);
    const chunks = await app.deps.knex('chunks').where({ documentId: doc.id }).orderBy('ordinal');
    const pageOf = (words: string) => chunks.find((c) => c.text.includes(words))?.page;
    assert.deepEqual([pageOf('서울 본사'), pageOf('부산 물류센터'), pageOf('수량'), pageOf('인천 공장')], [1, 2, 2, 3]);
    assert.equal(chunks.find((c) => c.text.includes('인천 공장')).location, 'page 3');

    // Told by its content alone (the mimetype entry), without the extension.
    const unnamed = await upload(app, ann, project, '메모', makeHwpx([[{ text: '회의 메모' }]]));
    assert.equal(unnamed.status, 201, unnamed.text);
    assert.deepEqual([unnamed.body.data.kind, unnamed.body.data.mime], ['hwpx', 'application/hwp+zip']);
  });

  it('cuts an HWPX without page breaks at its outline headings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-hwpx-'));
    try {
      const file = path.join(dir, 'outline.hwpx');
      fs.writeFileSync(file, makeHwpx([[
        { text: '개요', heading: true },
        { text: '이 문서는 계약 조건을 설명합니다.\t(요약)' },
        { text: '지급 조건', heading: true },
        { text: '대금은 30일 이내에 지급합니다 & 연체 시 이자 5%.' },
      ]]));
      const out = await extractHwpx(file);
      assert.equal(out.locationKind, 'section');
      assert.equal(out.pages, null);
      assert.deepEqual(out.units.map((u) => u.location), ['section “개요”', 'section “지급 조건”']);
      assert.equal(out.units[0].text, '개요\n이 문서는 계약 조건을 설명합니다.\t(요약)');
      assert.match(out.units[1].text, /30일 이내에 지급합니다 & 연체 시 이자 5%\./);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails an HWPX zip bomb with a readable reason, without unpacking it', async () => {
    assert.ok(bomb.length < 1024 * 1024, `the bomb itself is small (${bomb.length} bytes)`);
    const doc = await ingest(app, ann, project, '폭탄.hwpx', bomb);
    assert.equal(doc.status, 'failed');
    assert.match(doc.error, /unpacks to more than 64 MB|compressed more than 100 to 1/);
  });

  it('refuses a .hwpx that is not one with a 415 that says what it is (HWP 5: hwp.test.ts)', async () => {
    const fake = await upload(app, ann, project, '가짜.hwpx', await makePdf([['not a Hangul file']]));
    assert.equal(fake.status, 415);
    assert.match(fake.body.error.message, /named \.hwpx but its content is a \.pdf file/);
  });
});
