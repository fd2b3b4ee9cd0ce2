import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { SALES } from '../../test/analysis-fixtures.js';
import { buildMessages } from '../analysis/context.js';
import type { Selection } from '../analysis/schema.js';
import { fillTemplate } from '../templates/variables.js';
import { EXAMPLE_PROMPTS } from './examples.js';
import { detectLanguage, languageOf, LANGUAGES } from './language.js';
import { complaintRules, describeSelection, detectIntent, INTENTS, refineByRules } from './rules.js';

const KOREAN_SALES: Selection = {
  sheet: '매출',
  ranges: [{ address: 'A1:C4', values: [['월', '매출 ($)', '비용'], ['1월', 1200, 800], ['2월', 1350, 820], ['3월', 1500, 790]] }],
};

describe('the question’s language', () => {
  it('is Korean when Hangul makes up enough of the letters, else English', () => {
    for (const q of ['서울 지점의 매출은 얼마였나요?', '부산 대비 서울 지점 실적', 'Revenue (USD) 열의 추세를 보여 줘', 'Q1 매출 비교', '매출 확인']) assert.equal(detectLanguage(q), 'ko', q);
    for (const q of ['Why did revenue spike in May?', 'Why did 서울 revenue spike in May?', 'Compare Q1 vs Q2', '', '1,200 + 3 = ?', 'Résumé des chiffres']) assert.equal(detectLanguage(q), 'en', q);
  });

  it('is read from a client’s tag list, English when none is supported', () => {
    assert.equal(languageOf('ko-KR,ko;q=0.9,en;q=0.8'), 'ko');
    assert.equal(languageOf('en-US,en;q=0.9'), 'en');
    assert.equal(languageOf('fr-FR, ko;q=0.5'), 'ko');
    assert.equal(languageOf('fr-FR'), 'en');
    assert.equal(languageOf(undefined), 'en');
  });
});

describe('intents of Korean questions', () => {
  it('detects each intent from its Korean words', () => {
    const cases: Array<[string, string]> = [
      ['이 표를 요약해 주세요', 'summarise'],
      ['부산과 서울 매출을 비교해 주세요', 'compare'],
      ['부산 대비 서울 지점 실적', 'compare'],
      ['월별 매출 추세는 어떤가요?', 'trend'],
      ['전년 대비 얼마나 늘었나요?', 'trend'],
      ['이상치가 있나요?', 'anomaly'],
      ['5월 매출이 왜 급증했나요?', 'anomaly'],
      ['3월 매출이 낮은 이유는?', 'explain'],
      ['왜 3월이 낮아요?', 'explain'],
      ['이 수치를 보고서와 대조해 검증해 주세요', 'verify'],
      ['계약서의 금액과 맞는지 확인해 주세요', 'verify'],
      ['다음 분기 매출을 예측해 주세요', 'forecast'],
      ['서울 매출', 'summarise'],
    ];
    for (const [q, intent] of cases) assert.equal(detectIntent(q), intent, q);
  });
});

