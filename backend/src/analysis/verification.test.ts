import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../../test/fake-openai.js';
import { analysisBody, balanceOf, buildProject, postStream, seedDocument } from '../../test/analysis-fixtures.js';
import { parseVerdicts } from './verify-model.js';

/** The id the server gave the passage from `page` of `file` in the request it sent the model. */
function passageId(req: ChatRequest, file: string, page: number): string {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  const m = new RegExp(`\\[(P\\d+)\\] ${file.replace('.', '\\.')}, page ${page}:`).exec(user);
  if (!m) throw new Error(`no passage for ${file} p.${page} in:\n${user}`);
  return m[1];
}

const REPORT_PAGES = [
  'Overview of the year and the board.',
  'Revenue grew 41% over the half year; the May licence deal added 7,400 in revenue.',
];

interface ClaimJson {
  text: string;
  verdict: string;
  sources: Array<Record<string, unknown>>;
  reason?: string;
  checkedBy?: string;
}

const byText = (claims: ClaimJson[], start: string) => {
  const c = claims.find((x) => x.text.startsWith(start));
  assert.ok(c, `no claim starting "${start}" in ${JSON.stringify(claims, null, 1)}`);
  return c;
};

describe('claims of a model answer, checked and served', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let user: SignedUpUser;
  let projectId: string;
  let reportId: string;

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, EMBEDDING_PROVIDER: 'local', CHAT_MODEL: 'gpt-4o-mini', PUBLIC_URL: 'https://app.intellio.test' });
    user = await buildUser(app);
    projectId = await buildProject(app, user);
    reportId = await seedDocument(app, user.id, projectId, 'report.pdf', REPORT_PAGES);
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  it('marks a fabricated quote, a wrong and a right cell figure and an uncited figure, in the stream and on GET', async () => {
    let p2 = '';
    fake.reply = (req) => {
      p2 = passageId(req, 'report.pdf', 2);
      return {
        text: [
          `The report says "revenue collapsed after a dock strike" [${p2}].`,
          'Revenue in March was 1,600 [B4].',
          'Revenue in May was 9,100 [B6].',
          'Revenue in June was 2,500.',
          `The licence deal explains the May spike [${p2}].`,
        ].join(' '),
      };
    };
    const { status, events } = await postStream(app, '/api/v1/analyses', analysisBody(projectId, { prompt: 'Explain the revenue growth' }), user.accessToken);
    assert.equal(status, 200);
    const done = events.at(-1);
    assert.equal(done?.event, 'done', JSON.stringify(done));
    const streamed = done?.data.analysis;
    const got = await app.request('GET', `/api/v1/analyses/${streamed.id}`, undefined, { token: user.accessToken });
    assert.equal(got.status, 200);

    for (const a of [streamed, got.body.data]) {
      const claims = a.claims as ClaimJson[];
      assert.equal(claims.length, 5, JSON.stringify(claims, null, 1));
      const passage = { type: 'passage', citation: p2, documentId: reportId, page: 2 };
      assert.deepEqual(byText(claims, 'The report says'), {
        text: `The report says "revenue collapsed after a dock strike" [${p2}].`,
        verdict: 'unsupported',
        sources: [passage],
        reason: `the quote "revenue collapsed after a dock strike" is not in ${p2} (report.pdf p. 2)`,
        checkedBy: 'rules',
      });
      assert.deepEqual(byText(claims, 'Revenue in March'), {
        text: 'Revenue in March was 1,600 [B4].',
        verdict: 'unsupported',
        sources: [{ type: 'cell', address: 'Sales!B4' }],
        reason: '1,600 is not in the cited cells (Sales!B4) or computed from them',
        checkedBy: 'rules',
      });
      assert.deepEqual(byText(claims, 'Revenue in May'), { text: 'Revenue in May was 9,100 [B6].', verdict: 'supported', sources: [{ type: 'cell', address: 'Sales!B6' }], checkedBy: 'rules' });
      assert.deepEqual(byText(claims, 'Revenue in June'), {
        text: 'Revenue in June was 2,500.',
        verdict: 'unsupported',
        sources: [],
        reason: '2,500 cites no source and is not in the selection',
        checkedBy: 'rules',
      });
      assert.deepEqual(byText(claims, 'The licence deal'), { text: `The licence deal explains the May spike [${p2}].`, verdict: 'unchecked', sources: [passage] });
      // Nothing is dropped from the answer: every claim stands in it as written.
      for (const c of claims) assert.ok(a.answer.includes(c.text), c.text);
      // What was read: every passage the model was given, with the stable app link next to the signed one.
      const given = (await app.deps.knex('analyses').where({ id: a.id }).first()).passages as Array<{ id: string; page: number }>;
      assert.deepEqual(a.read.map((r: { id: string; page: number; appUrl: string }) => [r.id, r.appUrl]), given.map((p) => [p.id, `https://app.intellio.test/d/${reportId}?page=${p.page}`]));
      assert.ok(given.some((p) => p.id === p2));
      assert.ok(a.read.every((r: { url: string; documentName: string }) => r.url.includes(`/api/v1/documents/${reportId}/file?`) && r.documentName === 'report.pdf'));
      assert.deepEqual(a.citations.map((c: { id: string; appUrl: string }) => [c.id, c.appUrl]), [[p2, `https://app.intellio.test/d/${reportId}?page=2`]]);
    }
    const row = await app.deps.knex('analyses').where({ id: streamed.id }).first();
    assert.equal(row.claims.length, 5);
  });

  it('writes the reasons of a Korean question in Korean, figures, cells and documents as they are', async () => {
    let p2 = '';
    fake.reply = (req) => {
      p2 = passageId(req, 'report.pdf', 2);
      return {
        text: [
          `보고서는 "부두 파업으로 매출이 줄었다"고 적었다 [${p2}].`,
          '매출은 3월에 1,600이었다 [B4].',
          '매출은 6월에 2,500이었다.',
          `상반기 매출은 40% 증가했다 [${p2}].`,
          '매출 합계는 $16,330이다 [B2:B7].',
        ].join(' '),
      };
    };
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: '매출 증가를 설명하고 연차보고서와 대조해 주세요' }), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    const got = (await app.request('GET', `/api/v1/analyses/${res.body.data.id}`, undefined, { token: user.accessToken })).body.data;
    for (const a of [res.body.data, got]) {
      const claims = a.claims as ClaimJson[];
      assert.deepEqual(
        claims.map((c) => [c.verdict, c.reason]),
        [
          ['unsupported', `인용문 "부두 파업으로 매출이 줄었다": ${p2} (report.pdf 2쪽)에 없습니다`],
          ['unsupported', '1,600: 인용한 셀(Sales!B4)에 없고 계산으로도 나오지 않습니다'],
          ['unsupported', '2,500: 출처를 인용하지 않았고 선택 영역에 없습니다'],
          ['unsupported', `40%: ${p2} (report.pdf 2쪽)에 없는 수치입니다`],
          ['supported', '$16,330: Sales!B2…B7의 합계'],
        ],
      );
    }
  });

  it('tells the model how to cite cells, and keeps cell markers in the answer', async () => {
    let sent: ChatRequest | undefined;
    fake.reply = (req) => {
      sent = req;
      return { text: `Costs stayed flat [C2:C7, ${passageId(req, 'report.pdf', 2)}] and May revenue was 9,100 [Sales!B6] [P9].` };
    };
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: 'Summarise costs and revenue' }), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    assert.match(sent?.messages[0].content ?? '', /Cite the cells a figure comes from by their A1 reference in square brackets, e\.g\. \[B2\], a range \[B2:B9\], or \[Sheet2!C4\]/);
    const a = res.body.data;
    assert.deepEqual(a.droppedCitations, ['P9']);
    assert.match(a.answer, /\[C2:C7, P\d\]/);
    assert.match(a.answer, /\[Sales!B6\]\.$/);
    // One sentence citing a range, a passage and a sheet-qualified cell: its figure is found in the cell.
    const claim = byText(a.claims, 'Costs stayed flat');
    assert.equal(claim.verdict, 'supported');
    assert.deepEqual(claim.sources, [{ type: 'cell', address: 'Sales!B6' }]);
  });

  it('copies the claims to a cached repeat, which bills nothing', async () => {
    fake.reply = () => ({ text: 'Revenue in May was 9,100 [B6].' });
    const body = analysisBody(projectId, { prompt: 'What was May revenue?' });
    const first = await app.request('POST', '/api/v1/analyses', body, { token: user.accessToken });
    const again = await app.request('POST', '/api/v1/analyses', body, { token: user.accessToken });
    assert.equal(again.body.data.cached, true);
    assert.deepEqual(again.body.data.claims, first.body.data.claims);
    assert.equal(again.body.data.claims[0].verdict, 'supported');
  });
});

