import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { SALES } from '../../test/analysis-fixtures.js';
import { sentencesOf } from './citations.js';
import { checkClaims, claimFigures, statementsOf, type Claim } from './claims.js';
import type { StoredPassage } from './context.js';
import { LocalAnalyst } from './engines.js';
import type { Language } from '../prompts/language.js';
import type { Intent } from '../prompts/rules.js';
import type { Selection } from './schema.js';

const passage = (id: string, page: number | null, text: string, documentName = 'annual-report.pdf'): StoredPassage => ({ id, chunkId: `c-${id}`, documentId: `doc-${documentName}`, documentName, page, location: page ? `page ${page}` : 'sheet 1', text });

const REPORT = [
  passage('P1', 2, 'Results. Revenue grew 41% over the half year; the May licence deal added 7,400 in revenue.'),
  passage('P2', 3, 'Logistics. The warehouse holds 1,200 pallets. The operating margin was 0.12 for the year.'),
];

/** The local analyst's answer on a selection, and those of its statements the check flags. */
async function analyse(selection: Selection, intent: Intent, question = 'Summarise the figures', passages: StoredPassage[] = []) {
  const { text } = await new LocalAnalyst().run({
    question, intent, selection, passages, maxOutputTokens: 1000,
    messages: [{ role: 'user', content: 'q' }], signal: new AbortController().signal, onDelta: () => {},
  });
  return { text, flagged: checkClaims({ answer: text, passages, selection }).filter((c) => c.verdict === 'unsupported') };
}

/** The one claim an answer of one sentence makes, its reason written in `language`. */
function only(answer: string, passages: StoredPassage[] = REPORT, selection: Selection = SALES as Selection, language: Language = 'en'): Claim {
  const claims = checkClaims({ answer, passages, selection, language });
  assert.equal(claims.length, 1, JSON.stringify(claims, null, 1));
  return claims[0];
}

describe('claims: figures in cited passages', () => {
  it('flags a figure the cited passage does not state, naming the passage', () => {
    const c = only('Revenue fell 40% because of a dock strike [P1].');
    assert.equal(c.verdict, 'unsupported');
    assert.equal(c.reason, '40% is not in P1 (annual-report.pdf p. 2)');
    assert.deepEqual(c.sources, [{ type: 'passage', citation: 'P1', documentId: 'doc-annual-report.pdf', page: 2 }]);
    assert.equal(c.checkedBy, 'rules');
  });

  it('supports a figure the cited passage states next to the claim’s subject', () => {
    const c = only('Revenue grew 41% over the half year [P1].');
    assert.equal(c.verdict, 'supported');
    assert.deepEqual(c.sources, [{ type: 'passage', citation: 'P1', documentId: 'doc-annual-report.pdf', page: 2 }]);
  });

  it('does not take a number alone as evidence: it must stand next to the subject', () => {
    const c = only('Revenue reached 1,200 in the year [P2].');
    assert.equal(c.verdict, 'unsupported');
    assert.match(c.reason ?? '', /^1,200 appears in P2 \(annual-report\.pdf p\. 3\) but not next to/);
  });

  it('matches a percentage with its fraction, both ways', () => {
    assert.equal(only('The operating margin was 12% [P2].').verdict, 'supported');
    const cells = { sheet: 'S', ranges: [{ address: 'A1:B2', values: [['Region', 'Margin'], ['APAC', 0.12]] }] } as Selection;
    assert.equal(only('APAC margin was 12% [B2].', [], cells).verdict, 'supported');
    const pct = { sheet: 'S', ranges: [{ address: 'A1:B2', values: [['Region', 'Margin'], ['APAC', '12%']] }] } as Selection;
    assert.equal(only('APAC margin was 0.12 [B2].', [], pct).verdict, 'supported');
    assert.equal(only('APAC margin was 21% [B2].', [], cells).verdict, 'unsupported');
  });
});

describe('claims: quotations', () => {
  const scanned = passage('P1', 2, 'The ﬁnancial year was excep-\ntional for the individ-\nual  divisions, said the “board”.');

  it('finds a quote despite ligatures, curly quotes, case, line breaks and line-end hyphens', () => {
    const c = only('The report says “the financial year was exceptional for the individual divisions” [P1].', [scanned]);
    assert.equal(c.verdict, 'supported', c.reason);
    assert.deepEqual(c.sources, [{ type: 'passage', citation: 'P1', documentId: 'doc-annual-report.pdf', page: 2 }]);
    assert.equal(only('It was "exceptional for the individual divisions," said the "board" [P1].', [scanned]).verdict, 'supported');
  });

  it('flags a fabricated quote with the passage it was said to be in', () => {
    const c = only('The report blames "a dock strike in the second half" [P1].', [scanned]);
    assert.equal(c.verdict, 'unsupported');
    assert.equal(c.reason, 'the quote "a dock strike in the second half" is not in P1 (annual-report.pdf p. 2)');
  });

  it('flags a quote that cites no passage', () => {
    assert.match(only('The board called it "an exceptional year for everyone".', [scanned]).reason ?? '', /cites no passage/);
  });
});

describe('claims: cells', () => {
  it('supports a cell figure with its label and flags a wrong one', () => {
    const right = only('Revenue in May was $9,100 [B6].');
    assert.equal(right.verdict, 'supported');
    assert.deepEqual(right.sources, [{ type: 'cell', address: 'Sales!B6' }]);
    const wrong = only('Revenue in March was 1,600 [B4].');
    assert.equal(wrong.verdict, 'unsupported');
    assert.equal(wrong.reason, '1,600 is not in the cited cells (Sales!B4) or computed from them');
  });

  it('checks the cell’s row and column labels, not only its value', () => {
    const c = only('Cost in May was 9,100 [B6].');
    assert.equal(c.verdict, 'unsupported');
    assert.match(c.reason ?? '', /Sales!B6 is Revenue \(\$\) of May/);
    assert.equal(only('Revenue in June was 9,100 [B6].').verdict, 'unsupported');
  });

  it('reads a range citation as its cells', () => {
    const c = only('Revenue peaked at 9,100 in May [B2:B7].');
    assert.equal(c.verdict, 'supported');
    assert.deepEqual(c.sources, [{ type: 'cell', address: 'Sales!B6' }]);
  });

  it('reads a sheet-qualified cell on another sheet of the selection', () => {
    const selection = { sheet: 'Sales', ranges: [SALES.ranges[0], { address: 'Costs!A1:B3', values: [['Site', 'Rent'], ['Antwerp', 2100], ['Rotterdam', 4200]] }] } as Selection;
    const c = only('Rent in Antwerp was 2,100 [Costs!B2].', [], selection);
    assert.equal(c.verdict, 'supported');
    assert.deepEqual(c.sources, [{ type: 'cell', address: 'Costs!B2' }]);
    assert.equal(only('Rent in Antwerp was 2,100 [Costs!B3].', [], selection).verdict, 'unsupported');
  });

  it('decides by the precision written: 1.2 million is 1,234,567, 1,230,000 is not', () => {
    const big = { sheet: 'S', ranges: [{ address: 'A1:B2', values: [['Region', 'Revenue'], ['North', 1_234_567]] }] } as Selection;
    assert.equal(only('North revenue was 1.2 million [B2].', [], big).verdict, 'supported');
    assert.equal(only('North revenue was 1.2m [B2].', [], big).verdict, 'supported');
    assert.equal(only('North revenue was 1.2 m [B2].', [], big).verdict, 'unsupported'); // "1.2 m" may be metres: not a scale
    assert.equal(only('North revenue was $1.2m [B2].', [], big).verdict, 'supported');
    assert.equal(only('North revenue was 1,230,000 [B2].', [], big).verdict, 'unsupported');
    assert.equal(only('North revenue was 1.23k thousand [B2].', [], big).verdict, 'unsupported');
    const small = { sheet: 'S', ranges: [{ address: 'A1:B2', values: [['Region', 'Revenue'], ['North', 1234]] }] } as Selection;
    assert.equal(only('North revenue was 1.2k [B2].', [], small).verdict, 'supported');
    assert.equal(only('North revenue was 1.3k [B2].', [], small).verdict, 'unsupported');
  });

  it('reads Korean figures: 억, 만 and 원', () => {
    const won = { sheet: '매출', ranges: [{ address: 'A1:C3', values: [['지역', '매출', '고객'], ['서울', 481_200_000_000, 30_000], ['부산', 95_000_000_000, 12_000]] }] } as Selection;
    const c = only('서울의 매출은 4,812억원이다 [B2].', [], won);
    assert.equal(c.verdict, 'supported', c.reason);
    assert.deepEqual(c.sources, [{ type: 'cell', address: '매출!B2' }]);
    assert.equal(only('서울의 고객은 3만 명이다 [C2].', [], won).verdict, 'supported');
    assert.equal(only('부산의 매출은 4,812억원이다 [B3].', [], won).verdict, 'unsupported');
    assert.equal(only('서울과 부산의 매출 합계는 5,762억원이다 [B2:B3].', [], won).verdict, 'supported');
  });
});

