/**
 * How large a share of the passages a tsquery could match, read from its text form (what
 * `websearch_to_tsquery(...)::text` prints) and the lexemes' shares that the statistics keep (tableStats).
 *
 * The planner's own estimate is no use here: it takes one row for a phrase that matches 15k. This one is
 * an estimate of the largest the match set can be, a lexeme the statistics do not keep counting as none:
 * - a lexeme: its share if the statistics keep it, otherwise 0 (a rare word keeps the matches few);
 * - `a & b` and `a <-> b`: the smaller of the two (both must be there);
 * - `a | b`: the sum, at most 1 (an `or` matches what either side does, at most all of them);
 * - `!a`: what `a` leaves (an uncommon `a` leaves nearly every passage).
 */
export function matchShare(tsquery: string, shares: ReadonlyMap<string, number>): number {
  const tokens = tokenize(tsquery);
  if (!tokens.length) return 0;
  let at = 0;
  const malformed = () => malformedAt(tsquery, `token ${at}`);
  /** A left-associative run of `operand`s joined by `kind`, each join folded with `combine`. */
  const chain = (kind: Token['kind'], operand: () => number, combine: (a: number, b: number) => number): number => {
    let share = operand();
    while (tokens[at]?.kind === kind) {
      at++;
      share = combine(share, operand());
    }
    return share;
  };
  // Binding, loosest first: |, &, <N>, then ! and parentheses (PostgreSQL's tsquery grammar).
  const any = (): number => chain('or', all, (a, b) => Math.min(1, a + b));
  const all = (): number => chain('and', phrase, Math.min);
  const phrase = (): number => chain('follows', unary, Math.min);
  const unary = (): number => {
    const token = tokens[at++];
    if (token?.kind === 'not') return 1 - unary();
    if (token?.kind === 'open') {
      const share = any();
      if (tokens[at++]?.kind !== 'close') throw malformed();
      return share;
    }
    if (token?.kind === 'lexeme') return shares.get(token.text) ?? 0;
    throw malformed();
  };
  const share = any();
  if (at !== tokens.length) throw malformed();
  return share;
}

/** A lexeme as the text form quotes it: '' for a quote, a backslash before an escaped character. */
const QUOTED = String.raw`'(?:[^'\\]|''|\\.)*'`;
const CONJUNCTION = new RegExp(`^${QUOTED}(?: & ${QUOTED})*$`);

/**
 * A conjunction of plain lexemes (`'a' & 'b' & 'a'`, what websearch_to_tsquery makes of a question whose
 * words repeat) with each lexeme once; any other query as it is. Both match the same passages and
 * ts_rank_cd ranks them the same (checked on 32k passages of prose), but it takes each repeat as one more
 * term to cover: "Sans Condensed Oblique Sans Oblique" ranked its 1.5k matches in 28 ms, and in 17 ms
 * once each lexeme was there once.
 */
export function distinctConjunction(tsquery: string): string {
  if (!CONJUNCTION.test(tsquery)) return tsquery;
  const lexemes = tsquery.match(new RegExp(QUOTED, 'g')) ?? [];
  return [...new Set(lexemes)].join(' & ');
}

/**
 * Pairs asked of the index per phrase. Each pair asked is a posting list the index intersects, and a
 * boilerplate phrase's pairs are each in thousands of passages: the 14 pairs of a gcloud flag list (13.5k
 * holders of each, and of all) took 6.8 ms to intersect, 3 of them 2.6 ms, for the same 13.5k. The order
 * of the words is checked in each passage anyway (ts_match_vq), so the pairs only narrow the passages read.
 */
export const PAIRS_ASKED = 3;

