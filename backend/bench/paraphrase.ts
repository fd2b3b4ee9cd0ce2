/**
 * Deterministic paraphrases of a sentence, as a user restates what they remember reading: the clauses in
 * the other order, function words dropped, and up to three words swapped for a synonym. No model, no
 * randomness: the same sentence always gives the same paraphrase.
 */

/** Documentation-register synonyms; each swap keeps the meaning and changes the word's form. */
export const SYNONYMS: Record<string, string> = {
  use: 'employ', uses: 'employs', used: 'employed', using: 'employing',
  show: 'display', shows: 'displays', shown: 'displayed',
  make: 'create', makes: 'creates', made: 'created',
  need: 'require', needs: 'requires', needed: 'required',
  change: 'modify', changes: 'modifies', changed: 'modified',
  give: 'provide', gives: 'provides', given: 'provided',
  allow: 'permit', allows: 'permits', allowed: 'permitted',
  start: 'begin', starts: 'begins', started: 'begun',
  big: 'large', large: 'big', small: 'little', many: 'numerous',
  often: 'frequently', usually: 'normally', also: 'additionally', however: 'nevertheless',
  example: 'instance', examples: 'instances', option: 'setting', options: 'settings',
  command: 'instruction', commands: 'instructions', write: 'compose', written: 'composed',
  define: 'specify', defines: 'specifies', defined: 'specified', describe: 'explain', describes: 'explains',
  package: 'bundle', packages: 'bundles', simple: 'easy', different: 'distinct', possible: 'feasible',
};

/** Function words a hurried restatement leaves out. */
const STOP = new Set('a an the of to is are be been being was were that this these those it its which will can may must shall should would could there then than so such also very just'.split(' '));

/** Words that start a subordinate clause which can move to the front ("A when B" → "when B, A"). */
const CLAUSE_START = [' when ', ' if ', ' because ', ' while ', ' unless ', ' since ', ' although '];

const words = (s: string) => s.split(' ').filter(Boolean);

/** "A, B." → "B, A"; else "A when B." → "when B, A"; else the sentence unchanged. */
export function reorderClauses(sentence: string): string {
  const s = sentence.replace(/[.!?]["'”’)]*$/u, '');
  const comma = s.indexOf(', ');
  const split = (at: number, skip: number) => {
    const left = s.slice(0, at);
    const right = s.slice(at + skip);
    if (words(left).length < 3 || words(right).length < 3) return null;
    return `${right}, ${lowerFirst(left)}`;
  };
  if (comma > 0) {
    const swapped = split(comma, 2);
    if (swapped) return swapped;
  }
  for (const c of CLAUSE_START) {
    const at = s.toLowerCase().indexOf(c);
    if (at > 0) {
      const left = s.slice(0, at);
      const right = s.slice(at + 1);
      if (words(left).length >= 3 && words(right).length >= 3) return `${right}, ${lowerFirst(left)}`;
    }
  }
  return s;
}

/** Lower-cases a clause's first letter unless the word is an acronym or a name with inner capitals. */
function lowerFirst(s: string): string {
  const first = s.split(' ')[0] ?? '';
  return /^\p{Lu}\p{Ll}*$/u.test(first.replace(/[^\p{L}]/gu, '')) ? s[0].toLowerCase() + s.slice(1) : s;
}

/** The paraphrase: reordered, up to three synonyms swapped, function words and quotation marks dropped. */
export function paraphrase(sentence: string): string {
  let swaps = 0;
  const out: string[] = [];
  for (const token of words(reorderClauses(sentence))) {
    const m = /^([^\p{L}\p{N}]*)([\p{L}\p{N}'’-]*)([^\p{L}\p{N}]*)$/u.exec(token);
    const [pre, word, post] = m ? [m[1], m[2], m[3]] : ['', token, ''];
    const lower = word.toLowerCase();
    if (STOP.has(lower)) {
      if (/[,;:]/.test(post) && out.length) out[out.length - 1] += post.replace(/[^,;:]/g, '');
      continue;
    }
    let next = word;
    if (swaps < 3 && SYNONYMS[lower]) {
      next = /^\p{Lu}/u.test(word) ? SYNONYMS[lower][0].toUpperCase() + SYNONYMS[lower].slice(1) : SYNONYMS[lower];
      swaps++;
    }
    const unquoted = (edge: string) => edge.replace(/["“”‘’'`]/g, '');
    out.push(`${unquoted(pre)}${next}${unquoted(post)}`);
  }
  return out.join(' ').replace(/\s+([,;:])/g, '$1').trim();
}