describe('claims: dates', () => {
  it('matches a date however it is written, to the day', () => {
    const events = { sheet: 'Plan', ranges: [{ address: 'A1:B2', values: [['Event', 'Date'], ['Launch', '2024-03-15']] }] } as Selection;
    assert.equal(only('The launch date was March 15, 2024 [B2].', [], events).verdict, 'supported');
    assert.equal(only('The launch date was 15 March 2024.', [], events).verdict, 'supported');
    assert.equal(only('The launch date was March 16, 2024 [B2].', [], events).verdict, 'unsupported');
  });
});

describe('claims: figures without a citation, and computed figures', () => {
  it('supports an uncited figure that is in the selection next to its label, with the cell as source', () => {
    const c = only('Revenue in May was 9,100.');
    assert.equal(c.verdict, 'supported');
    assert.deepEqual(c.sources, [{ type: 'cell', address: 'Sales!B6' }]);
  });

  it('flags an uncited figure that is not in the selection, or that is there under another label', () => {
    const c = only('Revenue in May was 9,400.');
    assert.equal(c.verdict, 'unsupported');
    assert.equal(c.reason, '9,400 cites no source and is not in the selection');
    assert.equal(only('The warehouse shipped 9,100 pallets.').verdict, 'unsupported'); // a number alone
  });

  it('supports a figure computed from the cited cells, naming the computation', () => {
    const sum = only('Total revenue was $16,330 [B2:B7].');
    assert.equal(sum.verdict, 'supported');
    assert.match(sum.reason ?? '', /\$16,330 is the sum of/);
    assert.equal(sum.sources.length, 6);
    const change = only('Revenue rose 41.7% from January to June [B2, B7].');
    assert.equal(change.verdict, 'supported');
    assert.match(change.reason ?? '', /41\.7% is the change/);
    const diff = only('May revenue was 7,400 above June [B6] [B7].');
    assert.match(diff.reason ?? '', /7,400 is the difference B7 − B6/);
    assert.equal(only('Total revenue was about 16,000 [B2:B7].').verdict, 'supported'); // "about": read to its last non-zero digit
    assert.equal(only('Total revenue was 17,330 [B2:B7].').verdict, 'unsupported');
  });

  it('supports a statistic of a selected column the sentence names, even without a citation', () => {
    const c = only('Average revenue was $2,721.67.');
    assert.equal(c.verdict, 'supported');
    assert.match(c.reason ?? '', /the mean of Revenue \(\$\) \(B2:B7\)/);
    assert.deepEqual(c.sources, [{ type: 'cell', address: 'Sales!B2:B7' }]);
    assert.equal(only('Average widgets were 2,721.67.').verdict, 'unsupported');
  });
});

describe('claims: years, small counts and identifiers (issue 25 §1)', () => {
  const manual = [
    passage('P1', 1, 'The trace package\nFrank Mittelbach\n2021/04/18\nThis file is maintained by the LaTeX Project team.', 'trace.pdf'),
    passage('P2', 7, 'The LaTeX format starting with release 2020 rolls back to older code on request. Three packages ship 4 options each. Fixed in pr/3771 and updated to version 2.1.3.', 'ltnews.pdf'),
    passage('P3', 2, 'Errata to the LaTeX Manual, reported as of 5 August 2021. The format is 100 % compatible. See the revisions of 01/02/2017.', 'errata.pdf'),
  ];

  it('checks a year against the cited passage: stated next to the subject, elsewhere, or not at all', () => {
    assert.equal(only('The LaTeX format starting release: 2020 [P2].', manual).verdict, 'supported');
    const wrong = only('The LaTeX format starting release: 2022 [P2].', manual);
    assert.equal(wrong.verdict, 'unsupported');
    assert.equal(wrong.reason, '2022 is not in P2 (ltnews.pdf p. 7)');
    assert.match(only('Revenue was restated in 2020 [P2].', manual).reason ?? '', /^2020 appears in P2 .* but not next to/);
  });

  it('checks a small whole number against the cited passage', () => {
    assert.equal(only('Each package ships 4 options [P2].', manual).verdict, 'supported');
    assert.equal(only('Each package ships 11 options [P2].', manual).verdict, 'unsupported');
    assert.equal(only('Each package ships 4 options [P1].', manual).verdict, 'unsupported');
  });

  it('reads a date’s year, day and (in digits) month as stated, and a number alone on a line by the lines around it', () => {
    assert.equal(only('The errata of the LaTeX manual are as of 2021 [P3].', manual).verdict, 'supported');
    assert.equal(only('The errata were reported as of August 5 [P3].', manual).verdict, 'supported');
    assert.equal(only('The errata were reported as of August 6 [P3].', manual).verdict, 'unsupported');
    assert.equal(only('The revisions are dated 02 [P3].', manual).verdict, 'supported');
    assert.equal(only('The trace file by Frank Mittelbach is dated 2021 [P1].', manual).verdict, 'supported');
    assert.equal(only('The trace file by Frank Mittelbach is dated 2019 [P1].', manual).verdict, 'unsupported');
  });

  it('does not read a plain whole number as a percentage: "1" is not "100 %"', () => {
    assert.equal(only('The format is compatible: 1 [P3].', manual).verdict, 'unsupported');
    assert.equal(only('The format is 100% compatible [P3].', manual).verdict, 'supported');
  });

  it('takes a number inside an identifier the cited passage holds whole as that identifier, and checks it otherwise', () => {
    assert.equal(only('It was fixed in pr/3771 [P2].', manual).verdict, 'unchecked');
    assert.equal(only('It was updated to version 2.1.3 [P2].', manual).verdict, 'unchecked');
    assert.equal(only('It was fixed in pr/3772 [P2].', manual).verdict, 'unsupported');
    assert.equal(only('It was updated to version 2.4.3 [P2].', manual).verdict, 'unsupported');
  });

  it('finds a year of a cell-cited claim in the cited cells’ labels, and counts among what the cells compute', () => {
    const years = { sheet: 'S', ranges: [{ address: 'A1:B3', values: [['Year', 'Revenue'], [2022, 1100], [2023, 1200]] }] } as Selection;
    const c = only('Revenue in 2023 was 1,200 [B3].', [], years);
    assert.equal(c.verdict, 'supported', c.reason);
    assert.match(c.reason ?? '', /2023 is a label of S!B3/);
    assert.equal(only('Revenue in 2021 was 1,200 [B3].', [], years).verdict, 'unsupported');
    assert.equal(only('Revenue was 1,200 in 2022 [B3].', [], years).verdict, 'unsupported'); // B3 is 2023's
    const counted = checkClaims({ answer: '**Revenue ($)** (6 numbers, $, by Month) [B2:B7]\n- sum $16,330 [B2:B7]', passages: [], selection: SALES as Selection });
    assert.deepEqual(counted.map((x) => x.verdict), ['supported', 'supported']);
    assert.match(counted[0].reason ?? '', /6 is the count of/);
    assert.equal(checkClaims({ answer: '**Revenue ($)** (7 numbers) [B2:B7]', passages: [], selection: SALES as Selection })[0].verdict, 'unsupported');
  });

  it('supports an uncited year or count only when the selection has it', () => {
    const years = { sheet: 'S', ranges: [{ address: 'A1:B3', values: [['Year', 'Revenue'], [2022, 1100], [2023, 1200]] }] } as Selection;
    assert.equal(only('Revenue in 2023 was 1,200.', [], years).verdict, 'supported');
    assert.equal(only('Revenue over the 2 years grew.', [], years).verdict, 'supported');
    const c = only('Revenue in 2019 was 1,200.', [], years);
    assert.equal(c.verdict, 'unsupported');
    // 1,200 is 2023's revenue, not 2019's.
    assert.equal(c.reason, '2019 cites no source and is not in the selection; 1,200 cites no source and is not in the selection');
  });

  it('does not end a sentence at a full stop inside a quotation', () => {
    const st = statementsOf('The manual says "run it at the end. Then stop" [P1]. Costs fell.');
    assert.deepEqual(st.map((x) => x.text), ['The manual says "run it at the end. Then stop" [P1].', 'Costs fell.']);
    assert.equal(statementsOf('It says “code to be run at begin document . ” [P1].').length, 1);
  });
});