/**
 * The word pairs a phrase query's passages must hold (migration 033's index: each pair of consecutive
 * lexemes of a chunk, stop words skipped): `'beta' <2> 'might' <-> 'chang'` needs 'beta might' and 'might
 * chang'; an `or` of phrases, the pairs of either. Null when some branch has fewer than two lexemes or the
 * query is not an `or` of phrases (what phraseto_tsquery makes), or puts two lexemes at one position (`<0>`):
 * then there are no pairs to ask for. With the pairs' shares of the table (`pairShares`, the index's
 * statistics), a phrase of more than PAIRS_ASKED pairs asks, in its order, for every pair the statistics
 * do not list (rarer than all they do: short lists to intersect, and the ones that narrow) and for the
 * rarest of the others up to PAIRS_ASKED in all.
 */
export function wordPairs(tsquery: string, pairShares?: ReadonlyMap<string, number>): string | null {
  if (/<0>/.test(tsquery)) return null;
  const tokens = tokenize(tsquery);
  const branches: string[][] = [];
  let at = 0;
  while (at < tokens.length) {
    const open = tokens[at]?.kind === 'open';
    if (open) at++;
    const words: string[] = [];
    for (;;) {
      const token = tokens[at++];
      if (token?.kind !== 'lexeme') return null;
      words.push(token.text);
      if (tokens[at]?.kind !== 'follows') break;
      at++;
    }
    if (open && tokens[at++]?.kind !== 'close') return null;
    if (words.length < 2) return null;
    branches.push(words);
    if (at < tokens.length && tokens[at++]?.kind !== 'or') return null;
  }
  if (!branches.length) return null;
  const quote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  const asked = (pairs: string[]) => {
    if (!pairShares || pairs.length <= PAIRS_ASKED) return pairs;
    const rare = pairs.filter((pair) => !pairShares.has(pair));
    const known = pairs.filter((pair) => pairShares.has(pair)).sort((a, b) => (pairShares.get(a) ?? 0) - (pairShares.get(b) ?? 0));
    const kept = new Set([...rare, ...known.slice(0, Math.max(0, PAIRS_ASKED - rare.length))]);
    return pairs.filter((pair) => kept.has(pair));
  };
  const conjunctions = branches.map((words) => asked([...new Set(words.slice(1).map((w, i) => `${words[i]} ${w}`))]).map(quote).join(' & '));
  return conjunctions.length === 1 ? conjunctions[0] : conjunctions.map((c) => `(${c})`).join(' | ');
}

const malformedAt = (tsquery: string, where: string) => new Error(`malformed tsquery at ${where}: ${tsquery}`);

type Token = { kind: 'lexeme'; text: string } | { kind: 'or' | 'and' | 'follows' | 'not' | 'open' | 'close' };

const OPERATORS: Record<string, Token> = { '|': { kind: 'or' }, '&': { kind: 'and' }, '!': { kind: 'not' }, '(': { kind: 'open' }, ')': { kind: 'close' } };

function tokenize(tsquery: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < tsquery.length) {
    const c = tsquery[i];
    if (c === ' ') i++;
    else if (OPERATORS[c]) {
      tokens.push(OPERATORS[c]);
      i++;
    }
    else if (c === '<') {
      // <-> or <N>: the distance does not change how many passages could match.
      const end = tsquery.indexOf('>', i);
      if (end < 0) throw malformedAt(tsquery, `character ${i}`);
      tokens.push({ kind: 'follows' });
      i = end + 1;
    } else if (c === "'") {
      // A quoted lexeme: '' is a quote, a backslash escapes the next character.
      let text = '';
      for (i++; ; i++) {
        if (i >= tsquery.length) throw malformedAt(tsquery, 'its end');
        if (tsquery[i] === '\\') text += tsquery[++i] ?? '';
        else if (tsquery[i] === "'" && tsquery[i + 1] === "'") text += tsquery[i++];
        else if (tsquery[i] === "'") break;
        else text += tsquery[i];
      }
      i++;
      // Weights and prefix marks (:A, :*) follow a lexeme; websearch_to_tsquery writes none.
      if (tsquery[i] === ':') while (i < tsquery.length && /[:*A-Da-d]/.test(tsquery[i])) i++;
      tokens.push({ kind: 'lexeme', text });
    } else throw malformedAt(tsquery, `character ${i}`);
  }
  return tokens;
}
