/**
 * How the pane (and the Sheets sidebar, which shares the code) turns a checked answer into links and flags:
 * cell citations, passage ids, unsupported claims matched to the answer by their text.
 */
import assert from 'node:assert/strict';
import { cellRefFromHref, claimSummary, linkAnswer, parseCellRef, readSummary, type Claim } from '@intellio/api-client';

const SELECTION = { sheet: 'Sheet1', ranges: [{ address: 'A1:B3' }, { address: 'D1:D3' }] };

const claim = (text: string, verdict: Claim['verdict'], reason?: string): Claim => ({ text, verdict, sources: [], ...(reason ? { reason } : {}) });

describe('Checked answers: links and flags', () => {
  it('links bracketed cell citations, lists and other sheets, and reads them back with the analysed sheet', () => {
    const { markdown } = linkAnswer('North leads [B2]; the rest [B2:B3, D2]. Plan: [Sheet2!C4] and [\'Q3 plan\'!$C$4].', { selection: SELECTION });
    assert.equal(
      markdown,
      "North leads \\[[B2](#cell=B2)\\]; the rest \\[[B2:B3](#cell=B2%3AB3), [D2](#cell=D2)\\]. Plan: \\[[Sheet2!C4](#cell=Sheet2!C4)\\] and \\[['Q3 plan'!$C$4](#cell=Q3%20plan!C4)\\].",
    );
    assert.deepEqual(cellRefFromHref('#cell=B2%3AB3', 'Sheet1'), { sheet: 'Sheet1', address: 'B2:B3' });
    assert.deepEqual(cellRefFromHref('#cell=Q3%20plan!C4', 'Sheet1'), { sheet: 'Q3 plan', address: 'C4' });
    assert.equal(cellRefFromHref('https://example.com/#cell=B2', 'Sheet1'), null);
  });

  it('links a bare address in parentheses only where it lies on the analysed cells', () => {
    const { markdown } = linkAnswer('max 1,200 (North, B2); Q3 (Q3, 2024) and (B2:B3, 2 numbers), (Sheet9!B2).', { selection: SELECTION });
    assert.equal(markdown, 'max 1,200 (North, [B2](#cell=B2)); Q3 (Q3, 2024) and ([B2:B3](#cell=B2%3AB3), 2 numbers), (Sheet9!B2).');
  });

  it('links passage ids that are citations and leaves other brackets alone', () => {
    const { markdown } = linkAnswer('Costs rose [P3, P5]. See [the note](https://x.example) and [P9] [Region].', { citationIds: ['P3', 'P5'] });
    assert.equal(markdown, 'Costs rose \\[[P3](#source=P3), [P5](#source=P5)\\]. See [the note](https://x.example) and [P9] [Region].');
  });

  it('flags an unsupported claim after its sentence and citations, matched through Markdown and spacing', () => {
    const answer = '- **North** grew 18% [P1].\n- South lost _40%_ of staff [P3].\n- Costs were flat.';
    const claims = [claim('North grew 18%.', 'supported'), claim('South lost 40% of staff.', 'unsupported', '40% is not in P3'), claim('Margins doubled.', 'unsupported')];
    const { markdown, unplaced } = linkAnswer(answer, { claims, citationIds: ['P1', 'P3'] });
    assert.equal(
      markdown,
      '- **North** grew 18% \\[[P1](#source=P1)\\].\n- South lost _40%_ of staff \\[[P3](#source=P3)\\]. [⚠ Not found in its sources: 40% is not in P3](#flag=1)\n- Costs were flat.',
    );
    assert.deepEqual(unplaced, [claims[2]]);
  });

  it('an old analysis (no claims) comes through unchanged', () => {
    assert.deepEqual(linkAnswer('Plain answer.', {}), { markdown: 'Plain answer.', unplaced: [] });
    assert.equal(claimSummary([]), null);
    assert.equal(claimSummary(undefined), null);
    assert.equal(readSummary(undefined, 24), null);
  });

  it('summarises the checks and what was read', () => {
    const claims = [...Array.from({ length: 7 }, () => claim('x', 'supported')), claim('y', 'unsupported')];
    assert.equal(claimSummary(claims), '7 of 8 statements checked against their sources · 1 not found in its sources');
    assert.equal(claimSummary([claim('a', 'supported'), claim('b', 'unchecked')]), '1 of 2 statements checked against their sources · 1 with nothing to check');
    const passage = (id: string, documentId: string) => ({ id, documentId, documentName: `${documentId}.pdf`, page: 1, url: 'u' });
    const read = [passage('P1', 'a'), passage('P2', 'a'), passage('P3', 'b'), passage('P4', 'c'), passage('P5', 'c'), passage('P6', 'c')];
    assert.equal(readSummary(read, 24), 'Read 6 passages from 3 documents and 24 cells');
    assert.equal(readSummary([passage('P1', 'a')], 1), 'Read 1 passage from 1 document and 1 cell');
  });

  it('keeps a cell link whole when its sheet name has an unbalanced parenthesis', () => {
    const { markdown } = linkAnswer("See ['Q3 (final'!B2] and ['a)b'!C3].", {});
    assert.equal(markdown, "See \\[['Q3 (final'!B2](#cell=Q3%20%28final!B2)\\] and \\[['a)b'!C3](#cell=a%29b!C3)\\].");
    assert.deepEqual(cellRefFromHref('#cell=Q3%20%28final!B2', 'Sheet1'), { sheet: 'Q3 (final', address: 'B2' });
  });

  it('links a bare address on a selection of whole columns or rows', () => {
    const selection = { sheet: 'Sheet1', ranges: [{ address: 'Sheet1!B:B' }, { address: '5:5' }, { address: 'D3:D' }] };
    const { markdown } = linkAnswer('Top (North, B700); row (X, F5); open (Y, D9); off (Z, C4), (W, D2).', { selection });
    assert.equal(markdown, 'Top (North, [B700](#cell=B700)); row (X, [F5](#cell=F5)); open (Y, [D9](#cell=D9)); off (Z, C4), (W, D2).');
  });

  it('reads a cell link the answer wrote without a cell in it as no link', () => {
    for (const href of ['#cell=', '#cell=Sheet2!', '#cell=!B2', '#cell=North']) assert.equal(cellRefFromHref(href, 'Sheet1'), null, href);
  });

  it('parses cell references and refuses words', () => {
    assert.deepEqual(parseCellRef("'It''s Q3'!b2:c4"), { sheet: "It's Q3", address: 'B2:C4' });
    assert.equal(parseCellRef('Region'), null);
    assert.equal(parseCellRef('P3 and B2'), null);
    assert.equal(parseCellRef('B0'), null);
  });
});
