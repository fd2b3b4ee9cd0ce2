import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { LocalAnalyst, type EngineRequest } from './engines.js';
import { bestQuote, sentencesOf } from './citations.js';
import { checkClaims } from './claims.js';
import { statedNumbers } from './figures.js';
import { labelColumn, numericColumns, numericRows } from './stats.js';
import { describeSelection, type Intent } from '../prompts/rules.js';
import type { StoredPassage } from './context.js';
import type { SelectionRange } from './schema.js';

const table = (address: string, values: SelectionRange['values']): SelectionRange => ({ address, values });

/** The local analyst's answer for one range. */
async function answer(intent: Intent, range: SelectionRange, question = 'q', passages: StoredPassage[] = []): Promise<string> {
  const req: EngineRequest = {
    question, intent, selection: { sheet: 'Sheet1', ranges: [range] }, passages, maxOutputTokens: 1000,
    messages: [{ role: 'user', content: 'q' }], signal: new AbortController().signal, onDelta: () => {},
  };
  return (await new LocalAnalyst().run(req)).text;
}

const passage = (id: string, page: number, text: string): StoredPassage => ({ id, chunkId: id, documentId: 'd', documentName: 'Annual report.pdf', page, location: `page ${page}`, text });

const REGIONS = table('A1:B4', [['Region', 'Margin'], ['APAC', 0.112], ['EMEA', 0.154], ['Americas', 0.131]]);

describe('the local analyst and its selection statistics', () => {
  it('labels each value by its row and tells periods from categories', () => {
    const [margin] = numericColumns([REGIONS]);
    assert.deepEqual(margin.rowLabels, ['APAC', 'EMEA', 'Americas']);
    assert.equal(margin.rowLabelName, 'Region');
    assert.equal(margin.ordered, false);
    const periods = ['Jan', 'February', 'Q1 2024', '2024 Q2', 'FY24', "Mar '25", 'Jan-24', 'H2', 'Week 3', '2024-01-31', '31/01/2024', 'Mon', 'Tuesday'];
    for (const label of periods) {
      const [s] = numericColumns([table('A1:B3', [['When', 'Sales'], [label, 1], [label, 2]])]);
      assert.equal(s.ordered, true, label);
    }
    for (const label of ['Monaco', 'Thunder Bay', 'Marketing', 'Q5', 'Widget 2000']) {
      const [s] = numericColumns([table('A1:B3', [['Who', 'Sales'], [label, 1], [label, 2]])]);
      assert.equal(s.ordered, false, label);
    }
    // Plain cells without labels are a sequence.
    assert.equal(numericColumns([table('B2:B4', [[1], [2], [3]])])[0].ordered, true);
  });

  it('takes a year or date column as the rows’ key, not as a measure to sum', () => {
    const years = table('A1:C4', [['Year', 'Revenue', 'Cost'], [2022, 10, 7], [2023, 12, 8], [2024, 15, 8]]);
    const columns = numericColumns([years]);
    assert.deepEqual(columns.map((s) => s.label), ['Revenue', 'Cost']);
    assert.deepEqual(columns[0].rowLabels, ['2022', '2023', '2024']);
    assert.equal(columns[0].ordered, true);
    const rows = numericRows([years]);
    assert.deepEqual(rows.map((r) => [r.label, r.values]), [['2022', [10, 7]], ['2023', [12, 8]], ['2024', [15, 8]]]);
    assert.deepEqual(rows[0].rowLabels, ['Revenue', 'Cost']);
    // Years counting down without a header row; Excel date serials under a "Date" header.
    assert.equal(labelColumn(table('A1:B3', [[2024, 5], [2023, 6], [2022, 7]]), 0, ['A', 'B'])?.index, 0);
    assert.deepEqual(labelColumn(table('A1:B3', [['Date', 'Close'], [45292, 101.5], [45293, 99.2]]), 1, ['Date', 'Close']), { index: 0, periods: true });
    // A measure that merely holds four-digit numbers stays a measure.
    assert.equal(labelColumn(table('A1:B4', [['Units', 'Price'], [1950, 3], [2011, 4], [1987, 5]]), 1, ['Units', 'Price']), null);
  });

  it('joins the same column picked in several ranges into one series, in row order', async () => {
    const head = table('A1:C3', [['Month', 'Revenue', 'Cost'], ['Jan', 1200, 800], ['Feb', 1350, 820]]);
    const may: SelectionRange = { address: 'A6:C6', headers: ['Month', 'Revenue', 'Cost'], values: [['May', 9100, 805]] };
    for (const ranges of [[head, may], [may, head]]) {
      const [revenue, cost] = numericColumns(ranges);
      assert.deepEqual([revenue.label, revenue.values, revenue.addresses, revenue.rowLabels], ['Revenue', [1200, 1350, 9100], ['B2', 'B3', 'B6'], ['Jan', 'Feb', 'May']]);
      assert.equal(cost.values.length, 3);
      assert.equal(revenue.ordered, true);
    }
    assert.equal(numericColumns([head, may])[0].address, 'B2:B3, B6');
    // A one-row area sent without headers (an add-in cannot take a header row from it) borrows the
    // table's: from a header row in the values, or from headers given with the other area.
    const bare: SelectionRange = { address: 'A6:C6', values: [['May', 9100, 805]] };
    const given: SelectionRange = { address: 'A2:C3', headers: ['Month', 'Revenue', 'Cost'], values: [['Jan', 1200, 800], ['Feb', 1350, 820]] };
    for (const ranges of [[head, bare], [given, bare], [bare, given]]) {
      const [revenue] = numericColumns(ranges);
      assert.deepEqual([revenue.label, revenue.addresses, revenue.rowLabels], ['Revenue', ['B2', 'B3', 'B6'], ['Jan', 'Feb', 'May']]);
    }
    assert.match(describeSelection({ sheet: 'Sales', ranges: [given, bare] }), /Sales!A6:C6 \(3 columns × 1 row; headers: Month, Revenue, Cost; numeric: Revenue, Cost\)/);
    assert.equal(numericColumns([bare]).length, 0, 'alone, a row has no column to join');
    // Another sheet's column B, or another header, is another series.
    const elsewhere: SelectionRange = { address: 'Plan!A6:C6', headers: ['Month', 'Revenue', 'Cost'], values: [['May', 1500, 800]] };
    assert.deepEqual(numericColumns([head, elsewhere]).map((s) => s.values.length), [2, 2]);
    const text = await answer('anomaly', head, 'Why did revenue spike in May?');
    assert.doesNotMatch(text, /9,100/);
    const req: EngineRequest = {
      question: 'Why did revenue spike in May?', intent: 'anomaly', selection: { sheet: 'Sales', ranges: [head, may] }, passages: [], maxOutputTokens: 1000,
      messages: [{ role: 'user', content: 'q' }], signal: new AbortController().signal, onDelta: () => {},
    };
    const joined = (await new LocalAnalyst().run(req)).text;
    assert.match(joined, /\*\*Revenue\*\* \(3 numbers, by Month\) \[B2:B3, B6\]/);
    assert.match(joined, /max 9,100 \(May\) \[B6\]/);
    // Three values are too few for Tukey's fences: no "no outliers", but the one that stands apart.
    assert.doesNotMatch(joined, /no outliers/);
    assert.match(joined, /- too few values \(3\) for an outlier test; 9,100 \(May\) \[B6\] stands apart at 7\.14× the median of the others \(1,275\) \[B2:B3, B6\]\./);
    assert.match(joined, /- too few values \(3\) for an outlier test; they are within a factor of 2 of one another \[C2:C3, C6\]\./);
    assert.match(describeSelection({ sheet: 'Sales', ranges: [head, may] }), /Sales!A6:C6 \(3 columns × 1 row; headers: Month, Revenue, Cost; numeric: Revenue, Cost\)/);
  });

  it('gives per-row figures for one measure across columns, never for different quantities side by side', async () => {
    const quarters = table('A1:E3', [['Product', 'Sales Q1', 'Sales Q2', 'Sales Q3', 'Sales Q4'], ['Widgets', 120, 140, 150, 170], ['Gadgets', 90, 95, 80, 100]]);
    assert.match(await answer('explain', quarters, 'How did products do?'), /\*\*Per row\*\*\n- Widgets: sum 580, mean 145 \[B2:E2\]; min 120 \(Sales Q1\) \[B2\], max 170 \(Sales Q4\) \[E2\]/);
    const plan = table('A1:C3', [['Month', 'Budget', 'Actual'], ['Jan', 1000, 1200], ['Feb', 1100, 1050]]);
    assert.match(await answer('explain', plan, 'How did we do against plan?'), /Per row/);
    const pl = table('A1:C3', [['Month', 'Revenue', 'Cost'], ['Jan', 1200, 800], ['Feb', 1350, 820]]);
    assert.doesNotMatch(await answer('explain', pl, 'Explain revenue'), /Per row/, 'revenue plus cost is no figure');
    const costs = table('A1:C3', [['Month', 'Freight cost', 'Staff costs'], ['Jan', 300, 800], ['Feb', 320, 820]]);
    assert.match(await answer('explain', costs, 'Explain costs'), /Per row/, 'two kinds of cost add up');
  });

  it('compares labelled values in a ranked table against the highest, naming the largest gap', async () => {
    const text = await answer('compare', REGIONS);
    assert.match(text, /- min 0\.112 \(APAC\) \[B2\]; max 0\.154 \(EMEA\) \[B3\]/);
    assert.match(text, /\| Region \| Margin \| vs EMEA \| % \|\n\|---\|---:\|---:\|---:\|\n\| EMEA \[B3\] \| 0\.154 \| — \| — \|\n\| Americas \[B4\] \| 0\.131 \| -0\.023 \| -14\.94% \|\n\| APAC \[B2\] \| 0\.112 \| -0\.042 \| -27\.27% \|/);
    assert.match(text, /Largest gap: EMEA 0\.154 \[B3\] against APAC 0\.112 \[B2\], a difference of 0\.042 \(APAC is 27\.27% below EMEA\)\./);
    assert.doesNotMatch(text, /trend/); // regions have no order
  });

  it('gives a trend for periods only, and says why there is none for categories', async () => {
    const months = await answer('trend', table('A1:B4', [['Month', 'Revenue ($)'], ['Jan', 1200], ['Feb', 1350], ['Mar', 1500]]));
    assert.match(months, /- sum \$4,050; mean \$1,350; median \$1,350; std-dev 150 \[B2:B4\]/);
    assert.match(months, /- trend rising \(\+150 per step\); first → last \+25% \[B2:B4\]/);
    const products = await answer('forecast', table('A1:B4', [['Product', 'Units'], ['Widget', 10], ['Gadget', 30], ['Gizmo', 20]]));
    assert.match(products, /the rows are categories \(Product\), not periods: no trend or projection follows from their order/);
    assert.doesNotMatch(products, /linear projection|trend (rising|falling|flat)/i);
  });

  it('escapes a label that would break the comparison table', async () => {
    const text = await answer('compare', table('A1:B3', [['Team', 'Score'], ['A|B', 3], ['C', 5]]));
    assert.match(text, /\| A\\\|B \[B2\] \| 3 \| -2 \| -40% \|/);
  });
});