describe('claims: statements and what is not a figure', () => {
  it('is unchecked when it states nothing checkable, with the sources it cites', () => {
    const c = only('Revenue rose because of the licence deal [P1].');
    assert.equal(c.verdict, 'unchecked');
    assert.deepEqual(c.sources, [{ type: 'passage', citation: 'P1', documentId: 'doc-annual-report.pdf', page: 2 }]);
    assert.equal(c.reason, undefined);
    assert.equal(c.checkedBy, undefined);
  });

  it('reads years and small counts as figures, but not list numbers, cell addresses, markers, page numbers, file names or method parameters', () => {
    assert.deepEqual(claimFigures('In 2023 the 3 regions of Sheet2!C4 [B2] [P1] on p. 2 of report-2024.pdf grew.', [[25, 34]]).map((n) => n.text), ['2023', '3']);
    assert.deepEqual(claimFigures('Rows beyond 1.5× the interquartile range are outliers; the rest are within a factor of 2.'), []);
    assert.deepEqual(claimFigures('1. Revenue rose.\n2) Costs fell.'), []);
    // The list number is not checked; the year is, and B2 (Jan of an unnamed year) does not say 2023.
    const c = only('1. In 2023 revenue was 1,200 [B2].');
    assert.equal(c.verdict, 'unsupported');
    assert.equal(c.reason, '2023 is not in the cited cells (Sales!B2) or computed from them');
  });

  it('cuts tables, bullets and headings into statements and leaves out boilerplate', () => {
    const answer = [
      '_Local analyst: computed statistics, not an answer from a language model._',
      '',
      'Question: how did revenue do?',
      '',
      '## Revenue',
      '',
      'Revenue peaked in May [B6]. It was 9,100 [B6]. The low was 1,200 in January (e.g. B2).',
      '',
      '| Month | Revenue |',
      '|---|---:|',
      '| May [B6] | 9,100 |',
      '| Jan [B2] | 1,300 |',
      '',
      '**Notes**',
      '- Revenue grew 41% [P1].',
      '- Revenue fell 40% after a strike [P1]. Costs were flat.',
    ].join('\n');
    const claims = checkClaims({ answer, passages: REPORT, selection: SALES as Selection });
    assert.deepEqual(claims.map((c) => [c.text, c.verdict]), [
      ['Revenue peaked in May [B6].', 'unchecked'],
      ['It was 9,100 [B6].', 'supported'],
      ['The low was 1,200 in January (e.g. B2).', 'supported'],
      ['| May [B6] | 9,100 |', 'supported'],
      ['| Jan [B2] | 1,300 |', 'unsupported'],
      ['Revenue grew 41% [P1].', 'supported'],
      ['Revenue fell 40% after a strike [P1].', 'unsupported'],
      ['Costs were flat.', 'unchecked'],
    ]);
    // Nothing is dropped: every statement is in the answer as written.
    for (const c of claims) assert.ok(answer.includes(c.text), c.text);
    assert.equal(statementsOf('## Revenue\n**Per row**').filter((s) => !s.heading).length, 0);
  });

  it('leaves none of the local analyst’s own statistics and quotes unsupported', async () => {
    const passages = [passage('P1', 2, 'Results. Revenue grew strongly in the first half, with a one-off licence deal in May lifting revenue to 9,100.')];
    for (const intent of ['summarise', 'compare', 'trend', 'verify'] as const) {
      const { text } = await new LocalAnalyst().run({
        question: 'Summarise revenue growth and check it against the annual report', intent, selection: SALES as Selection, passages, maxOutputTokens: 1000,
        messages: [{ role: 'user', content: 'q' }], signal: new AbortController().signal, onDelta: () => {},
      });
      const claims = checkClaims({ answer: text, passages, selection: SALES as Selection });
      assert.ok(claims.filter((c) => c.verdict === 'supported').length >= 4, `${intent}: ${JSON.stringify(claims)}`);
      const flagged = claims.filter((c) => c.verdict === 'unsupported');
      assert.deepEqual(flagged, [], `${intent}:\n${text}`);
    }
  });

  it('reads money written as text in cells as the check reads it, and takes no "12,34" for 1,234', async () => {
    const typed: Selection = { sheet: 'S', ranges: [{ address: 'A1:C4', values: [['Region', 'Revenue', 'Rate'], ['North', '$ 1,200', '12,34'], ['South', '$ 1,350', '15,5'], ['East', '$ 9,100', '1,2,3']] }] };
    const { text, flagged } = await analyse(typed, 'summarise', 'Summarise revenue');
    assert.match(text, /min 1,200 USD \(North\)/);
    assert.match(text, /max 9,100 USD \(East\)/);
    assert.doesNotMatch(text, /1,234|155/);
    assert.deepEqual(flagged, [], text);
  });
});

