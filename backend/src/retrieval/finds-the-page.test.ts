/**
 * Retrieval that finds the page (issues 25 §3 and 31 §4), through real ingest and the analysis's own query
 * (retrievalQuery → searchPassages): a question quoting a sentence cites that sentence's page, text is
 * searched as normalised at ingest, and Korean words match across particles and endings.
 */
import assert from 'node:assert/strict';
import { retrievalQuery, retrievalSearch } from '../analysis/context.js';
import type { Selection } from '../analysis/schema.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { createProject, fillerLines, ingest, makeDocx, makePdf } from '../../test/documents.js';
import { indexedGrams } from './query.js';
import { searchPassages, type Passage } from './search.js';

const NO_SELECTION: Selection = { sheet: 'Sheet1', ranges: [] };

describe('retrieval finds the page', function () {
  this.timeout(120_000);
  let app: TestApp;
  let user: SignedUpUser;

  before(async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true' });
    user = await buildUser(app);
  });
  after(() => app?.close());

  /** Asks as an analysis asks: the question's retrieval query (and the question as typed), then hybrid search. */
  const ask = (projectId: string, question: string, limit = 8): Promise<Passage[]> =>
    searchPassages(app.deps, { userId: user.id, projectId, ...retrievalSearch(question, NO_SELECTION), limit });
  const pages = (hits: Passage[]) => hits.map((h) => h.page);

  describe('a question quoting a passage', () => {
    let projectId: string;
    const target = 'The committee approved the budget before the audit closed.';

    before(async () => {
      projectId = await createProject(app, user, 'Quoted');
      // Twelve pages; pages 3–6 hold the target's very words in another order, more often (so word
      // overlap and cosine favour them); page 9 holds the target sentence itself, deep in the document.
      const decoy = 'The audit closed before the committee approved the budget, said the budget committee.';
      const doc = Array.from({ length: 12 }, (_, i) => {
        const lines = fillerLines(i + 1, 10);
        if (i + 1 >= 3 && i + 1 <= 6) lines.splice(4, 0, decoy);
        if (i + 1 === 9) lines.splice(6, 0, target);
        return lines;
      });
      const ready = await ingest(app, user, projectId, 'minutes.pdf', await makePdf(doc));
      assert.equal(ready.status, 'ready', ready.error);
    });

    it('ranks the page holding the quoted words in order first', async () => {
      for (const question of [`Which page says: "${target}"?`, `Which page says: “${target}”?`, `Where does it say "the committee approved the budget before the audit closed"`]) {
        const hits = await ask(projectId, question);
        assert.equal(hits[0]?.page, 9, `${question} → pages ${pages(hits).join(', ')}`);
      }
    });

    it('does not require the words of the question itself', async () => {
      // No page says "which", "page" or "says": the quoted words alone decide.
      const hits = await searchPassages(app.deps, { userId: user.id, projectId, query: `Which page says "${target}"`, limit: 3 });
      assert.equal(hits[0]?.page, 9, pages(hits).join(', '));
      assert.ok(hits[0].score > 1, 'a phrase hit ranks above any fused score');
      assert.ok(hits.slice(1).every((h) => h.score < 1), 'only the phrase hit is boosted');
    });

    it('matches a long question that is the sentence itself, without quotation marks', async () => {
      const hits = await searchPassages(app.deps, { userId: user.id, projectId, query: `Which page says the committee approved the budget before the audit closed?`, limit: 3 });
      assert.equal(hits[0]?.page, 9, pages(hits).join(', '));
    });
  });

  describe('text normalised at ingest', () => {
    let projectId: string;

    before(async () => {
      projectId = await createProject(app, user, 'Normalised');
    });

    it('joins words hyphenated across lines and straightens curly quotes in a PDF, keeping pages and offsets', async () => {
      const doc = [
        fillerLines(1, 8),
        [...fillerLines(2, 3), 'The revised policy reaches all individ-', 'uals who filed the “quarterly” return', 'before the deadline.', ...fillerLines(2, 3)],
        fillerLines(3, 8),
      ];
      const ready = await ingest(app, user, projectId, 'policy.pdf', await makePdf(doc));
      const chunks = await app.deps.knex('chunks').where({ documentId: ready.id }).orderBy('ordinal');
      const page2 = chunks.filter((c) => c.page === 2);
      assert.equal(page2.length, 1);
      assert.match(page2[0].text, /all individuals who filed the "quarterly" return/);
      assert.equal(page2[0].charEnd - page2[0].charStart, page2[0].text.length);
      assert.deepEqual([...new Set(chunks.map((c) => c.page))], [1, 2, 3]);
      const hits = await ask(projectId, 'Which page says “individuals who filed the "quarterly" return”?');
      assert.equal(hits[0]?.page, 2, pages(hits).join(', '));
      assert.equal(hits[0].documentId, ready.id);
    });

    it('unfolds ligatures, drops soft hyphens and joins line-end hyphens in a text file', async () => {
      const text = [
        'Treasury notes for the year.',
        'The ﬁnancial statements were ﬂagged by the audi\u00ADtor for the off-',
        'shore reconciliation, while the chair re-',
        'viewed the “net” position.',
      ].join('\n');
      const ready = await ingest(app, user, projectId, 'notes.txt', text);
      const [chunk] = await app.deps.knex('chunks').where({ documentId: ready.id });
      assert.equal(
        chunk.text,
        'Treasury notes for the year.\nThe financial statements were flagged by the auditor for the offshore reconciliation, while the chair reviewed the "net" position.',
      );
      assert.equal(chunk.charEnd - chunk.charStart, chunk.text.length);
      const hits = await ask(projectId, 'financial statements flagged by the auditor');
      assert.equal(hits[0]?.documentId, ready.id);
      const quoted = await ask(projectId, 'Where does it say "the chair reviewed the “net” position"?');
      assert.equal(quoted[0]?.documentId, ready.id);
      assert.ok(quoted[0].score > 1, 'found as a phrase');
    });
  });

  describe('Korean', () => {
    let projectId: string;
    const sentence = {
      seoul: '2024년 서울 지점의 매출은 4,812억 원이었으며, 부산 지점 대비 높은 실적을 거두었다.',
      busan: '2024년 부산 지점의 매출은 2,950억 원으로 집계되었다.',
      daegu: '대구 지점에서는 인건비가 1,200억 원이었고 채용이 늘었다.',
      hq: '서울 본사의 광고비는 2023년에 310억 원이었다.',
      mixed: 'AI 연구소의 Atlas 프로젝트는 Seoul 데이터센터에서 revenue 분석을 맡았다.',
    };
    const pageOf = { seoul: 1, busan: 2, daegu: 3, hq: 4, mixed: 5 };

    before(async () => {
      projectId = await createProject(app, user, 'Korean');
      const filler = (n: number) => `이 페이지는 ${n}번째 검토 자료이며 담당자는 주간 회의에서 진행 상황을 공유합니다.`;
      const sections = Object.values(sentence).map((s, i) => ({ pageBreakBefore: i > 0, paragraphs: [filler(i + 1), s, filler(i + 10)] }));
      const ready = await ingest(app, user, projectId, '지역실적보고서.docx', await makeDocx(sections));
      assert.equal(ready.status, 'ready', ready.error);
    });

    it('matches a noun across the particle attached to it: "서울 매출" finds "서울 지점의 매출은"', async () => {
      const hits = await ask(projectId, '서울 매출');
      assert.equal(hits[0]?.page, pageOf.seoul, pages(hits).join(', '));
      assert.ok(hits[0].text.includes(sentence.seoul));
    });

    it('finds the Seoul sentence for "부산 대비 서울 지점 실적"', async () => {
      const hits = await ask(projectId, '부산 대비 서울 지점 실적');
      assert.equal(hits[0]?.page, pageOf.seoul, pages(hits).join(', '));
    });

    it('finds the passage from a question sharing no inflected word form with it', async () => {
      const question = '서울의 매출이 얼마였나요?';
      const formsOf = (text: string) => new Set(text.match(/[\p{L}\p{N}]+/gu)?.filter((w) => /\p{Script=Hangul}/u.test(w)));
      const shared = [...formsOf(question)].filter((w) => formsOf(sentence.seoul).has(w));
      assert.deepEqual(shared, [], 'the question writes every Korean word in another form');
      const hits = await ask(projectId, question);
      assert.equal(hits[0]?.page, pageOf.seoul, pages(hits).join(', '));
      // Full text alone finds it too (no embedder): the bigrams match, not the vectors.
      const text = await searchPassages({ knex: app.deps.knex }, { userId: user.id, projectId, query: retrievalQuery(question, NO_SELECTION), limit: 3 });
      assert.equal(text[0]?.page, pageOf.seoul, pages(text).join(', '));
    });

    it('searches a mixed Korean and English question across both scripts', async () => {
      const hits = await ask(projectId, 'Atlas 프로젝트의 revenue 분석');
      assert.equal(hits[0]?.page, pageOf.mixed, pages(hits).join(', '));
      const daegu = await ask(projectId, '대구 지점 인건비는 얼마였나요?');
      assert.equal(daegu[0]?.page, pageOf.daegu, pages(daegu).join(', '));
    });

    it('indexes the same grams in SQL as the query side computes', async () => {
      for (const text of Object.values(sentence)) {
        const { rows } = await app.deps.knex.raw(`SELECT tsvector_to_array(hangul_bigrams(?)) AS grams`, [text]);
        assert.deepEqual([...rows[0].grams].sort(), [...new Set(indexedGrams(text))].sort(), text);
      }
      const { rows } = await app.deps.knex.raw(`SELECT tsv_hangul::text AS v FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.project_id = ? AND c.page = 1`, [projectId]);
      assert.match(rows[0].v, /'매출'/);
      assert.match(rows[0].v, /'4년'/);
    });
  });

  describe('Korean written onto Latin words, figures and hanja (migration 035)', () => {
    let projectId: string;
    // Each sentence on its own page, after a page holding its Korean words without the Latin or hanja one.
    const sentences = ['ESG경영 전략을 발표했다.', 'GDP는 2.1% 성장했다.', '3분기 Q3의 매출이 늘었다.', '內部統制의 평가를 마쳤다.', '값은 1,200이다.', '2024년 실적을 정리했다.'];
    const decoy = '전략 발표와 매출 평가, 분기 실적을 정리한 자료이며 성장과 가격도 다룬다.';
    const pageOf = (i: number) => 2 * i + 2;

    before(async () => {
      projectId = await createProject(app, user, 'Mixed scripts');
      const filler = (n: number) => `이 페이지는 ${n}번째 검토 자료이며 담당자는 주간 회의에서 진행 상황을 공유합니다.`;
      const sections = sentences.flatMap((s, i) => [[filler(2 * i), decoy], [filler(2 * i + 1), s]]).map((paragraphs, i) => ({ pageBreakBefore: i > 0, paragraphs }));
      const ready = await ingest(app, user, projectId, '혼용.docx', await makeDocx(sections));
      assert.equal(ready.status, 'ready', ready.error);
    });

    /** Full text alone (no embedder): the words must be in the index. */
    const fullText = (query: string) => searchPassages({ knex: app.deps.knex }, { userId: user.id, projectId, query, limit: 3 });

    it('finds a Latin word or a figure that Korean is written onto, by itself and beside Korean words', async () => {
      for (const [query, i] of [['ESG', 0], ['ESG 전략', 0], ['GDP', 1], ['Q3', 2], ['Q3 매출', 2], ['2024', 5], ['2024년', 5]] as const) {
        const hits = await fullText(query);
        assert.equal(hits[0]?.page, pageOf(i), `${query} → pages ${pages(hits).join(', ')}`);
      }
    });

    it('finds hanja by their bigrams, a whole word or a part of it', async () => {
      for (const query of ['內部統制', '統制 평가']) {
        const hits = await fullText(query);
        assert.equal(hits[0]?.page, pageOf(3), `${query} → pages ${pages(hits).join(', ')}`);
      }
      const hits = await ask(projectId, '內部統制 평가는 어디에 있나요?');
      assert.equal(hits[0]?.page, pageOf(3), pages(hits).join(', '));
    });

    it('finds a one-syllable noun with its particle attached', async () => {
      const hits = await fullText('값');
      assert.equal(hits[0]?.page, pageOf(4), pages(hits).join(', '));
    });
  });

  describe('a question restating one sentence', () => {
    let projectId: string;

    before(async () => {
      projectId = await createProject(app, user, 'Gathered facets');
    });

    it('ranks the page whose one sentence holds every facet above pages that scatter them over sentences', async () => {
      // Pages 2–5 name the city, the measure, the quarter and the year more often than page 7, each in a
      // sentence about something else; page 7 holds them together in one sentence.
      const scattered = (n: number) => [
        `The Lisbon office opened a new wing in ${2015 + n} and Lisbon staff moved there.`,
        'Revenue of the Madrid office rose sharply, and revenue in Porto held steady.',
        'The third quarter brought audits in Oslo; the third quarter also closed two sites.',
        'In 2021 the board met twice to approve the office budget for 2021.',
      ];
      const doc = Array.from({ length: 8 }, (_, i) => {
        const lines = fillerLines(i + 1, 6);
        if (i + 1 >= 2 && i + 1 <= 5) lines.splice(2, 0, ...scattered(i));
        if (i + 1 === 7) lines.splice(3, 0, 'In the third quarter of 2021 the Lisbon office reported revenue of 4.2 million.');
        return lines;
      });
      const ready = await ingest(app, user, projectId, 'offices.pdf', await makePdf(doc));
      assert.equal(ready.status, 'ready', ready.error);
      const hits = await ask(projectId, 'What was the Lisbon office revenue in the third quarter of 2021?');
      assert.equal(hits[0]?.page, 7, pages(hits).join(', '));
    });

    it('does so for Korean, where the facets are bigrams of the question\'s words', async () => {
      const gathered = '2021년 3분기에 부산 지점은 투자액이 3,323억 원을 기록했다.';
      const scattered = (n: number) => [
        `2021년 1분기에 부산 지점은 광고비가 ${n}00억 원을 기록했다.`,
        `2022년 3분기에 울산 지점은 투자액이 ${n}10억 원을 기록했다.`,
        `부산 지점의 2023년 4분기 투자액은 ${n}20억 원으로 집계되었습니다.`,
        `청주 지점의 2021년 3분기 매출은 ${n}30억 원으로 집계되었습니다.`,
      ];
      const filler = (n: number) => `이 페이지는 ${n}번째 검토 자료이며 담당자는 주간 회의에서 진행 상황을 공유합니다.`;
      const sections = Array.from({ length: 6 }, (_, i) => ({
        pageBreakBefore: i > 0,
        paragraphs: i === 4 ? [filler(i), '인천 지점의 2024년 2분기 인건비는 95억 원으로 집계되었습니다.', gathered, filler(i + 10)] : [filler(i), ...scattered(i + 1), filler(i + 10)],
      }));
      const ready = await ingest(app, user, projectId, '분기실적.docx', await makeDocx(sections));
      assert.equal(ready.status, 'ready', ready.error);
      const hits = await ask(projectId, '부산의 지점 투자액 2021년도 3분기 얼마였나요?');
      assert.equal(hits[0]?.page, 5, pages(hits).join(', '));
      assert.ok(hits[0].text.includes(gathered));
    });
  });

  describe('a short question copied from a page (issue 30)', () => {
    let projectId: string;

    before(async () => {
      projectId = await createProject(app, user, 'Copied');
      // Twelve pages. Pages 2–7 say the plural twice ("These variants are also available"), the same phrase
      // to full text once stemmed and with denser cover; page 8 says the singular once. Pages 3–6 hold
      // "packages" and "binaries" in one sentence, twice and three words apart, as "packages with no
      // binaries" is; page 10 says those words once.
      const doc = Array.from({ length: 12 }, (_, i) => {
        const page = i + 1;
        const lines = fillerLines(page, 10);
        if (page >= 2 && page <= 7) lines.splice(3, 0, 'These variants are also available: $ gcloud alpha storage list.', 'These variants are also available: $ gcloud alpha storage copy.');
        if (page === 8) lines.splice(5, 0, 'This variant is also available: $ gcloud alpha storage move.');
        if (page >= 3 && page <= 6) lines.splice(1, 0, 'Packages that ship binaries and packages that build binaries are listed apart.');
        if (page === 10) lines.splice(7, 0, 'Source packages with no binaries are skipped.');
        return lines;
      });
      const ready = await ingest(app, user, projectId, 'cli-notes.pdf', await makePdf(doc));
      assert.equal(ready.status, 'ready', ready.error);
    });

    /** Searches the words as typed (the search bench's queries), not the analysis's retrieval query. */
    const search = (projectId: string, query: string) => searchPassages(app.deps, { userId: user.id, projectId, query, limit: 8 });

    it('ranks the page saying the quoted words as asked above those saying their stems in the same order', async () => {
      for (const hits of [
        await ask(projectId, 'Which page says "This variant is also available"?'),
        await ask(projectId, 'Which page says variant is also available gcloud alpha?'),
        await search(projectId, 'variant is also available gcloud alpha'),
      ]) {
        assert.equal(hits[0]?.page, 8, pages(hits).join(', '));
      }
    });

    it('ranks the page saying a four-word question word for word above pages holding its words apart more often', async () => {
      for (const hits of [await search(projectId, 'packages with no binaries'), await ask(projectId, 'packages with no binaries')]) {
        assert.equal(hits[0]?.page, 10, pages(hits).join(', '));
      }
    });
  });
});
