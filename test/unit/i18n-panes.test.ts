/**
 * The Excel task pane and the Google Sheets sidebar keep no wording of their own: every visible word comes
 * from the `pane` messages of the shared catalogue, and every key they name exists. The scan is the web
 * app's (i18n-no-literals.test.ts), made stricter for string and template literals written as JSX children.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { en } from '@intellio/i18n';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXCEL_SRC = path.join(ROOT, 'addin-excel', 'src');
const SHEETS_SRC = path.join(ROOT, 'addin-sheets', 'src');

function files(dir: string, ext: RegExp, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full, ext, base);
    return ext.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path.relative(base, full).split(path.sep).join('/')] : [];
  });
}

/** Props that reach the screen or a screen reader as words. */
const VISIBLE_PROPS = new Set(['label', 'title', 'subtitle', 'placeholder', 'aria-label', 'hint', 'text', 'button', 'content', 'alt', 'validationMessage']);
const LETTERS = /\p{L}/u;

/** The words of a string or template literal outside its `${…}` parts. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return null;
}

/** Each piece of hard-coded wording in a TSX source, as "line: text". */
function hardCodedText(source: string, fileName = 'file.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const at = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTERS.test(node.text)) found.push(`${at(node)}: ${node.text.trim()}`);
    // {'Sign in'} or {`Written to ${x}`} as a child is JSX text by another name.
    if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      const text = literalText(node.expression);
      if (text && LETTERS.test(text)) found.push(`${at(node)}: ${node.getText(file)}`);
    }
    if (ts.isJsxAttribute(node) && VISIBLE_PROPS.has(node.name.getText(file)) && node.initializer) {
      const init = node.initializer;
      const text = ts.isStringLiteral(init) ? init.text : ts.isJsxExpression(init) && init.expression ? literalText(init.expression) : null;
      if (text && LETTERS.test(text)) found.push(`${at(node)}: ${node.getText(file)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The catalogue keys a source names: `t('a.b')`, `i18n.t('a.b', …)`, `data-i18n="a.b"`. */
function namedKeys(source: string): string[] {
  return [...source.matchAll(/\bt\(\s*'([\w.]+)'|data-i18n(?:-[\w-]+)?="([\w.]+)"/g)].map((m) => m[1] ?? m[2]);
}

function hasKey(key: string): boolean {
  const parts = key.split('.');
  const leaf = parts.pop() as string;
  let node: unknown = en;
  for (const part of parts) node = (node as Record<string, unknown>)?.[part];
  const group = node as Record<string, unknown> | undefined;
  // Plurals live under key_one / key_other.
  return typeof group?.[leaf] === 'string' || typeof group?.[`${leaf}_other`] === 'string';
}

/** The product's name is the same in every language. */
const BRAND = 'Intellio';

/**
 * Text in the sidebar's HTML that no `data-i18n` attribute replaces: an element's own text with letters,
 * and visible attributes (placeholder, aria-label, title) without their data-i18n-<attr> twin.
 */
function untranslatedHtml(html: string): string[] {
  const body = html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>|<head[\s\S]*?<\/head>/gi, '');
  const found: string[] = [];
  // An element's opening tag and the text right after it, up to the next tag.
  for (const m of body.matchAll(/<([a-z0-9]+)([^>]*)>([^<]*)/gi)) {
    const [, tag, attrs, text] = m;
    if (!attrs.trim().endsWith('/') && LETTERS.test(text) && text.trim() !== BRAND && !/\sdata-i18n="/.test(attrs)) found.push(`<${tag}${attrs}>${text.trim()}`);
    for (const a of attrs.matchAll(/\s(placeholder|aria-label|title)="([^"]*)"/g)) {
      if (LETTERS.test(a[2]) && !new RegExp(`\\sdata-i18n-${a[1]}="`).test(attrs)) found.push(`<${tag}> ${a[1]}="${a[2]}"`);
    }
  }
  // Text after a closing tag or a void element (e.g. "<input /> New sheet") has no element of its own.
  for (const m of body.matchAll(/(<\/[a-z0-9]+>|\/>)([^<]*)/gi)) if (LETTERS.test(m[2])) found.push(`after ${m[1]}: ${m[2].trim()}`);
  return found;
}

describe('the panes have no hard-coded wording', () => {
  it('the scan finds JSX text, literal children, literal labels and template labels', () => {
    const sample = [
      'export const A = () => (',
      '  <Field label="Email" hint={`At least ${n}`}>',
      "    <b aria-label={'Close'}>Sign in</b> {t('x')} {' '} {`${a} cells`} {'Go'} <i title=\"\" data-testid=\"a-b\" />",
      '  </Field>',
      ');',
    ].join('\n');
    assert.deepEqual(hardCodedText(sample), ['2: label="Email"', '2: hint={`At least ${n}`}', "3: aria-label={'Close'}", '3: Sign in', '3: {`${a} cells`}', "3: {'Go'}"]);
  });

  it('the HTML scan finds bare text and attributes with no data-i18n', () => {
    const html = '<body><h1><span>Intellio</span> Welcome <button data-i18n="pane.signOut">Sign out</button></h1><label><input type="checkbox" /> New sheet</label><textarea placeholder="e.g. x"></textarea><input aria-label="Cell" data-i18n-aria-label="pane.insert.target" /></body>';
    assert.deepEqual(untranslatedHtml(html), ['<textarea> placeholder="e.g. x"', 'after </span>: Welcome', 'after />: New sheet']);
  });

  for (const file of files(EXCEL_SRC, /\.tsx$/)) {
    it(`addin-excel/src/${file}`, () => {
      const source = fs.readFileSync(path.join(EXCEL_SRC, file), 'utf8');
      assert.deepEqual(hardCodedText(source, file), [], `${file} has text outside the catalogues`);
      assert.deepEqual(namedKeys(source).filter((k) => !hasKey(k)), [], `${file} names keys the catalogues lack`);
    });
  }

  it('addin-sheets/src/client/Sidebar.html', () => {
    const html = fs.readFileSync(path.join(SHEETS_SRC, 'client', 'Sidebar.html'), 'utf8');
    assert.deepEqual(untranslatedHtml(html), [], 'Sidebar.html has text no data-i18n attribute replaces');
    assert.deepEqual(namedKeys(html).filter((k) => !hasKey(k)), []);
  });

  for (const file of files(SHEETS_SRC, /\.ts$/)) {
    it(`addin-sheets/src/${file} names only keys the catalogues have`, () => {
      const source = fs.readFileSync(path.join(SHEETS_SRC, file), 'utf8');
      assert.deepEqual(namedKeys(source).filter((k) => !hasKey(k)), []);
    });
  }
});