describe('claims: Korean answers (issue 31)', () => {
  const korean: Selection = { sheet: '매출', ranges: [{ address: 'A1:B5', values: [['월', '매출'], ['1월', 100], ['2월', 200], ['3월', 300], ['4월', 400]] }] };
  const report = [passage('P1', 2, '1월 매출은 100이었다.', '연간 보고서.pdf')];

  it('reads Korean computation words as a computation of the named column', () => {
    const std = only('매출 표준편차는 129.1입니다.', [], korean);
    assert.equal(std.verdict, 'supported', JSON.stringify(std));
    assert.match(std.reason ?? '', /the standard deviation of 매출/);
    assert.equal(only('매출은 129.1입니다.', [], korean).verdict, 'unsupported');
  });

  it('does not read a Korean page reference or a method’s parameter as a figure', () => {
    assert.equal(only('- 매출 100 (1월) [B2]: "1월 매출은 100이었다." — 연간 보고서.pdf, 2쪽 [P1]', report, korean).verdict, 'supported');
    assert.equal(only('- 이상치 없음 (모든 값이 사분위범위의 1.5배 안) [B2:B5]', [], korean).verdict, 'unchecked');
    assert.equal(only('- 값이 너무 적습니다; 값들이 서로 5배 이내에 있습니다 [B2:B5].', [], korean).verdict, 'unchecked');
    // Not a parameter: a ratio the sentence states is checked.
    assert.equal(only('- 4월 값은 1월의 7배입니다 [B2, B5].', [], korean).verdict, 'unsupported');
  });

  it('leaves the echoed question out', () => {
    assert.deepEqual(statementsOf('질문: 3월 매출은 얼마인가요?\n\n매출 합계는 1,000입니다.').map((s) => s.text), ['매출 합계는 1,000입니다.']);
  });
});

describe('claims: periods, Korean figures and passages written in items', () => {
  const quarters: Selection = { sheet: 'S', ranges: [{ address: 'A1:B5', values: [['Quarter', 'Revenue'], ['Q1', 100], ['Q2', 300], ['Q3', 5000], ['Q4', 9100]] }] };
  const months: Selection = { sheet: '매출', ranges: [{ address: 'A1:B5', values: [['월', '매출'], ['1월', 100], ['2월', 200], ['3월', 300], ['4월', 9100]] }] };
  const koQuarters: Selection = { sheet: '매출', ranges: [{ address: 'A1:B5', values: [['분기', '매출'], ['1분기', 100], ['2분기', 300], ['3분기', 5000], ['4분기', 9100]] }] };

  it('tells one quarter or month from another: "Q1", "3월" and "1분기" name their rows', () => {
    const cited = only('Q1 revenue was 9,100 [B5].', [], quarters);
    assert.equal(cited.verdict, 'unsupported');
    assert.equal(cited.reason, '9,100 is in S!B5, but S!B5 is Revenue of Q4, not what the sentence names');
    assert.equal(only('Q1 revenue was 9,100.', [], quarters).verdict, 'unsupported');
    assert.equal(only('Q4 revenue was 9,100 [B5].', [], quarters).verdict, 'supported');
    assert.equal(only('Revenue in the fourth quarter was 9,100.', [], quarters).verdict, 'supported');
    assert.equal(only('3월 매출은 9,100이었다.', [], months).verdict, 'unsupported');
    assert.equal(only('4월 매출은 9,100이었다.', [], months).verdict, 'supported');
    assert.equal(only('1분기 매출은 9,100이다.', [], koQuarters).verdict, 'unsupported');
    assert.equal(only('4분기 매출은 9,100이다 [B5].', [], koQuarters).verdict, 'supported');
  });

  it('checks 천, %p and the end of a range instead of reading past them', () => {
    const customers: Selection = { sheet: 'S', ranges: [{ address: 'A1:B2', values: [['지역', '고객'], ['서울', 5000]] }] };
    assert.equal(only('서울 고객은 5천 명이다 [B2].', [], customers).verdict, 'supported');
    const five: Selection = { sheet: 'S', ranges: [{ address: 'A1:B2', values: [['지역', '고객'], ['서울', 5]] }] };
    assert.equal(only('서울 고객은 5천 명이다 [B2].', [], five).verdict, 'unsupported');
    assert.equal(only('4월 매출은 9,100이고 이익률은 12.5%p 올랐다 [B5].', [], months).verdict, 'unsupported');
    const revenue: Selection = { sheet: 'S', ranges: [{ address: 'A1:B3', values: [['Region', 'Revenue'], ['N', 1200], ['S', 9100]] }] };
    assert.equal(only('Revenue ranged from 1,200–9,100 [B2:B3].', [], revenue).verdict, 'supported');
    const invented = only('Revenue ranged from 1,200–99,999 [B2:B3].', [], revenue);
    assert.equal(invented.verdict, 'unsupported');
    assert.match(invented.reason ?? '', /^99,999 is not in the cited cells/);
  });

  it('reads "약" and "some" as approximately only as words of their own', () => {
    const contracts: Selection = { sheet: 'S', ranges: [{ address: 'A1:B2', values: [['지역', '계약'], ['서울', 1300]] }] };
    assert.equal(only('서울 계약 1,000건 [B2].', [], contracts).verdict, 'unsupported');
    assert.equal(only('서울 계약은 약 1,000건 [B2].', [], contracts).verdict, 'supported');
    const units: Selection = { sheet: 'S', ranges: [{ address: 'A1:B2', values: [['Region', 'Units'], ['North', 1300]] }] };
    assert.equal(only('North sold a handsome 1,000 units [B2].', [], units).verdict, 'unsupported');
  });

  it('checks a figure glued to Korean particles against the sentence of its subject', () => {
    const cities = [passage('P1', 4, '서울 매출은 1,200억원이다. 부산 매출은 950억원이다.')];
    const wrong = only('부산 매출은 1,200억원이다 [P1].', cities);
    assert.equal(wrong.verdict, 'unsupported');
    assert.equal(wrong.reason, '1,200억원 is in P1 (annual-report.pdf p. 4) for "서울 매출은 1,200억원이다.", but it gives 950억원 for "부산 매출은 950억원이다."');
    assert.equal(only('서울 매출은 1,200억원이다 [P1].', cities).verdict, 'supported');
    assert.equal(only('부산 매출은 950억원이다 [P1].', cities).verdict, 'supported');
  });

  it('reads a passage written in items item by item, and does not take another quantity for the claim’s', () => {
    const items = [passage('P1', 5, '- 서울 매출 1,200억원 달성\n- 부산 매출 950억원 기록\n- 부산 비용 1,200억원 발생')];
    assert.equal(only('부산 매출은 1,200억원 [P1].', items).verdict, 'unsupported');
    assert.equal(only('부산 매출은 950억원 [P1].', items).verdict, 'supported');
    assert.equal(only('부산 비용은 1,200억원 [P1].', items).verdict, 'supported');
    const costs = [passage('P1', 5, '부산 비용은 1,200억원이었다.')];
    assert.equal(only('부산 매출은 1,200억원 [P1].', costs).verdict, 'unsupported');
  });

  it('flags a change stated the wrong way round, and trusts a signed one', () => {
    const revenue: Selection = { sheet: 'S', ranges: [{ address: 'A1:B3', values: [['Month', 'Revenue'], ['Jan', 1200], ['Feb', 1700.4]] }] };
    const fell = only('Revenue fell 41.7% [B2, B3].', [], revenue);
    assert.equal(fell.verdict, 'unsupported');
    assert.equal(fell.reason, '41.7% is the change from B2 to B3 (+41.7%), which rose, but the sentence says it fell');
    assert.equal(only('Revenue rose 41.7% [B2, B3].', [], revenue).verdict, 'supported');
    assert.equal(only('매출은 41.7% 감소했다 [B2, B3].', [], revenue).verdict, 'unsupported');
    assert.equal(only('매출은 41.7% 증가했다 [B2, B3].', [], revenue).verdict, 'supported');
    assert.equal(only('Revenue changed by −41.7% [B2, B3].', [], revenue).verdict, 'unsupported');
  });

  it('reads the day of a timed cell the add-ins send', () => {
    const launch: Selection = { sheet: 'S', ranges: [{ address: 'A1:B2', values: [['Item', 'Launch date'], ['X', '2024-03-15T10:30:00']] }] };
    assert.equal(only('The launch date was March 15, 2024 [B2].', [], launch).verdict, 'supported');
    assert.equal(only('The launch date was March 16, 2024 [B2].', [], launch).verdict, 'unsupported');
  });

  it('ends on a long rule of dashes and on long runs of references (a runaway answer must not stall the check)', () => {
    const claims = checkClaims({ answer: `|${'-'.repeat(5000)}x\n${'-'.repeat(3000)} end\n${'B2 '.repeat(20_000)}\n${'1/'.repeat(30_000)}`, passages: [], selection: SALES as Selection });
    assert.ok(claims.length >= 1);
  });
});

