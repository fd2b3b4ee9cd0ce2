import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { LocalAnalyst, type EngineRequest } from './engines.js';
import { bestQuote, sentencesOf } from './citations.js';
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
    assert.match(joined, /\*\*Revenue\*\* \(B2:B3, B6, 3 numbers\)/);
    assert.match(joined, /max 9,100 \(May, B6\)/);
    // Three values are too few for Tukey's fences: no "no outliers", but the one that stands apart.
    assert.doesNotMatch(joined, /no outliers/);
    assert.match(joined, /- too few values \(3\) for an outlier test; 9,100 \(May, B6\) stands apart at 7\.14× the median of the others \(1,275\)\./);
    assert.match(joined, /- too few values \(3\) for an outlier test; they are within a factor of 2 of one another\./);
    assert.match(describeSelection({ sheet: 'Sales', ranges: [head, may] }), /Sales!A6:C6 \(3 columns × 1 row; headers: Month, Revenue, Cost; numeric: Revenue, Cost\)/);
  });

  it('gives per-row figures for one measure across columns, never for different quantities side by side', async () => {
    const quarters = table('A1:E3', [['Product', 'Sales Q1', 'Sales Q2', 'Sales Q3', 'Sales Q4'], ['Widgets', 120, 140, 150, 170], ['Gadgets', 90, 95, 80, 100]]);
    assert.match(await answer('explain', quarters, 'How did products do?'), /\*\*Per row\*\*\n- Widgets \(A2:E2\): sum 580/);
    const plan = table('A1:C3', [['Month', 'Budget', 'Actual'], ['Jan', 1000, 1200], ['Feb', 1100, 1050]]);
    assert.match(await answer('explain', plan, 'How did we do against plan?'), /Per row/);
    const pl = table('A1:C3', [['Month', 'Revenue', 'Cost'], ['Jan', 1200, 800], ['Feb', 1350, 820]]);
    assert.doesNotMatch(await answer('explain', pl, 'Explain revenue'), /Per row/, 'revenue plus cost is no figure');
    const costs = table('A1:C3', [['Month', 'Freight cost', 'Staff costs'], ['Jan', 300, 800], ['Feb', 320, 820]]);
    assert.match(await answer('explain', costs, 'Explain costs'), /Per row/, 'two kinds of cost add up');
  });

  it('compares labelled values in a ranked table against the highest, naming the largest gap', async () => {
    const text = await answer('compare', REGIONS);
    assert.match(text, /- min 0\.112 \(APAC, B2\); max 0\.154 \(EMEA, B3\)/);
    assert.match(text, /\| Region \| Margin \| vs EMEA \| % \|\n\|---\|---:\|---:\|---:\|\n\| EMEA \(B3\) \| 0\.154 \| — \| — \|\n\| Americas \(B4\) \| 0\.131 \| -0\.023 \| -14\.94% \|\n\| APAC \(B2\) \| 0\.112 \| -0\.042 \| -27\.27% \|/);
    assert.match(text, /Largest gap: EMEA 0\.154 against APAC 0\.112, a difference of 0\.042 \(APAC is 27\.27% below EMEA\)\./);
    assert.doesNotMatch(text, /trend/); // regions have no order
  });

  it('gives a trend for periods only, and says why there is none for categories', async () => {
    const months = await answer('trend', table('A1:B4', [['Month', 'Revenue ($)'], ['Jan', 1200], ['Feb', 1350], ['Mar', 1500]]));
    assert.match(months, /- sum \$4,050; mean \$1,350/);
    assert.match(months, /- trend rising \(\+150 per step\); first → last \+25%/);
    const products = await answer('forecast', table('A1:B4', [['Product', 'Units'], ['Widget', 10], ['Gadget', 30], ['Gizmo', 20]]));
    assert.match(products, /the rows are categories \(Product\), not periods: no trend or projection follows from their order/);
    assert.doesNotMatch(products, /linear projection|trend (rising|falling|flat)/);
  });

  it('escapes a label that would break the comparison table', async () => {
    const text = await answer('compare', table('A1:B3', [['Team', 'Score'], ['A|B', 3], ['C', 5]]));
    assert.match(text, /\| A\\\|B \(B2\) \| 3 \| -2 \| -40% \|/);
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
    assert.match(figures, /Rent 2,100 \(Antwerp, B4\): "Antwerp is the cheapest site at 2,100 EUR\." — Annual report\.pdf, p\. 2 \[P2\]/);
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
    assert.match(text, /\*\*Selected figures your documents state\*\*\n- Revenue \(\$\) \$9,100 \(APAC, B2\): "In APAC, revenue reached 9,100 while the operating margin fell to 11\.2%\." — Annual report\.pdf, p\. 2 \[P1\]\n- Margin 0\.112 \(APAC, C2\): "In APAC, revenue reached 9,100/);
    assert.doesNotMatch(text, /Per row/); // dollars beside a ratio: a row's sum means nothing
    assert.match(text, /- Revenue \(\$\) \$12,480 \(EMEA, B3\): "EMEA contributed \$12\.5 thousand\." — Annual report\.pdf, p\. 5 \[P2\]/);
    const [figures, quotes] = text.split('**Selected figures your documents state**')[1].split('**From your documents**');
    assert.doesNotMatch(figures, /LATAM/); // 0.2 is not 21%; 2 is too small to look for
    // P2's other sentence is about the margin asked for (and does not match the cells): quoted, for the reader
    // to compare. P1 has no other sentence on the question, so it is not quoted twice.
    assert.equal(quotes.trim(), '- "LATAM margin was 21 percent." — Annual report.pdf, p. 5 [P2]');
    const none = await answer('verify', sales, 'Check revenue against the report', [passage('P3', 4, 'Revenue is recognised when delivered.')]);
    assert.match(none, /None of the selected figures appears in the retrieved passages, so none could be checked against them\./);
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
    assert.match(text, /Revenue \$?9,100 \(May, B6\): "The May revenue of 9,100 came from the one-off licence deal\." — Annual report\.pdf, p\. 4 \[P2\]/);
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