describe('the local analyst quoting documents', () => {
  it('quotes a sentence without the heading above it, and keeps a sentence wrapped over lines whole', () => {
    assert.equal(bestQuote('Revenue notes\nThe May revenue spike to 9100 came from the Contoso deal.\nIt was a one-off.', 'May revenue spike'), 'The May revenue spike to 9100 came from the Contoso deal.');
    assert.deepEqual(sentencesOf('3.2 Risks\nFreight costs rose.'), ['3.2 Risks', 'Freight costs rose.']);
    // A heading quoted only when it matches more words than any sentence.
    assert.equal(bestQuote('Warehouse lease summary\nThe Antwerp depot rent is reviewed every year.', 'Why is the Rotterdam warehouse rent higher?'), 'The Antwerp depot rent is reviewed every year.');
    assert.equal(bestQuote('Rotterdam warehouse rent\nLeases are reviewed every year.', 'Why is the Rotterdam warehouse rent higher?'), 'Rotterdam warehouse rent');
    // Wrapped lines: a lower-case continuation, a line ending on a joining word, a long line.
    assert.deepEqual(sentencesOf('The board approved the plan to expand the\nRotterdam warehouse in March.'), ['The board approved the plan to expand the\nRotterdam warehouse in March.']);
    assert.deepEqual(sentencesOf('The deal was signed with\nContoso in May.'), ['The deal was signed with\nContoso in May.']);
    assert.deepEqual(sentencesOf('Operating margins in the APAC segment fell sharply over the second half\nFreight costs doubled.'), ['Operating margins in the APAC segment fell sharply over the second half\nFreight costs doubled.']);
  });

  it('quotes only passages that share a word with the question or the headers', async () => {
    const passages = [
      passage('P1', 7, 'Operating margins in the APAC segment fell because of freight costs.'),
      passage('P2', 2, 'Page 2 discusses general matters of the annual report.'),
      passage('P3', 9, 'The EMEA region kept its pricing.'), // shares only a header's word
    ];
    const text = await answer('explain', REGIONS, 'Why is the APAC margin lower?', passages);
    assert.match(text, /"Operating margins in the APAC segment fell because of freight costs\." — Annual report\.pdf, p\. 7 \[P1\]/);
    assert.match(text, /"The EMEA region kept its pricing\." — Annual report\.pdf, p\. 9 \[P3\]/);
    assert.doesNotMatch(text, /P2|general matters/);
    const none = await answer('explain', REGIONS, 'Why is the APAC margin lower?', [passages[1]]);
    assert.match(none, /No passage in the project documents mentions the words of the question or of the selected headers\./);
  });
});