describe('claims: the local analyst’s own statements on any selection, and wrong rows, periods and quantities', () => {
  it('takes a figure computed from the cited cells even when another row’s cell holds the same number', async () => {
    const s: Selection = { sheet: 'S', ranges: [{ address: 'A1:B4', values: [['Region', 'Sales'], ['North', 250], ['South', 150], ['East', 100]] }] };
    const { text, flagged } = await analyse(s, 'compare');
    assert.deepEqual(flagged, [], text);
    const m: Selection = { sheet: 'S', ranges: [{ address: 'A1:B4', values: [['Region', 'Sales'], ['North', 100], ['South', 200], ['East', 300]] }] };
    assert.equal(only('North sales were 100, below the mean of 200 [B2:B4].', [], m).verdict, 'supported');
    // The heading's own citation names no row: a sheet called "2024 실적" does not make every row 2024's.
    const fy: Selection = { sheet: 'S', ranges: [{ address: "'2024 실적'!A1:B5", values: [['Fiscal year', 'Revenue'], ['FY2021', 100], ['FY2022', 200], ['FY2023', 300], ['FY2024', 400]] }] };
    assert.deepEqual((await analyse(fy, 'trend')).flagged, []);
  });

  it('reads dates (timed too) as the labels of their rows', async () => {
    for (const day of ['2024-03-16', '2024-03-16T10:30:00']) {
      const d: Selection = { sheet: 'S', ranges: [{ address: 'A1:B4', values: [['Date', 'Revenue'], ['2024-03-15', 1200], [day, 1500], ['2024-03-17', 900]] }] };
      for (const intent of ['summarise', 'compare'] as const) assert.deepEqual((await analyse(d, intent)).flagged, [], `${day} ${intent}`);
      assert.equal(only('Revenue on March 16, 2024 was 1,500 [B3].', [], d).verdict, 'supported', day);
      assert.equal(only('Revenue on March 17, 2024 was 1,500 [B3].', [], d).verdict, 'unsupported', day);
    }
  });

  it('names the rows of values by a label area selected beside them', () => {
    const la: Selection = { sheet: 'S', ranges: [{ address: 'A1:A4', values: [['월'], ['1월'], ['2월'], ['3월']] }, { address: 'C1:C4', values: [['매출'], [1200], [1350], [1500]] }] };
    assert.equal(only('3월 매출은 1,500이다 [C4].', [], la).verdict, 'supported');
    const en: Selection = { sheet: 'S', ranges: [{ address: 'A1:A4', values: [['Month'], ['Jan'], ['Feb'], ['Mar']] }, { address: 'C1:C4', values: [['Revenue'], [1200], [1350], [1500]] }] };
    assert.equal(only('Jan revenue was 1,500 [C4].', [], en).verdict, 'unsupported');
    assert.equal(only('Mar revenue was 1,500 [C4].', [], en).verdict, 'supported');
  });

  it('checks "1/2.42 of the median", rows of long tables, "Row 5" names and a rounded small sum', async () => {
    assert.deepEqual((await analyse({ sheet: 'S', ranges: [{ address: 'B1:B3', values: [['Price'], [12], [29]] }] }, 'summarise')).flagged, []);
    assert.deepEqual((await analyse({ sheet: 'S', ranges: [{ address: 'B1:B4', values: [['Price'], [760], [1592], [1700]] }] }, 'anomaly' as Intent)).flagged, []);
    const branches: Selection = { sheet: 'S', ranges: [{ address: 'A1:B14', values: [['Branch', 'Sales'], ...Array.from({ length: 13 }, (_, i) => [`Branch ${String.fromCharCode(65 + i)}`, 5000 - i * 317])] }] };
    assert.deepEqual((await analyse(branches, 'compare')).flagged.map((c) => c.text), []);
    assert.deepEqual((await analyse({ sheet: 'S', ranges: [{ address: 'B5:C6', values: [[500, 700], [600, 800]] }] }, 'summarise')).flagged, []);
    assert.deepEqual((await analyse({ sheet: 'S', ranges: [{ address: 'A1:A7', values: [['Share'], [0.4], [0.5], [0.6], [0.4986], [0.5], [0.5]] }] }, 'summarise')).flagged, []);
  });

  it('finds a year written into a label ("FY2024") and tells FY2023 from FY2024', () => {
    const fy: Selection = { sheet: 'S', ranges: [{ address: 'A1:B4', values: [['Fiscal year', 'Revenue'], ['FY2022', 1500], ['FY2023', 1800], ['FY2024', 2400]] }] };
    assert.equal(only('Revenue in 2024 was 2,400 [B4].', [], fy).verdict, 'supported');
    assert.equal(only('FY2024 revenue was 2,400 [B4].', [], fy).verdict, 'supported');
    assert.equal(only('FY2023 revenue was 2,400 [B4].', [], fy).verdict, 'unsupported');
  });

  it('does not take a row of another quarter or month of the same year, nor a column of another quantity', () => {
    const q: Selection = { sheet: 'S', ranges: [{ address: 'A1:B5', values: [['Period', 'Revenue'], ['2024 Q1', 1200], ['2024 Q2', 3400], ['2024 Q3', 5600], ['2024 Q4', 9100]] }] };
    assert.equal(only('Revenue in 2024 Q3 was 9,100 [B5].', [], q).verdict, 'unsupported');
    assert.equal(only('Revenue in 2024 Q4 was 9,100 [B5].', [], q).verdict, 'supported');
    assert.equal(only('Compared with Q3, revenue reached 9,100 in Q4 [B5].', [], q).verdict, 'supported');
    const ym: Selection = { sheet: 'S', ranges: [{ address: 'A1:B4', values: [['연월', '매출'], ['2024년 3월', 100], ['2024년 4월', 200], ['2024년 5월', 300]] }] };
    assert.equal(only('2024년 3월 매출은 300이다.', [], ym).verdict, 'unsupported');
    assert.equal(only('2024년 5월 매출은 300이다.', [], ym).verdict, 'supported');
    assert.equal(only('Cost in May was $9,100 [B6].').verdict, 'unsupported');
  });

  it('does not take a passage’s figure for another row or period of the selection', () => {
    const regions: Selection = { sheet: 'S', ranges: [{ address: 'A1:B3', values: [['Region', 'Revenue'], ['East', 5200], ['West', 2800]] }] };
    const east = [passage('P1', 3, 'East revenue reached 5,200 in the year.')];
    assert.equal(only('The report says West revenue was 5,200 [P1].', east, regions).verdict, 'unsupported');
    assert.equal(only('The report says East revenue was 5,200 [P1].', east, regions).verdict, 'supported');
    const quarters = [passage('P1', 3, '- Q3 revenue: 5,600\n- Q4 revenue: 9,100')];
    assert.equal(only('The report states Q3 revenue of 9,100 [P1].', quarters).verdict, 'unsupported');
    assert.equal(only('The report states Q4 revenue of 9,100 [P1].', quarters).verdict, 'supported');
    const months = [passage('P1', 3, '- 2월 매출: 1,350\n- 3월 매출: 1,500')];
    assert.equal(only('보고서는 2월 매출을 1,500으로 적고 있다 [P1].', months).verdict, 'unsupported');
    const years = [passage('P1', 3, 'Revenue was 1,500 in 2022.\nRevenue was 1,800 in 2023.')];
    assert.equal(only('The report gives 2022 revenue as 1,800 [P1].', years).verdict, 'unsupported');
    assert.equal(only('The report gives 2023 revenue as 1,800 [P1].', years).verdict, 'supported');
  });

  it('quotes a list item alone, on one line', async () => {
    const passages = [passage('P1', 2, 'Results.\n• 2021 Revenue 1,200\n• 2022 Cost 800\nIn 2023, revenue reached 1,800.', 'r.pdf')];
    assert.deepEqual(sentencesOf(passages[0].text), ['Results.', '• 2021 Revenue 1,200', '• 2022 Cost 800', 'In 2023, revenue reached 1,800.']);
    const s: Selection = { sheet: 'S', ranges: [{ address: 'A1:C4', values: [['Year', 'Revenue', 'Cost'], [2021, 1200, 700], [2022, 1500, 800], [2023, 1800, 900]] }] };
    assert.deepEqual((await analyse(s, 'verify', 'Check revenue against the report', passages)).flagged, []);
  });
});