describe('prompt refinement in the question’s language', () => {
  it('writes a Korean question’s refined prompt in Korean, which still reads as the same intent', () => {
    const questions: Record<(typeof INTENTS)[number], string> = {
      summarise: '요약해 주세요', compare: '열을 비교해 주세요', trend: '추세를 알려 주세요', anomaly: '이상치가 있나요?',
      explain: '왜 그런지 설명해 주세요', verify: '보고서와 검증해 주세요', forecast: '다음 달을 예측해 주세요',
    };
    for (const intent of INTENTS) {
      const r = refineByRules({ prompt: questions[intent], selection: KOREAN_SALES, complaints: ['너무 길고 장황해요', '숫자가 틀렸어요'] });
      assert.equal(r.intent, intent);
      // analysis/service.ts reads the intent from the refined prompt when the user sends it back edited.
      assert.equal(detectIntent(r.refinedPrompt), intent, r.refinedPrompt);
      assert.equal(detectLanguage(r.refinedPrompt), 'ko');
      const lines = r.refinedPrompt.split('\n');
      assert.match(lines[0], new RegExp(`^과제\\(.+\\): ${questions[intent].replace('?', '\\?')}$`));
      assert.match(r.refinedPrompt, /^형식: /m);
      assert.match(r.refinedPrompt, /^인용: .*\[P1\].*\[B2\]/m);
      assert.match(r.refinedPrompt, /^답변을 짧게 쓰세요\.$/m);
      assert.match(r.refinedPrompt, /^모든 수치를 셀 값과 한 번 더 맞춰 보고/m);
      assert.match(r.refinedPrompt, /^답변 언어: 질문과 같은 한국어로 답하세요\./m);
      // No English boilerplate: only the example references ([Sheet2!C4], A1, id) and the data are Latin.
      const boilerplate = r.refinedPrompt.replace(/\[[^\]]*\]/g, '').replace(/\bA1\b|\bid\b|\$/g, '');
      assert.doesNotMatch(boilerplate, /[A-Za-z]{2,}/, boilerplate);
    }
    assert.equal(
      describeSelection(KOREAN_SALES, 'ko'),
      '매출에서 선택한 셀 12개: 매출!A1:C4 (3열 × 4행; 머리글: 월, 매출 ($), 비용; 숫자 열: 매출 ($)(단위 $), 비용)',
    );
  });

  it('keeps an English question’s refined prompt as it was', () => {
    const r = refineByRules({ prompt: 'How is revenue trending?', selection: SALES as Selection, complaints: ['far too verbose'] });
    assert.match(r.refinedPrompt, /^Task \(trend\): How is revenue trending\?\nSelection: 21 selected cells in Sales: .*\nFormat: Answer with the direction and size of the trend.*\nKeep the answer short\.\nCitations: Use only the selected cells/);
    assert.doesNotMatch(r.refinedPrompt, /[\uAC00-\uD7A3]/);
    assert.deepEqual(complaintRules(['출처가 없어요', '너무 모호합니다']), ['Cite a passage for every claim taken from the documents.', 'Be specific: name the cells and the numbers.']);
  });

  it('tells the model the language to answer in', () => {
    const ko = refineByRules({ prompt: '월별 매출 추세는?', selection: KOREAN_SALES });
    const system = buildMessages({ refinedPrompt: ko.refinedPrompt, selection: KOREAN_SALES, passages: [], examples: [] })[0].content;
    assert.match(system, /^Language: answer in Korean \(한국어\), the language of the question; keep the citation markers \(\[B2\], \[P1\]\) and quotations as they are\.$/m);
    const en = refineByRules({ prompt: 'How is revenue trending?', selection: KOREAN_SALES });
    assert.match(buildMessages({ refinedPrompt: en.refinedPrompt, selection: KOREAN_SALES, passages: [], examples: [] })[0].content, /^Language: answer in English, the language of the question;/m);
    // A caller that knows the question's language says so, whatever the refined prompt is written in.
    assert.match(buildMessages({ refinedPrompt: en.refinedPrompt, selection: KOREAN_SALES, passages: [], examples: [], language: 'ko' })[0].content, /answer in Korean/);
  });

  it('fills a Korean template’s {{selection}} in Korean, an English one’s in English', () => {
    assert.equal(fillTemplate('{{selection}} — 추세를 요약해 주세요', KOREAN_SALES), `${describeSelection(KOREAN_SALES, 'ko')} — 추세를 요약해 주세요`);
    assert.match(fillTemplate('Summarise {{selection}}', KOREAN_SALES), /^Summarise 12 selected cells in 매출: /);
  });

  it('offers the built-in examples in both languages, each reading as its intent', () => {
    for (const language of LANGUAGES) {
      assert.deepEqual(EXAMPLE_PROMPTS[language].map((e) => e.intent), [...INTENTS]);
      for (const e of EXAMPLE_PROMPTS[language]) {
        assert.equal(detectIntent(e.prompt), e.intent, e.prompt);
        assert.equal(detectLanguage(e.prompt), language, e.prompt);
      }
    }
  });
});
