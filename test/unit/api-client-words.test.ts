/**
 * The shared client's pane words (issue 31 leftover): flags, source labels and the citations table follow
 * the words a pane passes (from the `pane` catalogue), English by default; and the template-variable helpers
 * both panes fill a run with (issue 28).
 */
import assert from 'node:assert/strict';
import { answerWords } from '@intellio/addin-excel/checks';
import {
  answerRows,
  citationHeaders,
  ENGLISH_WORDS,
  fillVariables,
  flagText,
  linkAnswer,
  missingVariables,
  sheetLayout,
  sourceLabel,
  variablesFor,
  type CheckedCitation,
  type Claim,
} from '@intellio/api-client';
import { createI18n } from '@intellio/i18n';

const ko = answerWords(createI18n('ko').t);
const en = answerWords(createI18n('en').t);

const claims: Claim[] = [
  { text: 'North leads with 1,200.', verdict: 'supported', sources: [{ type: 'cell', address: 'B2' }] },
  { text: 'South fell 40% in March.', verdict: 'unsupported', sources: [], reason: '40% is not in P2' },
];
const citations: CheckedCitation[] = [
  {
    id: 'P1',
    documentName: 'Annual report.pdf',
    page: 4,
    quote: 'North grew 26%.',
    url: 'https://x.test/file?s=1',
    appUrl: 'https://x.test/d/d1?page=4',
  },
  {
    id: 'P2',
    documentName: 'Minutes.pdf',
    page: null,
    quote: 'South lost the port.',
    ocr: true,
    url: 'https://x.test/file?s=2',
  },
];
const answer = 'North leads with 1,200 [B2].\nSouth fell 40% in March [P2].';

describe('api-client: pane words', () => {
  it('keeps English by default, the same words as the English catalogue', () => {
    const layout = sheetLayout({ answer, citations, claims, includeCitations: true });
    assert.deepEqual(layout.rows[layout.header?.row ?? -1], [
      '#',
      'Document',
      'Page',
      'Quote',
      'Link',
      'Note',
    ]);
    assert.equal(layout.rows[1][1], '⚠ Not found in its sources: 40% is not in P2');
    assert.equal(layout.links[0].tip, 'Open Annual report.pdf, p. 4 in Intellio');
    assert.equal(layout.rows.at(-1)?.[5], 'Scanned page, read by OCR: check the quote against the page');
    assert.match(
      String(layout.rows[3][0]),
      /^1 of 2 statements checked against their sources · 1 not found in its sources$/,
    );
    // The English catalogue says exactly what the client's defaults say: no second wording to drift.
    const sample = { answer, citations, claims, includeCitations: true };
    assert.deepEqual(sheetLayout({ ...sample, words: en }), sheetLayout(sample));
    assert.equal(flagText(claims[1], en), flagText(claims[1]));
    assert.equal(sourceLabel(citations[0], en), sourceLabel(citations[0], ENGLISH_WORDS));
  });

  it('writes the cells in Korean with Korean words: headers, flag, summary, label, tip, OCR note', () => {
    const layout = sheetLayout({ answer, citations, claims, includeCitations: true, words: ko });
    assert.deepEqual(layout.rows[layout.header?.row ?? -1], ['번호', '문서', '쪽', '인용', '링크', '참고']);
    assert.equal(layout.rows[1][1], '⚠ 출처에서 찾을 수 없음: 40% is not in P2');
    assert.equal(
      layout.rows[3][0],
      '문장 2개 중 1개를 출처와 대조했습니다 · 1개는 출처에서 찾을 수 없습니다',
    );
    assert.equal(layout.links[0].text, 'Annual report.pdf, 4쪽');
    assert.equal(layout.links[0].tip, 'Intellio에서 Annual report.pdf, 4쪽 열기');
    assert.equal(layout.rows.at(-1)?.[5], 'OCR로 읽은 스캔 페이지입니다. 원문 페이지와 인용을 대조하세요');
    // No English word of the client's own is left in the cells (document names and quotes are the user's).
    const own = layout.rows
      .flat()
      .filter((v) => typeof v === 'string' && !/Annual report|Minutes|North|South|P\d|40%/.test(v));
    assert.deepEqual(
      own.filter((v) => /[A-Za-z]{3,}/.test(String(v)) && !/Intellio|OCR/.test(String(v))),
      [],
    );
  });

  it('flags the answer in the pane in its language (linkAnswer, flagText)', () => {
    const { markdown } = linkAnswer(answer, { claims, citationIds: ['P1', 'P2'], words: ko });
    assert.match(markdown, /\[⚠ 출처에서 찾을 수 없음: 40% is not in P2\]\(#flag=1\)/);
    assert.equal(flagText({}, ko), '⚠ 출처에서 찾을 수 없음');
    assert.match(
      linkAnswer(answer, { claims }).markdown,
      /\[⚠ Not found in its sources: 40% is not in P2\]\(#flag=1\)/,
    );
  });

  it('lays out answerRows and citationHeaders with the words given', () => {
    assert.deepEqual(citationHeaders([{ ...citations[0] }], ko), ['번호', '문서', '쪽', '인용', '링크']);
    assert.deepEqual(citationHeaders([{ ...citations[0] }]), ['#', 'Document', 'Page', 'Quote', 'Link']);
    const rows = answerRows('A.', [{ ...citations[1] }], true, ko);
    assert.deepEqual(rows[2], ['번호', '문서', '쪽', '인용', '링크', '참고']);
    assert.equal(rows[3][5], 'OCR로 읽은 스캔 페이지입니다. 원문 페이지와 인용을 대조하세요');
  });
});

describe('api-client: template variables', () => {
  it('lists the empty ones, blanks included', () => {
    assert.deepEqual(missingVariables(['supplier', 'region'], { supplier: 'Northwind', region: '  ' }), [
      'region',
    ]);
    assert.deepEqual(missingVariables(['supplier'], {}), ['supplier']);
    assert.deepEqual(missingVariables([], {}), []);
  });

  it("fills the template's own placeholders, leaving built-in and unfilled ones to the server", () => {
    assert.equal(
      fillVariables('Check {{ supplier }} on {{sheet}} for {{region}}.', { supplier: ' Northwind ' }),
      'Check Northwind on {{sheet}} for {{region}}.',
    );
    assert.equal(fillVariables('No placeholders.', { supplier: 'x' }), 'No placeholders.');
    // Names in any script, as the server reads them (a Korean template's {{공급자}}).
    assert.equal(fillVariables('{{공급자}}의 {{월}} 청구서 ({{sheet}})', { 공급자: '한빛상사', 월: '5월' }), '한빛상사의 5월 청구서 ({{sheet}})');
  });

  it("sends exactly the template's names, trimmed", () => {
    assert.deepEqual(variablesFor(['supplier', 'region'], { supplier: ' Northwind ', other: 'x' }), {
      supplier: 'Northwind',
      region: '',
    });
  });
});