describe('claims: numbered labels, shares, the row a change runs from, and long answers', () => {
  const weeks: Selection = { sheet: 'S', ranges: [{ address: 'A1:B4', values: [['Week', 'Sales'], ['Week 14', 500], ['Week 15', 520], ['Week 16', 2400]] }] };
  const q: Selection = { sheet: 'S', ranges: [{ address: 'A1:C4', values: [['Quarter', 'Units', 'Customers'], ['Q1', 61641, 73], ['Q2', 31579, 76], ['Q3', 48814, 81]] }] };

  it('reads the digits of a row label written in the sentence as its name ("Week 15", "2016년 7월")', async () => {
    assert.equal(only('Week 15 sales were 520 [B3].', [], weeks).verdict, 'supported');
    assert.equal(only('Week 15 sales were 2,400 [B4].', [], weeks).verdict, 'unsupported');
    const months: Selection = { sheet: 'S', ranges: [{ address: 'A1:B6', values: [['연월', '판매량'], ['2016년 5월', 7], ['2016년 6월', 20], ['2016년 7월', -12], ['2016년 8월', 22], ['2016년 9월', 21]] }] };
    assert.equal(only('2016년 7월 판매량은 -12이다 [B2:B6].', [], months).verdict, 'supported');
    for (const intent of ['summarise', 'compare'] as const) {
      const { text, flagged } = await analyse(months, intent, '판매량을 비교해 주세요');
      assert.deepEqual(flagged, [], text);
    }
  });

  it('does not let a wrong row stand as the range’s minimum, maximum or median, nor a number pass as a percentage', () => {
    assert.equal(only('Q1 customers was 76 [C2:C4].', [], q).verdict, 'unsupported');
    assert.equal(only('Q1 customers was 81 [C2:C4].', [], q).verdict, 'unsupported');
    assert.equal(only('Q3 customers was 81 [C2:C4].', [], q).verdict, 'supported');
    assert.equal(only('Customers in Q2 was 104 [C2:C4].', [], q).verdict, 'unsupported');
    assert.equal(only('Customers rose 3% from Q1 to Q2 [C2, C3].', [], q).verdict, 'unsupported');
    assert.equal(only('Customers rose 4.1% from Q1 to Q2 [C2, C3].', [], q).verdict, 'supported');
  });

  it('computes a share of the total and reads "약" on a scaled figure', () => {
    assert.equal(only('Q2 accounted for 33% of total customers [C2:C4].', [], q).verdict, 'supported');
    const won: Selection = { sheet: 'S', ranges: [{ address: 'A1:B3', values: [['지역', '매출 (원)'], ['서울', 123400000000], ['부산', 95000000000]] }] };
    assert.equal(only('서울 매출은 약 1,200억원이다 [B2].', [], won).verdict, 'supported');
    assert.equal(only('서울 매출은 1,200억원이다 [B2].', [], won).verdict, 'unsupported');
  });

  it('runs a change from the row the sentence measures from', () => {
    const cost: Selection = { sheet: 'S', ranges: [{ address: 'A1:B4', values: [['기간', 'Cost'], ['1월', 14805], ['2월', 8282], ['3월', 14883]] }] };
    assert.equal(only('Cost fell 0.5% from 1월 to 3월 [B2, B4].', [], cost).verdict, 'unsupported');
    assert.equal(only('Cost rose 0.5% from 1월 to 3월 [B2, B4].', [], cost).verdict, 'supported');
    assert.equal(only('1월 대비 3월 비용은 0.5% 증가했다 [B2, B4].', [], cost).verdict, 'supported');
    assert.equal(only('1월 대비 3월 비용은 0.5% 감소했다 [B2, B4].', [], cost).verdict, 'unsupported');
  });

  it('tells ISO months, dates and two-digit fiscal years apart, and a passage table row of another period', () => {
    const iso: Selection = { sheet: 'S', ranges: [{ address: 'A1:B4', values: [['Month', 'Cost'], ['2018-01', 5149], ['2018-02', 10841], ['2018-03', 5723]] }] };
    assert.equal(only('2018-03 cost was 10,841 [B3].', [], iso).verdict, 'unsupported');
    assert.equal(only('Cost in March 2018 was 10,841 [B3].', [], iso).verdict, 'unsupported');
    assert.equal(only('Cost in February 2018 was 10,841 [B3].', [], iso).verdict, 'supported');
    const fy: Selection = { sheet: 'S', ranges: [{ address: 'A1:B4', values: [['Period', 'Profit'], ['FY15 Q2', 120], ['FY16 Q1', 89], ['FY16 Q2', 140]] }] };
    assert.equal(only('FY15 Q2 profit was 140 [B4].', [], fy).verdict, 'unsupported');
    assert.equal(only('FY16 Q2 profit was 140 [B4].', [], fy).verdict, 'supported');
    const table = [passage('P1', 3, 'Quarter | Revenue\nQ4 | 10,000')];
    assert.equal(only('Q1 revenue was 10,000 according to the report [P1].', table).verdict, 'unsupported');
    assert.equal(only('Q4 revenue was 10,000 according to the report [P1].', table).verdict, 'supported');
  });

  it('checks a long answer of table rows under a heading citing the whole column in one pass (a runaway answer must not stall the server)', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`Branch ${i + 1}`, 1000 + i * 7]);
    const big: Selection = { sheet: 'S', ranges: [{ address: 'A1:B201', values: [['Branch', 'Revenue'], ...rows] }] };
    const answer = ['**Revenue** [B2:B201]', '| Branch | Revenue | vs top |', '|---|---:|---:|', ...Array.from({ length: 490 }, (_, i) => `| Branch ${(i % 200) + 1} [B${(i % 200) + 2}] | ${(1000 + (i % 200) * 7).toLocaleString('en-US')} | ${i % 200 === 199 ? '—' : -(2393 - 1000 - (i % 200) * 7)} |`)].join('\n');
    const claims = checkClaims({ answer, passages: [], selection: big });
    assert.equal(claims.filter((c) => c.verdict === 'unsupported').length, 0);
  });
});