describe('claims checked by the model (VERIFY_WITH_MODEL)', () => {
  let fake: FakeOpenAI;
  let app: TestApp;

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, EMBEDDING_PROVIDER: 'local', CHAT_MODEL: 'gpt-4o-mini', VERIFY_WITH_MODEL: 'true' });
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  it('asks the model about unchecked claims only, bills its tokens with the analysis and puts the call on the trail', async () => {
    const user = await buildUser(app);
    const projectId = await buildProject(app, user);
    const reportId = await seedDocument(app, user.id, projectId, 'report.pdf', REPORT_PAGES);
    let p2 = '';
    const verifications: ChatRequest[] = [];
    fake.reply = (req) => {
      if (req.stream) {
        p2 = passageId(req, 'report.pdf', 2);
        return { text: `Revenue spiked in May because of a dock strike [${p2}]. Revenue in May was 9,100 [B6]. The board met often.`, usage: { prompt_tokens: 500, completion_tokens: 50 } };
      }
      verifications.push(req);
      return { text: '{"results":[{"n":1,"verdict":"NOT_SUPPORTED","reason":"The passage credits the licence deal, not a strike."}]}', usage: { prompt_tokens: 300, completion_tokens: 20 } };
    };
    const before = await balanceOf(app, user.accessToken);
    const { events } = await postStream(app, '/api/v1/analyses', analysisBody(projectId, { prompt: 'Why did revenue spike in May?' }), user.accessToken);
    const done = events.at(-1);
    assert.equal(done?.event, 'done', JSON.stringify(done));
    const a = done?.data.analysis;

    // One verification call, with the one unchecked claim that cites something and its passage.
    assert.equal(verifications.length, 1);
    const asked = verifications[0].messages.map((m) => m.content).join('\n');
    assert.match(asked, /Statement 1: Revenue spiked in May because of a dock strike/);
    assert.match(asked, /Write each reason in English, the language of the question/);
    assert.match(asked, /the May licence deal added 7,400 in revenue/);
    assert.doesNotMatch(asked, /Statement 2|board met/);

    for (const got of [a, (await app.request('GET', `/api/v1/analyses/${a.id}`, undefined, { token: user.accessToken })).body.data]) {
      assert.deepEqual(byText(got.claims, 'Revenue spiked'), {
        text: `Revenue spiked in May because of a dock strike [${p2}].`,
        verdict: 'unsupported',
        sources: [{ type: 'passage', citation: p2, documentId: reportId, page: 2 }],
        reason: 'The passage credits the licence deal, not a strike.',
        checkedBy: 'model',
      });
      assert.equal(byText(got.claims, 'Revenue in May').checkedBy, 'rules');
      assert.equal(byText(got.claims, 'The board met').verdict, 'unchecked');
    }

    // Billing: the answer (500 in, 50 out) and the check (300 in, 20 out) at 1,000/4,000 per 1K tokens.
    const answerCost = Math.ceil((500 * 1000 + 50 * 4000) / 1000);
    const verifyCost = Math.ceil((300 * 1000 + 20 * 4000) / 1000);
    assert.equal(a.tokensCharged, answerCost + verifyCost);
    const after = await balanceOf(app, user.accessToken);
    assert.equal(before.balance - after.balance, answerCost + verifyCost);
    assert.equal(after.reserved, 0);
    const entry = await app.deps.knex('token_ledger').where({ userId: user.id, reference: `analysis:${a.id}` }).first();
    assert.equal(Number(entry.delta), -(answerCost + verifyCost));

    // The trail: the answer's call and the verification, each with its part of the one ledger entry.
    const calls = await app.deps.knex('model_calls').where({ analysisId: a.id });
    assert.deepEqual(
      calls.map((c: Record<string, unknown>) => [c.purpose, c.kind, c.tokensIn, c.tokensOut, Number(c.chargedTokens), c.ledgerEntryId]).sort((x) => (x[0] === null ? 1 : -1)),
      [
        ['claim-verification', 'chat', 300, 20, verifyCost, entry.id],
        [null, 'chat', 500, 50, answerCost, entry.id],
      ],
    );
  });

  it('keeps the answer and leaves its claims unchecked, billing only the answer, when the verification call fails', async () => {
    const user = await buildUser(app);
    const projectId = await buildProject(app, user);
    await seedDocument(app, user.id, projectId, 'report.pdf', REPORT_PAGES);
    fake.reply = (req) => {
      if (req.stream) return { text: `The licence deal drove the spike [${passageId(req, 'report.pdf', 2)}].`, usage: { prompt_tokens: 400, completion_tokens: 10 } };
      return { status: 500 };
    };
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: 'Why did revenue spike?' }), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    const a = res.body.data;
    assert.equal(a.status, 'succeeded');
    assert.deepEqual(a.claims.map((c: ClaimJson) => [c.verdict, c.checkedBy]), [['unchecked', undefined]]);
    assert.equal(a.tokensCharged, Math.ceil((400 * 1000 + 10 * 4000) / 1000));
    const calls = await app.deps.knex('model_calls').where({ analysisId: a.id });
    assert.deepEqual(calls.map((c: Record<string, unknown>) => c.purpose), [null]);
  });

  it('asks the model for its reasons in the language of a Korean question, and falls back on Korean words', async () => {
    const user = await buildUser(app);
    const projectId = await buildProject(app, user);
    await seedDocument(app, user.id, projectId, 'report.pdf', REPORT_PAGES);
    const verifications: ChatRequest[] = [];
    fake.reply = (req) => {
      if (req.stream) return { text: `5월 매출 급증은 라이선스 계약 때문이다 [${passageId(req, 'report.pdf', 2)}]. 부두 파업도 영향을 주었다 [${passageId(req, 'report.pdf', 2)}].` };
      verifications.push(req);
      return { text: '{"results":[{"n":1,"verdict":"SUPPORTED","reason":"문단이 5월 라이선스 계약을 매출 증가의 원인으로 듭니다."},{"n":2,"verdict":"NOT_SUPPORTED"}]}' };
    };
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: '5월에 매출이 급증한 이유는 무엇인가요?' }), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    assert.equal(verifications.length, 1);
    assert.match(verifications[0].messages[0].content, /Write each reason in Korean \(한국어\), the language of the question/);
    assert.deepEqual(
      res.body.data.claims.map((c: ClaimJson) => [c.verdict, c.reason, c.checkedBy]),
      [
        ['supported', '문단이 5월 라이선스 계약을 매출 증가의 원인으로 듭니다.', 'model'],
        ['unsupported', '모델이 인용한 근거에서 확인하지 못했습니다.', 'model'],
      ],
    );
  });

  it('makes no verification call when the rules left nothing to ask', async () => {
    const user = await buildUser(app);
    const projectId = await buildProject(app, user);
    let calls = 0;
    fake.reply = () => {
      calls += 1;
      return { text: 'Revenue in May was 9,100 [B6].' };
    };
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: 'What was revenue in May?' }), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    assert.equal(calls, 1);
    assert.equal(res.body.data.claims[0].verdict, 'supported');
    assert.equal((await app.deps.knex('model_calls').where({ analysisId: res.body.data.id })).length, 1);
  });
});

describe('the model\'s verdicts', () => {
  it('reads JSON in a code fence and spelling variants, and nothing from an unreadable reply', () => {
    const v = parseVerdicts('```json\n{"results":[{"n":1,"verdict":"not supported","reason":"No."},{"n":"2","verdict":"SUPPORTED"}]}\n```');
    assert.deepEqual([...v.entries()], [[1, { supported: false, reason: 'No.' }], [2, { supported: true, reason: 'The model found it in the cited evidence.' }]]);
    assert.deepEqual([...parseVerdicts('{"results":[{"n":1,"verdict":"SUPPORTED"},{"n":2,"verdict":"NOT_SUPPORTED"}]}', 'ko').values()].map((v) => v.reason), ['모델이 인용한 근거에서 확인했습니다.', '모델이 인용한 근거에서 확인하지 못했습니다.']);
    assert.equal(parseVerdicts('I think they are all fine.').size, 0);
    assert.equal(parseVerdicts('{"results":[{"n":1,"verdict":"MAYBE"}]}').size, 0);
  });
});
