/**
 * The screens converted to the catalogues keep no English of their own: no JSX text with letters and no
 * user-visible attribute given a string literal, and every key they name exists in the catalogues.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { en } from '@intellio/i18n';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'webapp', 'src');

/**
 * Every component of the web app speaks through the catalogues. The few files listed here show no words of
 * their own (an SVG mark) and are skipped.
 */
const EXEMPT = new Set(['brand/LogoMark.tsx']);

function tsxFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(full, base);
    return entry.name.endsWith('.tsx') ? [path.relative(base, full).split(path.sep).join('/')] : [];
  });
}

const CONVERTED = tsxFiles(SRC).filter((file) => !EXEMPT.has(file)).sort();

/** Props that reach the screen or a screen reader as words. */
const VISIBLE_PROPS = new Set(['label', 'title', 'subtitle', 'placeholder', 'aria-label', 'hint', 'text', 'button', 'content', 'alt', 'validationMessage']);
const LETTERS = /\p{L}/u;

/** Each piece of hard-coded wording in a TSX source, as "line: text". */
function hardCodedText(source: string, fileName = 'file.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const at = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTERS.test(node.text)) found.push(`${at(node)}: ${node.text.trim()}`);
    if (ts.isJsxAttribute(node) && VISIBLE_PROPS.has(node.name.getText(file)) && node.initializer) {
      const init = node.initializer;
      const literal = ts.isStringLiteral(init) ? init : ts.isJsxExpression(init) && init.expression && (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression)) ? init.expression : null;
      if (ts.isJsxExpression(init) && init.expression && ts.isTemplateExpression(init.expression)) found.push(`${at(node)}: ${node.getText(file)}`);
      if (literal && LETTERS.test(literal.text)) found.push(`${at(node)}: ${node.getText(file)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The catalogue keys a source names: `t('a.b')`, `t('a.b', …)` and `<Trans i18nKey="a.b">`. */
function namedKeys(source: string): string[] {
  return [...source.matchAll(/\bt\(\s*'([\w.]+)'|i18nKey="([\w.]+)"/g)].map((m) => m[1] ?? m[2]);
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

describe('web app components have no hard-coded wording', () => {
  it('the scan finds JSX text, literal labels and template labels', () => {
    const sample = [
      'export const A = () => (',
      '  <Field label="Email" hint={`At least ${n}`}>',
      '    <b aria-label={\'Close\'}>Sign in</b> {t(\'x\')} {" "} <i title="" data-testid="a-b" />',
      '  </Field>',
      ');',
    ].join('\n');
    assert.deepEqual(hardCodedText(sample), ['2: label="Email"', '2: hint={`At least ${n}`}', "3: aria-label={'Close'}", '3: Sign in']);
  });

  for (const file of CONVERTED) {
    it(file, () => {
      const source = fs.readFileSync(path.join(SRC, file), 'utf8');
      assert.deepEqual(hardCodedText(source, file), [], `${file} has text outside the catalogues`);
      const keys = namedKeys(source);
      assert.deepEqual(keys.filter((k) => !hasKey(k)), [], `${file} names keys the catalogues lack`);
    });
  }
});