describe('claims: reasons in the question’s language', () => {
  const report = [
    passage('P1', 2, '실적. 상반기 매출은 41% 증가했고, 5월 라이선스 계약으로 매출이 7,400 늘었다.', '연차보고서.pdf'),
    passage('P2', 3, '물류. 창고에는 팔레트 1,200개가 있다.', '연차보고서.pdf'),
  ];
  const ko = (answer: string, passages: StoredPassage[] = report, selection: Selection = SALES as Selection) => only(answer, passages, selection, 'ko');
  const koQuarters: Selection = { sheet: '매출', ranges: [{ address: 'A1:B5', values: [['분기', '매출'], ['1분기', 100], ['2분기', 300], ['3분기', 5000], ['4분기', 9100]] }] };
  const months: Selection = { sheet: '매출', ranges: [{ address: 'A1:B5', values: [['월', '매출'], ['1월', 100], ['2월', 200], ['3월', 300], ['4월', 9100]] }] };

  it('writes a figure the cited cells neither hold nor give, and one citing nothing, in Korean', () => {
    const cells = ko('3월 매출은 1,600이었다 [B4].');
    assert.equal(cells.verdict, 'unsupported');
    assert.equal(cells.reason, '1,600: 인용한 셀(Sales!B4)에 없고 계산으로도 나오지 않습니다');
    assert.equal(ko('매출은 1,650 또는 1,640이었다 [B2, B3].').reason, '1,650: 인용한 셀(Sales!B2, Sales!B3)에 없고 계산으로도 나오지 않습니다; 1,640: 인용한 셀(Sales!B2, Sales!B3)에 없고 계산으로도 나오지 않습니다');
    assert.equal(ko('6월 매출은 2,500이었다.').reason, '2,500: 출처를 인용하지 않았고 선택 영역에 없습니다');
  });

  it('writes a figure or a quote the cited passage does not hold in Korean, naming the passage as it is', () => {
    const figure = ko('상반기 매출은 40% 증가했다 [P1].');
    assert.equal(figure.verdict, 'unsupported');
    assert.equal(figure.reason, '40%: P1 (연차보고서.pdf 2쪽)에 없는 수치입니다');
    assert.equal(ko('상반기 매출은 40% 증가했다 [P1, P2].').reason, '40%: P1 (연차보고서.pdf 2쪽), P2 (연차보고서.pdf 3쪽)에 없는 수치입니다');
    assert.equal(ko('보고서는 "부두 파업으로 매출이 줄었다"고 적었다 [P1].').reason, '인용문 "부두 파업으로 매출이 줄었다": P1 (연차보고서.pdf 2쪽)에 없습니다');
    assert.equal(ko('보고서는 "부두 파업으로 매출이 줄었다"고 적었다.').reason, '인용문 "부두 파업으로 매출이 줄었다": 출처 문단을 인용하지 않았습니다');
    // A page-less passage (a sheet, a Word file without pages) is named by its document alone.
    const memo = [passage('P1', null, '메모. 창고에는 팔레트 1,200개가 있다.', 'memo.docx')];
    assert.equal(ko('매출은 1,300이었다 [P1].', memo).reason, '1,300: P1 (memo.docx)에 없는 수치입니다');
  });

  it('writes a figure the passage states for something else in Korean', () => {
    const bare = ko('매출은 1,200이었다 [P2].');
    assert.equal(bare.verdict, 'unsupported');
    assert.equal(bare.reason, '1,200: P2 (연차보고서.pdf 3쪽)에 나오지만, 문장이 말하는 항목의 수치로 나오지는 않습니다');
    const cities = [passage('P1', 4, '서울 매출은 1,200억원이다. 부산 매출은 950억원이다.')];
    assert.equal(ko('부산 매출은 1,200억원이다 [P1].', cities).reason, '1,200억원: P1 (annual-report.pdf 4쪽)에서 "서울 매출은 1,200억원이다."의 수치이며, "부산 매출은 950억원이다."의 수치는 950억원입니다');
  });

  it('writes a cell of another row or column, and a change the wrong way round, in Korean', () => {
    const quarter = ko('1분기 매출은 9,100이다 [B5].', [], koQuarters);
    assert.equal(quarter.verdict, 'unsupported');
    assert.equal(quarter.reason, '9,100: 매출!B5에 있지만, 이 셀은 문장이 말하는 항목이 아니라 4분기의 매출입니다');
    assert.equal(ko('5월 비용은 9,100이었다 [B6].').reason, '9,100: Sales!B6에 있지만, 이 셀은 문장이 말하는 항목이 아니라 May의 Revenue ($)입니다');
    const revenue: Selection = { sheet: 'S', ranges: [{ address: 'A1:B3', values: [['Month', 'Revenue'], ['Jan', 1200], ['Feb', 1700.4]] }] };
    const fell = ko('매출은 41.7% 감소했다 [B2, B3].', [], revenue);
    assert.equal(fell.verdict, 'unsupported');
    assert.equal(fell.reason, '41.7%: B2 대비 B3 증감률(+41.7%) — 실제로는 증가했는데 문장은 감소했다고 말합니다');
    const cost: Selection = { sheet: 'S', ranges: [{ address: 'A1:B3', values: [['Month', 'Cost'], ['Jan', 1700], ['Feb', 1200]] }] };
    assert.equal(ko('비용은 29.4% 증가했다 [B2, B3].', [], cost).reason, '29.4%: B2 대비 B3 증감률(-29.41%) — 실제로는 감소했는데 문장은 증가했다고 말합니다');
  });

  it('names the computation behind a supported figure in Korean', () => {
    const sum = ko('매출 합계는 $16,330이다 [B2:B7].');
    assert.equal(sum.verdict, 'supported');
    assert.equal(sum.reason, '$16,330: Sales!B2…B7의 합계');
    assert.equal(ko('매출 평균은 2,425이다.', [], months).reason, '2,425: 매출 (B2:B5)의 평균');
    assert.equal(ko('4월 매출은 3월 대비 8,800 늘었다 [B4, B5].', [], months).reason, '8,800: B5 − B4의 차이');
    // A year that names the cited cell's row is its label.
    assert.equal(ko('2023년 매출은 1,200이다 [B3].', [], { sheet: 'S', ranges: [{ address: 'A1:B3', values: [['연도', '매출'], ['2022', 900], ['2023', 1200]] }] }).reason, '2023: S!B3의 레이블');
    // A row without a label is named by its sheet row, in Korean "1행".
    const rows: Selection = { sheet: 'S', ranges: [{ address: 'A1:D3', values: [[10, 20, 30, 45], [5, 7, 9, 30], [100, 80, 60, 10]] }] };
    assert.equal(ko('값은 4개이다.', [], rows).reason, '4: 1행 (A1:D1)의 개수');
    assert.equal(only('There are 4 values.', [], rows).reason, '4 is the count of Row 1 (A1:D1)');
  });

  it('gives the same verdicts and sources in either language', () => {
    for (const answer of ['3월 매출은 1,600이었다 [B4].', '매출 합계는 $16,330이다 [B2:B7].', '상반기 매출은 40% 증가했다 [P1].', '5월 매출은 9,100이었다 [B6].']) {
      const [en, kr] = (['en', 'ko'] as const).map((language) => checkClaims({ answer, passages: report, selection: SALES as Selection, language })[0]);
      assert.deepEqual({ ...kr, reason: undefined }, { ...en, reason: undefined }, answer);
      assert.equal(Boolean(kr.reason), Boolean(en.reason));
    }
  });
});