describe('the local analyst checking figures against documents', () => {
  it('still quotes the sentence that answers a "why" from a passage already cited for a figure', async () => {
    const rents = table('A1:B4', [['Site', 'Rent'], ['Rotterdam', 4200], ['Hamburg', 2900], ['Antwerp', 2100]]);
    const text = await answer('compare', rents, 'Why is the Rotterdam rent higher than the others?', [
      passage('P1', 1, 'The Rotterdam warehouse rent rose to 4,200 EUR a month after the May renovation. Hamburg rent stayed at 2,900 EUR.'),
      passage('P2', 2, 'The landlord in Rotterdam added a service charge of 300 EUR. Antwerp is the cheapest site at 2,100 EUR.'),
    ]);
    const [figures, quotes] = text.split('**From your documents**');
    assert.match(figures, /Rent 2,100 \(Antwerp\) \[B4\]: "Antwerp is the cheapest site at 2,100 EUR\." — Annual report\.pdf, p\. 2 \[P2\]/);
    assert.ok(quotes, text);
    // P2's other sentence is the reason asked for; P1's best sentence is already shown for 4,200, so not again.
    assert.match(quotes, /"The landlord in Rotterdam added a service charge of 300 EUR\." — Annual report\.pdf, p\. 2 \[P2\]/);
    assert.doesNotMatch(quotes, /\[P1\]/);
  });

  it('reads numbers to the precision they were written, with scale words and percentages', () => {
    assert.deepEqual(statedNumbers('Revenue rose to $9,100 in May.'), [{ value: 9100, tolerance: 0.5, percent: false }]);
    assert.deepEqual(statedNumbers('Margin fell to 11.2 percent, costs were 1.25 million and −3.5%.'), [
      { value: 11.2, tolerance: 0.05, percent: true },
      { value: 1_250_000, tolerance: 5000, percent: false },
      { value: -3.5, tolerance: 0.05, percent: true },
    ]);
    assert.deepEqual(statedNumbers('Version v2.0 of FY2024 and A1'), []); // glued to letters: not figures
  });

  it('lists the selected figures a passage states, by row and cell, and says so when none is found', async () => {
    const sales = table('A1:C4', [['Region', 'Revenue ($)', 'Margin'], ['APAC', 9100, 0.112], ['EMEA', 12_480.4, 0.154], ['LATAM', 2, 0.2]]);
    const passages = [
      passage('P1', 2, 'Introduction. Page 2 of the report. In APAC, revenue reached 9,100 while the operating margin fell to 11.2%.'),
      passage('P2', 5, 'EMEA contributed $12.5 thousand. LATAM margin was 21 percent.'),
    ];
    const text = await answer('verify', sales, 'Check revenue and margin against the report', passages);
    assert.match(text, /\*\*Selected figures your documents state\*\*\n- Revenue \(\$\) \$9,100 \(APAC\) \[B2\]: "In APAC, revenue reached 9,100 while the operating margin fell to 11\.2%\." — Annual report\.pdf, p\. 2 \[P1\]\n- Margin 0\.112 \(APAC\) \[C2\]: "In APAC, revenue reached 9,100/);
    assert.doesNotMatch(text, /Per row/); // dollars beside a ratio: a row's sum means nothing
    assert.match(text, /- Revenue \(\$\) \$12,480 \(EMEA\) \[B3\]: "EMEA contributed \$12\.5 thousand\." — Annual report\.pdf, p\. 5 \[P2\]/);
    const [figures, quotes] = text.split('**Selected figures your documents state**')[1].split('**From your documents**');
    assert.doesNotMatch(figures, /LATAM/); // 0.2 is not 21%; 2 is too small to look for
    // P2's other sentence is about the margin asked for (and does not match the cells): quoted, for the reader
    // to compare. P1 has no other sentence on the question, so it is not quoted twice.
    assert.equal(quotes.trim(), '- "LATAM margin was 21 percent." — Annual report.pdf, p. 5 [P2]');
    const none = await answer('verify', sales, 'Check revenue against the report', [passage('P3', 4, 'Revenue is recognised when delivered.')]);
    assert.match(none, /None of the selected figures appears in the retrieved passages next to its label, so none could be checked against them\./);
    assert.match(none, /"Revenue is recognised when delivered\." — Annual report\.pdf, p\. 4 \[P3\]/);
  });

  it('does not quote the spreadsheet the cells came from as evidence about them, and says why', async () => {
    const sales = table('A1:B7', [['Month', 'Revenue'], ['Jan', 1200], ['Feb', 1350], ['Mar', 1500], ['Apr', 1480], ['May', 9100], ['Jun', 1700]]);
    const sheet = (id: string, documentName: string, text: string): StoredPassage => ({ id, chunkId: id, documentId: documentName, documentName, documentKind: 'csv', page: null, location: 'rows 1–7', text });
    const own = sheet('P1', 'sales.csv', 'Month | Revenue | Cost\nJan | 1200 | 800\nFeb | 1350 | 820\nMar | 1500 | 790\nApr | 1480 | 810\nMay | 9100 | 805\nJun | 1700 | 830');
    const report = passage('P2', 4, 'The May revenue of 9,100 came from the one-off licence deal.');
    // Another sheet sharing two numbers among many is evidence, not the source.
    const budget = sheet('P3', 'budget.csv', 'Month | Plan\nJan | 1200 | Feb | 1300 | Mar | 1400 | Apr | 1450 | May | 1500 | Jun | 1550 | Jul | 1600 | Aug | 1650');
    const text = await answer('explain', sales, 'Why did revenue spike in May?', [own, report, budget]);
    assert.match(text, /Revenue \$?9,100 \(May\) \[B6\]: "The May revenue of 9,100 came from the one-off licence deal\." — Annual report\.pdf, p\. 4 \[P2\]/);
    assert.doesNotMatch(text, /\[P1\]/, 'the source file is quoted as evidence');
    assert.match(text, /\[P3\]/, 'a different sheet sharing a few numbers is still quoted');
    assert.match(text, /_sales\.csv holds the selected cells themselves, so it is not quoted as evidence about them\._$/);
    // With only the source file retrieved, the answer says so instead of "no passage matched".
    const alone = await answer('explain', sales, 'Why did revenue spike in May?', [own]);
    assert.doesNotMatch(alone, /No passage in the project documents/);
    assert.match(alone, /sales\.csv holds the selected cells themselves/);
    // A part of the sheet selected (two rows of seven) is still the sheet itself.
    const part = await answer('explain', table('A5:B6', [['Apr', 1480], ['May', 9100]]), 'Why did revenue spike in May?', [own]);
    assert.match(part, /sales\.csv holds the selected cells themselves/);
  });
});

/** The local analyst's answer for a whole selection (several areas, another active sheet). */
async function answerFor(intent: Intent, selection: EngineRequest['selection'], question = 'q', passages: StoredPassage[] = []): Promise<string> {
  const req: EngineRequest = {
    question, intent, selection, passages, maxOutputTokens: 1000,
    messages: [{ role: 'user', content: 'q' }], signal: new AbortController().signal, onDelta: () => {},
  };
  return (await new LocalAnalyst().run(req)).text;
}

/** The answer's "Selected figures your documents state" section (in English or Korean), or '' when it has none. */
const figuresSection = (text: string) => /\*\*(?:Selected figures your documents state|문서에 나오는 선택한 수치)\*\*\n((?:- .*\n?)*)/.exec(text)?.[1] ?? '';

const REGION_REVENUE = table('A1:B4', [['Region', 'Revenue'], ['North', 1200], ['South', 950], ['West', 1100]]);

describe('the local analyst linking figures to documents by label and number (issue 25)', () => {
  it('does not take a number with another meaning as a statement of the figure', async () => {
    const units = passage('P1', 3, 'The plant is expected to deliver 1200 units per month.');
    const text = await answer('verify', REGION_REVENUE, 'Check revenue against the report', [units]);
    assert.equal(figuresSection(text), '', text);
    assert.doesNotMatch(text, /1,200 \(North\) \[B2\]: "The plant/);
    assert.match(text, /None of the selected figures appears in the retrieved passages next to its label/);
    // The same number beside the row's label, or the series' header (or a synonym of it), is a statement.
    const byRow = await answer('verify', REGION_REVENUE, 'Check revenue', [passage('P2', 4, 'North closed the year at 1,200.')]);
    assert.match(figuresSection(byRow), /^- Revenue 1,200 \(North\) \[B2\]: "North closed the year at 1,200\." — Annual report\.pdf, p\. 4 \[P2\]$/m);
    const bySynonym = await answer('verify', table('A1:A3', [['Revenue'], [1200], [950]]), 'Check revenue', [passage('P3', 5, 'Sales came to 1,200 in the first month.')]);
    assert.match(figuresSection(bySynonym), /^- Revenue 1,200 \[A2\]: "Sales came to 1,200/m);
    // A unit word is not a subject: "1,200 USD" says nothing about Revenue (USD).
    const usd = await answer('verify', table('A1:A3', [['Revenue (USD)'], [1200], [950]]), 'Check revenue', [passage('P4', 6, 'The freight fee was 1,200 USD.')]);
    assert.equal(figuresSection(usd), '');
    // Naming the row is not enough beside another quantity: these are North's units, not its revenue.
    const northUnits = await answer('verify', REGION_REVENUE, 'Check revenue', [passage('P6', 8, 'The North plant is expected to deliver 1200 units per month.')]);
    assert.equal(figuresSection(northUnits), '');
    // The same in Korean: 서울's 1,200 units (개, 생산량) are not its revenue (매출); its 매출 of 1,200 is.
    const seoul = table('A1:B3', [['지역', '매출'], ['서울', 1200], ['부산', 950]]);
    assert.equal(figuresSection(await answer('verify', seoul, '매출 확인', [passage('P7', 9, '서울 공장의 월 생산량은 1,200개이다.')])), '');
    assert.match(figuresSection(await answer('verify', seoul, '매출 확인', [passage('P8', 9, '서울 매출은 1,200이었다.')])), /^- 매출 1,200 \(서울\) \[B2\]: "서울 매출은 1,200이었다\."/m);
    // A sentence naming another row is about that row, even when the header is named too.
    const other = await answer('verify', REGION_REVENUE, 'Check revenue', [passage('P5', 7, 'South revenue would have been 1,200 without the strike.')]);
    assert.equal(figuresSection(other), '');
  });

  it('reads a spreadsheet passage cell by cell: a number is about the label before it and the header above it', async () => {
    const months = table('A1:B7', [['Month', 'Revenue'], ['Jan', 1200], ['Feb', 1350], ['Mar', 1500], ['Apr', 1480], ['May', 1600], ['Jun', 1700]]);
    // A plan sheet: 1,200 under "Plan" is not revenue, and 1,500 (May's plan) is not March's revenue.
    const plan = { ...passage('P1', 1, 'Month | Plan\nJan | 1200 | Feb | 1300 | Mar | 1400 | Apr | 1450 | May | 1500'), documentName: 'budget.csv', documentKind: 'csv' as const, page: null };
    assert.equal(figuresSection(await answer('verify', months, 'Check revenue', [plan])), '');
    const actuals = { ...plan, id: 'P2', text: 'Month | Revenue | Cost\nJan | 1200 | 640\nMar | 1500 | 710\nApr | 1300 | 720' };
    const text = await answer('verify', months, 'Check revenue', [actuals]);
    assert.equal(figuresSection(text), '- Revenue 1,200 (Jan) [B2]: "Jan | 1200 | 640" — budget.csv (page 1) [P2]\n- Revenue 1,500 (Mar) [B4]: "Mar | 1500 | 710" — budget.csv (page 1) [P2]\n');
  });
});

describe('the local analyst stating only figures a passage states', () => {
  it('takes a number as stating a cell only to the precision written, never a plain whole number for a fraction', async () => {
    const margins = table('A1:B4', [['Region', 'Margin'], ['North', 0.412], ['South', 0.3], ['West', 0.25]]);
    const check = async (text: string) => figuresSection(await answer('verify', margins, 'Check the margins', [passage('P1', 1, text)]));
    assert.equal(await check('North margin was 0 in the pilot year.'), '');
    assert.equal(await check('North margin was 0.0 in the pilot year.'), '');
    assert.match(await check('North margin was 0.4 in the pilot year.'), /^- Margin 0\.412 \(North\) \[B2\]: "North margin was 0\.4 in the pilot year\."/m);
    assert.match(await check('North margin was 41% in the pilot year.'), /^- Margin 0\.412 \(North\) \[B2\]/m);
    // Halfway between two roundings, 0.25 is not known to be what "0.3" rounds.
    assert.equal(await check('West margin was 0.3.'), '');
    const revenue = table('A1:B3', [['Region', 'Revenue'], ['North', 1200.4], ['South', 950]]);
    assert.equal(figuresSection(await answer('verify', revenue, 'Check revenue', [passage('P2', 2, 'North revenue was 1,200.')])), '');
    assert.match(figuresSection(await answer('verify', revenue, 'Check revenue', [passage('P2', 2, 'North revenue was 1.2 thousand.')])), /^- Revenue 1,200 \(North\) \[B2\]: "North revenue was 1\.2 thousand\."/m);
  });

  it('links a figure only to the row a sentence names, years included', async () => {
    const margins = table('A1:B4', [['Year', 'Margin'], [2021, 0.412], [2022, 0.3], [2023, 0.25]]);
    const check = async (range: SelectionRange, text: string) => figuresSection(await answer('verify', range, 'Check the figures', [passage('P1', 1, text)])).trimEnd();
    assert.equal(await check(margins, 'In 2023 the margin was 0.3.'), '');
    assert.equal(await check(margins, 'In 2023 the margin was 0.25.'), '- Margin 0.25 (2023) [B4]: "In 2023 the margin was 0.25." — Annual report.pdf, p. 1 [P1]');
    const revenue = table('A1:B4', [['Year', 'Revenue'], [2021, 1200], [2022, 1500], [2023, 1800]]);
    assert.equal(await check(revenue, 'Revenue was 1,500 in 2023, after a weak 2022.'), '');
    assert.equal(await check(revenue, 'Revenue was 1,800 in 2023, after a weak 2022.'), '- Revenue 1,800 (2023) [B4]: "Revenue was 1,800 in 2023, after a weak 2022." — Annual report.pdf, p. 1 [P1]');
    // A number beside two rows' labels is neither's.
    assert.equal(await check(REGION_REVENUE, 'North and South revenue was 1,200.'), '');
    assert.match(await check(REGION_REVENUE, 'North revenue was 1,200 and South revenue was 950.'), /^- Revenue 1,200 \(North\) \[B2\]: .*\n- Revenue 950 \(South\) \[B3\]: /);
  });

  it('quotes the sentence that states a figure, not the list item above it', async () => {
    const sheet = table('A1:C4', [['Year', 'Revenue', 'Cost'], [2021, 1200, 700], [2022, 1500, 800], [2023, 1800, 900]]);
    const text = await answer('verify', sheet, 'Check revenue and cost', [{ ...passage('P1', 1, 'Results.\n• 2021 Revenue 1,200\n• 2022 Cost 800\nIn 2023, revenue reached 1,800.'), documentName: 'r.pdf' }]);
    assert.equal(figuresSection(text).trimEnd(), [
      '- Revenue 1,200 (2021) [B2]: "• 2021 Revenue 1,200" — r.pdf, p. 1 [P1]',
      '- Cost 800 (2022) [C3]: "• 2022 Cost 800" — r.pdf, p. 1 [P1]',
      '- Revenue 1,800 (2023) [B4]: "In 2023, revenue reached 1,800." — r.pdf, p. 1 [P1]',
    ].join('\n'));
  });
});

describe('the local analyst naming a row ctrl-clicked below a table', () => {
  it('takes the table’s year column as the row’s label, not as one of its values', async () => {
    const head = table('A1:C4', [['Year', 'Sales Q1', 'Sales Q2'], [2021, 500, 700], [2022, 600, 800], [2023, 650, 820]]);
    const row = table('A6:C6', [[2024, 900, 950]]);
    const [q1] = numericColumns([head, row]);
    assert.deepEqual([q1.values, q1.rowLabels], [[500, 600, 650, 900], ['2021', '2022', '2023', '2024']]);
    assert.deepEqual(numericRows([head, row]).at(-1)?.values, [900, 950]);
    const text = await answerFor('explain', { sheet: 'Sheet1', ranges: [head, row] }, 'How did sales do?');
    assert.match(text, /^- 2024: sum 1,850, mean 925 \[B6:C6\]; min 900 \(Sales Q1\) \[B6\], max 950 \(Sales Q2\) \[C6\]$/m);
    assert.match(text, /max 900 \(2024\) \[B6\]/);
    assert.doesNotMatch(text, /2,024|3,874/);
  });

  it('reads rows ctrl-clicked below a table whose first row has a blank figure as the table’s rows, as the claim check does', async () => {
    // "2020년" with its figure not filled in is a row of the table, not a header row naming column D "2020년"'s.
    const head = table('C2:D4', [['기간', '이익률'], ['2018년', 0.36], ['2019년', 0.047]]);
    const rest = table('C6:D9', [['2020년', null], ['2021년', 0.364], ['2022년', 0.171], ['2023년', 0.11]]);
    const [margin, ...others] = numericColumns([head, rest]);
    assert.deepEqual([margin.label, margin.rowLabels, margin.addresses, others.length], ['이익률', ['2018년', '2019년', '2021년', '2022년', '2023년'], ['D3', 'D4', 'D7', 'D8', 'D9'], 0]);
    const selection = { sheet: '시트1', ranges: [head, rest] };
    const text = await answerFor('trend', selection, '수치를 요약해 주세요');
    assert.match(text, /\*\*이익률\*\* \(숫자 5개, 행 기준: 기간\) \[D3:D4, D6:D9\]/);
    assert.doesNotMatch(text, /D열|2020년\)/);
    assert.deepEqual(checkClaims({ answer: text, passages: [], selection, language: 'ko' }).filter((c) => c.verdict === 'unsupported'), [], text);
    // A header row with a blank corner, or a label row with no table above naming its columns, still heads its area.
    assert.deepEqual(numericColumns([table('F2:G4', [[null, 'Units'], ['North', 5], ['South', 7]])]).map((s) => [s.label, s.rowLabels]), [['Units', ['North', 'South']]]);
    assert.deepEqual(numericColumns([head, table('F6:G8', [['Region', null], ['North', 5], ['South', 7]])]).map((s) => s.label), ['이익률', 'G']);
  });
});

describe('the local analyst pairing a label area with a value area (issue 25)', () => {
  const names = table('A2:A6', [['North'], ['South'], ['East'], ['West'], ['Central']]);
  const sales = table('C2:C6', [[1200], [950], [1100], [700], [400]]);

  it('gives the values in C2:C6 the names in A2:A6, row by row, in either order', async () => {
    for (const ranges of [[names, sales], [sales, names]]) {
      const [series] = numericColumns(ranges);
      assert.deepEqual(series.rowLabels, ['North', 'South', 'East', 'West', 'Central']);
      assert.equal(series.ordered, false, 'regions are categories, not periods');
    }
    const text = await answerFor('compare', { sheet: 'Sheet1', ranges: [names, sales] }, 'Which region leads?');
    assert.match(text, /- min 400 \(Central\) \[C6\]; max 1,200 \(North\) \[C2\]/);
    assert.match(text, /\| North \[C2\] \| 1,200 \| — \| — \|/);
    assert.match(text, /- \[A2:A6\] holds labels, used to name the rows of \[C2:C6\]/);
    // With header cells on the top row, the label area's one names the labels.
    const headed = numericColumns([table('A1:A4', [['Region'], ['North'], ['South'], ['West']]), table('C1:C4', [['Sales'], [1200], [950], [1100]])]);
    assert.deepEqual([headed[0].label, headed[0].rowLabelName, headed[0].rowLabels], ['Sales', 'Region', ['North', 'South', 'West']]);
    // Months as labels make the values a sequence with a trend.
    const months = numericColumns([table('A2:A4', [['Jan'], ['Feb'], ['Mar']]), table('B2:B4', [[10], [12], [15]])]);
    assert.equal(months[0].ordered, true);
    // Across the rows of a table's label column the rows are named by the table's own column.
    const rows = numericRows([table('A2:A3', [['Widgets'], ['Gadgets']]), table('C2:D3', [[120, 140], [90, 95]])]);
    assert.deepEqual(rows.map((r) => r.label), ['Widgets', 'Gadgets']);
  });

  it('does not pair areas on different rows, and says why the text was not used', async () => {
    const elsewhere = table('A10:A14', [['North'], ['South'], ['East'], ['West'], ['Central']]);
    const [series] = numericColumns([elsewhere, sales]);
    assert.deepEqual(series.rowLabels, [null, null, null, null, null]);
    const short = table('A2:A4', [['North'], ['South'], ['East']]);
    assert.deepEqual(numericColumns([short, sales])[0].rowLabels, [null, null, null, null, null], 'names for some rows only label none');
    const text = await answerFor('explain', { sheet: 'Sheet1', ranges: [elsewhere, sales] }, 'Explain the numbers');
    assert.match(text, /- \[A10:A14\] holds text only, nothing to compute; it is on other rows than the selected numbers, so it names none of them/);
    assert.match(text, /max 1,200 \[C2\]/);
  });
});

describe('the local analyst ranking series only when they are comparable (issue 25)', () => {
  it('does not rank means across units or quantities, and says why', async () => {
    const mixed = table('A1:C4', [['Region', 'Revenue ($)', 'Margin'], ['APAC', 9100, 0.112], ['EMEA', 12_480, 0.154], ['LATAM', 2100, 0.2]]);
    const text = await answer('compare', mixed, 'Compare the regions');
    assert.doesNotMatch(text, /Highest mean/);
    assert.match(text, /The series' means are not ranked against one another: they are in different units \(Revenue \(\$\) in \$ and Margin without a unit\)\./);
    const pl = table('A1:C3', [['Month', 'Revenue', 'Cost'], ['Jan', 1200, 800], ['Feb', 1350, 820]]);
    const quantities = await answer('compare', pl, 'Compare revenue and cost');
    assert.doesNotMatch(quantities, /Highest mean/);
    assert.match(quantities, /not ranked against one another: they measure different quantities \(revenue and cost\)\./);
    const scales = table('A1:C3', [['Month', 'North', 'South'], ['Jan', 120_000, 12], ['Feb', 130_000, 14]]);
    assert.match(await answer('compare', scales, 'Compare'), /not ranked against one another: their scales differ more than a hundredfold/);
    // One measure in one unit, planned against actual, is ranked, each mean citing its range.
    const plan = table('A1:C3', [['Month', 'Budget', 'Actual'], ['Jan', 1000, 1200], ['Feb', 1100, 1050]]);
    assert.match(await answer('compare', plan, 'Budget against actual'), /Highest mean: Actual 1,125 \[C2:C3\]; lowest: Budget 1,050 \[B2:B3\]\./);
  });
});

describe('the local analyst accounting for every selected area (issue 25)', () => {
  it('names each area with what was computed from it, or why nothing was', async () => {
    const ranges = [
      table('A1:C4', [['Month', 'Revenue', 'Cost'], ['Jan', 1200, 800], ['Feb', 1350, 820], ['Mar', 1500, 790]]),
      table('E2:E4', [['checked'], ['late'], ['ok']]),
      table('G2:G6', [['North'], ['South'], ['East'], ['West'], ['Central']]),
      table('H2:H6', [[5], [7], [9], [4], [6]]),
      table('J9', [[42]]),
      table('K1:K2', [[null], ['']]),
      table('Plan!B2:B3', [[1000], [1100]]),
    ];
    const text = await answerFor('explain', { sheet: 'Sheet1', ranges }, 'Explain');
    const areas = text.split('**Selected areas**\n')[1]?.split('\n\n')[0] ?? '';
    assert.deepEqual(areas.split('\n'), [
      '- [A1:C4] holds Revenue and Cost, computed below',
      '- [E2:E4] holds text only, nothing to compute; it does not span every row of the numbers beside it, or they are named by labels of their own',
      '- [G2:G6] holds labels, used to name the rows of [H2:H6]',
      '- [H2:H6] holds column H, computed below',
      '- [J9] holds a single number, too few to compute statistics on',
      '- [K1:K2] is empty',
      '- [Plan!B2:B3] holds column B, computed below',
    ]);
    // Cells on another sheet than the active one are cited with their sheet's name.
    assert.match(text, /\*\*column B\*\* \(2 numbers\) \[Plan!B2:B3\]/);
    assert.match(text, /max 1,100 \[Plan!B3\]/);
    // One area with nothing to compute says so by its address.
    const alone = await answer('explain', table('A1:B1', [['Total', 5]]), 'Explain');
    assert.match(alone, /- \[A1:B1\] holds a single number, too few to compute statistics on/);
    const row = await answer('explain', table('A1:C1', [['Total', 5, 7]]), 'Explain');
    assert.match(row, /- \[A1:C1\] has no column with at least two numbers, too few to compute statistics on/);
  });
});

describe('the local analyst citing cells (issue 25)', () => {
  const sales = table('A1:C7', [['Month', 'Revenue ($)', 'Cost ($)'], ['Jan', 1200, 800], ['Feb', 1350, 820], ['Mar', 1500, 790], ['Apr', 1480, 810], ['May', 9100, 805], ['Jun', 1700, 830]]);
  const report = [
    passage('P1', 4, 'The May revenue of 9,100 came from the one-off licence deal.'),
    passage('P2', 6, 'Freight costs rose in June to 830 after the port strike.'),
  ];
  const fixtures: Array<[Intent, EngineRequest['selection'], string, StoredPassage[]]> = [
    ['anomaly', { sheet: 'Sheet1', ranges: [sales] }, 'Why did revenue spike in May?', report],
    ['forecast', { sheet: 'Sheet1', ranges: [sales] }, 'Project revenue for July', report],
    ['verify', { sheet: 'Sheet1', ranges: [sales] }, 'Check revenue and cost against the report', report],
    ['compare', { sheet: 'Sheet1', ranges: [REGIONS] }, 'Compare the margins', []],
    ['explain', { sheet: 'Sheet1', ranges: [table('A1:E3', [['Product', 'Sales Q1', 'Sales Q2', 'Sales Q3', 'Sales Q4'], ['Widgets', 120, 140, 150, 170], ['Gadgets', 90, 95, 80, 100]])] }, 'How did products do?', []],
    ['compare', { sheet: 'Sheet1', ranges: [table('A2:A6', [['North'], ['South'], ['East'], ['West'], ['Central']]), table('C2:C6', [[1200], [950], [1100], [700], [400]])] }, 'Which region leads?', []],
  ];

  it('cites the cells or range of every figure it states', async () => {
    for (const [intent, selection, question, passages] of fixtures) {
      const text = await answerFor(intent, selection, question, passages);
      const lines = text.split('\n').filter((l) => l.trim() && !l.startsWith('Question:') && !l.startsWith('_') && !/^\|[-:|]+\|$/.test(l));
      // A line stating a number (not only counts like "3 numbers") carries a cell citation.
      for (const line of lines.filter((l) => /\d/.test(l.replace(/\[[^\]]*\]/g, '').replace(/\(\d+ numbers?[^)]*\)|\(\d+\)|values \(\d+\)|1\.5×|factor of 2/g, '')))) {
        assert.match(line, /\[(?:[\w.]+!|'[^']+'!)?[A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?(?:, [^\]]+)?\]/, `uncited figure in: ${line}\n\n${text}`);
      }
    }
    const text = await answerFor('anomaly', { sheet: 'Sheet1', ranges: [sales] }, 'Why did revenue spike in May?', report);
    assert.match(text, /\*\*Selected area\*\*\n- \[A1:C7\] holds Revenue \(\$\) and Cost \(\$\), computed below\n/);
    assert.match(text, /\*\*Revenue \(\$\)\*\* \(6 numbers, \$, by Month\) \[B2:B7\]/);
    assert.match(text, /- sum \$16,330; mean \$2,722; median \$1,490; std-dev 3,129 \[B2:B7\]/);
    assert.match(text, /- min \$1,200 \(Jan\) \[B2\]; max \$9,100 \(May\) \[B6\]/);
    assert.match(text, /- outliers: \$9,100 \(May\) \[B6\] \(beyond 1\.5× the interquartile range of \[B2:B7\]\)/);
    assert.match(text, /- Revenue \(\$\) \$9,100 \(May\) \[B6\]: "The May revenue of 9,100 came from the one-off licence deal\." — Annual report\.pdf, p\. 4 \[P1\]/);
    assert.match(text, /- Cost \(\$\) \$830 \(Jun\) \[C7\]: "Freight costs rose in June to 830/);
    // A projection is no figure of the cells: it is a note that says so, citing what it extrapolates.
    const forecast = await answerFor('forecast', { sheet: 'Sheet1', ranges: [sales] }, 'Project revenue for July');
    assert.match(forecast, /\n\n_Linear projection of the next step, an extrapolation of the trend in \[B2:B7\] rather than a figure in the cells: \$5,295\._\n/);
  });

  it('writes answers the claim verifier finds no unsupported statement in', async () => {
    for (const [intent, selection, question, passages] of fixtures) {
      const text = await answerFor(intent, selection, question, passages);
      const unsupported = checkClaims({ answer: text, passages, selection }).filter((c) => c.verdict === 'unsupported');
      assert.deepEqual(unsupported.map((c) => `${c.text} — ${c.reason ?? ''}`), [], text);
    }
  });
});

describe('the local analyst answering in the question’s language (issue 31)', () => {
  const sales = table('A1:C7', [['월', '매출 ($)', '비용 ($)'], ['1월', 1200, 800], ['2월', 1350, 820], ['3월', 1500, 790], ['4월', 1480, 810], ['5월', 9100, 805], ['6월', 1700, 830]]);
  const report = [
    { ...passage('P1', 4, '5월 매출 9,100은 일회성 라이선스 계약에서 나왔다.'), documentName: '연간 보고서.pdf' },
    { ...passage('P2', 6, '항만 파업 이후 6월 운송 비용이 830으로 올랐다.'), documentName: '연간 보고서.pdf' },
  ];
  const products = table('A1:E3', [['제품', '판매 1분기', '판매 2분기', '판매 3분기', '판매 4분기'], ['위젯', 120, 140, 150, 170], ['가젯', 90, 95, 80, 100]]);
  const fixtures: Array<[Intent, EngineRequest['selection'], string, StoredPassage[]]> = [
    ['anomaly', { sheet: 'Sheet1', ranges: [sales] }, '5월 매출이 왜 급증했나요?', report],
    ['forecast', { sheet: 'Sheet1', ranges: [sales] }, '7월 매출을 예측해 주세요', report],
    ['verify', { sheet: 'Sheet1', ranges: [sales] }, '매출과 비용을 보고서와 대조해 주세요', report],
    ['compare', { sheet: 'Sheet1', ranges: [REGIONS] }, '지역별 마진을 비교해 주세요', []],
    ['compare', { sheet: 'Sheet1', ranges: [sales] }, '매출과 비용을 비교해 주세요', []],
    ['explain', { sheet: 'Sheet1', ranges: [products] }, '제품별 실적은 어땠나요?', []],
    ['compare', { sheet: 'Sheet1', ranges: [table('A2:A6', [['North'], ['South'], ['East'], ['West'], ['Central']]), table('C2:C6', [[1200], [950], [1100], [700], [400]])] }, '어느 지역이 앞서나요?', []],
    ['explain', { sheet: 'Sheet1', ranges: [table('A1:C3', [['Month', 'Revenue', 'Cost'], ['Jan', 1200, 800], ['Feb', 1350, 820]]), table('E2:E3', [['x'], ['y']]), table('J9', [[42]]), table('K1:K2', [[null], ['']])] }, '이 숫자들을 설명해 주세요', []],
  ];

  /** The answer with what is not its own wording taken out: citations, quotes, document names and the selection's labels. */
  function ownWording(text: string, selection: EngineRequest['selection'], passages: StoredPassage[]): string {
    const labels = selection.ranges.flatMap((r) => r.values.flat()).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    const names = [...labels, ...passages.map((p) => p.documentName)].sort((a, b) => b.length - a.length);
    let rest = text.replace(/\[[^\]]*\]/g, ' ').replace(/"[^"\n]*"/g, ' ');
    for (const name of names) rest = rest.split(name).join(' ');
    // Measure words the answer lists are the headers' own ("revenue 및 cost", "매출 and 비용").
    // A column without a header is named by its letters ("C열", "column C").
    return rest.replace(/\b(revenue|cost)\b|매출|비용/g, ' ').replace(/[A-Z]{1,3}열|column [A-Z]{1,3}\b/g, ' ');
  }

  it('writes its headings and sentences in Korean for a Korean question, numbers and citations as before', async () => {
    const text = await answerFor('anomaly', { sheet: 'Sheet1', ranges: [sales] }, '5월 매출이 왜 급증했나요?', report);
    assert.match(text, /^_로컬 분석기: 계산한 통계와 문서 인용이며, 언어 모델이 쓴 답변이 아닙니다\._\n\n질문: 5월 매출이 왜 급증했나요\?\n\n\*\*선택한 영역\*\*\n- \[A1:C7\]: 매출 \(\$\) 및 비용 \(\$\) — 아래에서 계산합니다\n/);
    assert.match(text, /\*\*매출 \(\$\)\*\* \(숫자 6개, \$, 행 기준: 월\) \[B2:B7\]\n- 합계 \$16,330; 평균 \$2,722; 중앙값 \$1,490; 표준편차 3,129 \[B2:B7\]\n- 최솟값 \$1,200 \(1월\) \[B2\]; 최댓값 \$9,100 \(5월\) \[B6\]\n- 추세 상승 \(단계당 \+\d[\d,.]*\); 처음 → 마지막 \+41\.67% \[B2:B7\]\n- 이상치: \$9,100 \(5월\) \[B6\] \(\[B2:B7\] 사분위범위의 1\.5배 밖\)/);
    assert.match(text, /- 이상치 없음 \(모든 값이 사분위범위의 1\.5배 안\) \[C2:C7\]/);
    assert.match(text, /\*\*문서에 나오는 선택한 수치\*\*\n- 매출 \(\$\) \$9,100 \(5월\) \[B6\]: "5월 매출 9,100은 일회성 라이선스 계약에서 나왔다\." — 연간 보고서\.pdf, 4쪽 \[P1\]/);
    // Revenue and cost are different quantities: no per-row sum, and the reason in Korean.
    assert.doesNotMatch(text, /행별/);
    assert.match(await answerFor('compare', { sheet: 'Sheet1', ranges: [sales] }, '매출과 비용을 비교해 주세요'), /계열의 평균을 서로 순위 매기지 않습니다: 서로 다른 양을 측정합니다 \(매출 및 비용\)\./);
    const forecast = await answerFor('forecast', { sheet: 'Sheet1', ranges: [sales] }, '7월 매출을 예측해 주세요');
    assert.match(forecast, /\n_다음 단계의 선형 예측: 셀에 있는 수치가 아니라 \[B2:B7\] 추세를 연장한 값입니다: \$5,295\._\n/);
    assert.match(forecast, /프로젝트 문서에서 질문과 일치하는 문단이 없습니다\.$/);
    const regions = await answer('compare', REGIONS, '지역별 마진을 비교해 주세요');
    assert.match(regions, /\| Region \| Margin \| EMEA 대비 \| % \|\n\|---\|---:\|---:\|---:\|\n\| EMEA \[B3\] \| 0\.154 \| — \| — \|/);
    assert.match(regions, /가장 큰 차이: EMEA 0\.154 \[B3\] 대 APAC 0\.112 \[B2\], 차이 0\.042 \(APAC: EMEA보다 27\.27% 낮음\)\./);
    const rows = await answer('explain', table('A1:C3', [[null, 'A', 'B'], [null, 5, 7], [null, 6, 8]]), '설명해 주세요');
    assert.match(rows, /\*\*행별\*\*\n- 2행: 합계 12/);
  });

  it('leaves no English in its own wording for a Korean question, and none of its Korean for an English one', async () => {
    for (const [intent, selection, question, passages] of fixtures) {
      const text = await answerFor(intent, selection, question, passages);
      const rest = ownWording(text, selection, passages);
      assert.doesNotMatch(rest, /[A-Za-z]/, `${rest}\n\n${text}`);
      const english = await answerFor(intent, selection, 'Explain these figures', passages);
      assert.match(english, /^_Local analyst: computed statistics/);
      assert.doesNotMatch(ownWording(english, selection, passages), /[\uAC00-\uD7A3]/, english);
    }
  });

  it('writes Korean answers the claim verifier finds no unsupported statement in', async () => {
    for (const [intent, selection, question, passages] of fixtures) {
      const text = await answerFor(intent, selection, question, passages);
      const unsupported = checkClaims({ answer: text, passages, selection }).filter((c) => c.verdict === 'unsupported');
      assert.deepEqual(unsupported.map((c) => `${c.text} — ${c.reason ?? ''}`), [], text);
    }
  });

  it('takes Korean months, quarters and years as periods with a trend, and Korean measures as quantities', () => {
    for (const label of ['1월', '12월', '2024년', '2024년 3월', '1분기', '2024년 1분기', '상반기', '3주차', '15일', '월요일']) {
      const [s] = numericColumns([table('A1:B3', [['시점', '매출'], [label, 1], [label, 2]])]);
      assert.equal(s.ordered, true, label);
    }
    for (const label of ['서울', '월드', '분기점']) {
      const [s] = numericColumns([table('A1:B3', [['지점', '매출'], [label, 1], [label, 2]])]);
      assert.equal(s.ordered, false, label);
    }
    assert.deepEqual(labelColumn(table('A1:B3', [['연도', '매출'], [2020, 5], [2024, 6]]), 1, ['연도', '매출']), { index: 0, periods: true });
  });
});