describe('claims: sentences that start with a number, rows left out by name, and rounded statistics', () => {
  const months: Selection = { sheet: '매출', ranges: [{ address: 'A1:B7', values: [['월', '매출'], ['1월', 1200], ['2월', 1350], ['3월', 1500], ['4월', 1480], ['5월', 9100], ['6월', 1700]] }] };
  const check = (answer: string, selection: Selection = SALES as Selection, language: Language = 'en') => checkClaims({ answer, passages: [], selection, language }).map((c) => [c.text, c.verdict, c.reason]);

  it('starts a statement at a number after a full stop, but not after an abbreviation, a list number or in a decimal', () => {
    const texts = (answer: string) => statementsOf(answer).map((s) => s.text);
    assert.deepEqual(texts('매출은 증가했습니다 [B2:B4]. 3월 매출은 1,500입니다 [B4].'), ['매출은 증가했습니다 [B2:B4].', '3월 매출은 1,500입니다 [B4].']);
    assert.deepEqual(texts('매출은 증가했습니다. 2023년에는 1,200이었습니다.'), ['매출은 증가했습니다.', '2023년에는 1,200이었습니다.']);
    assert.deepEqual(texts('Revenue rose. 2024 was flat. The count was 3. 4 regions grew.'), ['Revenue rose.', '2024 was flat.', 'The count was 3.', '4 regions grew.']);
    for (const one of ['It was approx. 3 units, see p. 4, item No. 5 and Fig. 2.', 'Revenue vs. 2023 rose.', 'It peaked on Dec. 5, 2024 at 9,100.', 'In the U.S. 500 stores opened.', 'The mean was 1.5 and v2.0 shipped.', 'Sales rose... 3 times.']) {
      assert.deepEqual(texts(one), [one]);
    }
    assert.deepEqual(texts('Revenue rose 12% [B2:B3]. 2. Costs fell.'), ['Revenue rose 12% [B2:B3].', '2. Costs fell.']);
    // Each sentence's figures are judged by its own row: 1,350 is 2월's, not 3월's.
    assert.deepEqual(check('2월 매출은 1,350이었습니다 [B3]. 3월 매출은 1,350입니다 [B3:B4].', months, 'ko').map((c) => c[1]), ['supported', 'unsupported']);
    assert.deepEqual(check('Revenue rose [B2:B4]. 2023 was a good year for revenue at 1,500 [B4].').map((c) => c[1]), ['unchecked', 'unsupported']);
  });

  it('reads a row left out by name as not the subject: the other rows’ cells and statistics support the figures', () => {
    const supported = [
      'Excluding May, revenue ranged between 1,200 and 1,700 [B2:B7].',
      'Revenue ranged from 1,200 to 1,700, excluding May (9,100) [B2:B7].',
      'Except for May and June, the median revenue was 1,415 [B2:B7].',
      'Without May, average revenue was 1,446.',
    ];
    for (const answer of supported) assert.equal(check(answer)[0][1], 'supported', answer);
    assert.deepEqual(check('Excluding May, average revenue was 1,446 [B2:B7].')[0].slice(1), ['supported', '1,446 is the mean of Sales!B2…B7 without Sales!B6']);
    // The left-out row's own figure stated for the others is flagged, saying why.
    assert.deepEqual(check('Excluding May, revenue ranged between 1,200 and 9,100 [B2:B7].')[0].slice(1), ['unsupported', '9,100 is in Sales!B6, but Sales!B6 is Revenue ($) of May, which the sentence leaves out']);
    assert.equal(check('Excluding May, average revenue was 1,600 [B2:B7].')[0][1], 'unsupported');
    // Korean names come before the word that leaves them out.
    for (const answer of ['5월을 제외하면 매출은 1,200에서 1,700 사이였습니다 [B2:B7].', '매출은 9,100인 5월을 제외하면 1,200에서 1,700 사이였습니다 [B2:B7].']) {
      assert.equal(check(answer, months, 'ko')[0][1], 'supported', answer);
    }
    assert.deepEqual(check('5월 제외 시 매출 평균은 1,446입니다 [B2:B7].', months, 'ko')[0].slice(1), ['supported', '1,446: 매출!B2…B7(매출!B6 제외)의 평균']);
    assert.deepEqual(check('5월을 제외하면 매출은 1,200에서 9,100 사이였습니다 [B2:B7].', months, 'ko')[0].slice(1), ['unsupported', '9,100: 매출!B6에 있지만, 이 셀은 문장이 제외한 5월의 매출입니다']);
  });

  it('takes a trend, a deviation or a multiple of the median rounded to a whole number as the analyst writes it, and flags a wrong one', async () => {
    // Slope 5.005 is written "+5"; a standard deviation of 6.003 "6"; 30.02 / 10.001 "1/3"; 72.27 / 14.45 "5배".
    const units: Selection = { sheet: 'S', ranges: [{ address: 'A1:B4', values: [['Quarter', 'Units'], ['Q1', 45.13], ['Q2', 3.86], ['Q3', 55.14]] }] };
    const { text, flagged } = await analyse(units, 'trend');
    assert.match(text, /trend rising \(\+5 per step\)/);
    assert.deepEqual(flagged, [], text);
    assert.equal(only('Units: trend rising (+7 per step) [B2:B4].', [], units).verdict, 'unsupported');
    assert.equal(only('Units grew by 5 [B2:B4].', [], units).verdict, 'unsupported');
    const spread: Selection = { sheet: 'S', ranges: [{ address: 'B1:B3', values: [['Price'], [59.14], [67.63]] }] };
    const sd = await analyse(spread, 'summarise');
    assert.match(sd.text, /std-dev 6 \[B2:B3\]/);
    assert.deepEqual(sd.flagged, [], sd.text);
    assert.equal(only('Price: std-dev 8 [B2:B3].', [], spread).verdict, 'unsupported');
    const low = await analyse({ sheet: 'S', ranges: [{ address: 'B1:B4', values: [['Price'], [10.001], [30], [30.04]] }] }, 'anomaly');
    assert.match(low.text, /1\/3 of the median of the others/);
    assert.deepEqual(low.flagged, [], low.text);
    const high: Selection = { sheet: 'S', ranges: [{ address: 'B1:B4', values: [['판매량'], [72.27], [14.44], [14.46]] }] };
    const { text: ko } = await new LocalAnalyst().run({
      question: '이상치가 있나요?', intent: 'anomaly', selection: high, passages: [], maxOutputTokens: 1000,
      messages: [{ role: 'user', content: 'q' }], signal: new AbortController().signal, onDelta: () => {},
    });
    assert.match(ko, /중앙값\(14\.45\)의 5배/);
    assert.deepEqual(checkClaims({ answer: ko, passages: [], selection: high, language: 'ko' }).filter((c) => c.verdict === 'unsupported'), [], ko);
  });

  it('reads a small whole number as one value per cell (the others’ median over it) only when written as that fraction', () => {
    // 30 / 10.2 = 2.94: "1/3 of the median of the others" reads it, a bare "3" does not.
    const m: Selection = { sheet: 'S', ranges: [{ address: 'A1:B5', values: [['Region', 'Units'], ['North', 10.2], ['South', 31], ['East', 29], ['West', 30]] }] };
    assert.equal(only('North had 3 stores [B2:B5].', [], m).verdict, 'unsupported');
    assert.equal(only('North is 1/3 of the median of the others [B2:B5].', [], m).verdict, 'supported');
  });

  it('reads the selection’s series as the analyst does: on their own sheet when another sheet has the same columns', () => {
    const two: Selection = { sheet: 'Sales', ranges: [{ address: 'A1:B4', values: [['Month', 'Revenue'], ['Jan', 100], ['Feb', 250], ['Mar', 300]] }, { address: 'Plan!A1:B4', values: [['Month', 'Target'], ['Jan', 10], ['Feb', 25], ['Mar', 30]] }] };
    assert.deepEqual(only('The average revenue was 216.67.', [], two).sources, [{ type: 'cell', address: 'Sales!B2:B4' }]);
    assert.deepEqual(only('The average target was 21.67.', [], two).sources, [{ type: 'cell', address: 'Plan!B2:B4' }]);
  });
});
