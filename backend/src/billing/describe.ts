/**
 * Ledger lines in words — "Analysis: “Why is Rotterdam's rent higher?”", "Reading leases.pdf" — where the
 * ledger itself keeps references (`analysis:<id>`, `document:<id>`) that mean nothing to a reader. One
 * query per referenced table per page; only rows of the entry's own user are named.
 */
import type { Knex } from 'knex';
import type { LedgerEntry } from './ledger.js';

const QUOTE_CHARS = 80;

const clip = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > QUOTE_CHARS ? `${line.slice(0, QUOTE_CHARS - 1)}…` : line;
};
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

const PAYMENT_KINDS: Record<string, string> = { subscription: 'Plan tokens', token_pack: 'Token purchase', auto_pay: 'Auto-pay top-up' };

type Named = Map<string, { userId: string; name: string }>;

async function lookUp(knex: Knex, table: 'analyses' | 'documents', column: 'prompt' | 'filename', ids: string[]): Promise<Named> {
  const uuids = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!uuids.length) return new Map();
  const rows: Array<{ id: string; userId: string; name: string }> = await knex(table).whereIn('id', uuids).select('id', 'userId', `${column} as name`);
  return new Map(rows.map((r) => [r.id, { userId: r.userId, name: r.name }]));
}

/** A description for every entry, by entry id. */
export async function describeEntries(knex: Knex, entries: LedgerEntry[]): Promise<Map<string, string>> {
  const refs = entries.map((e) => {
    const [prefix, ...rest] = (e.reference ?? '').split(':');
    return { e, prefix, value: rest.join(':') };
  });
  const [analyses, documents] = await Promise.all([
    lookUp(knex, 'analyses', 'prompt', refs.filter((r) => r.prefix === 'analysis').map((r) => r.value)),
    lookUp(knex, 'documents', 'filename', refs.filter((r) => r.prefix === 'document').map((r) => r.value)),
  ]);
  const own = (found: Named, r: (typeof refs)[number]) => {
    const row = found.get(r.value);
    return row && row.userId === r.e.userId ? row.name : null;
  };
  return new Map(refs.map((r) => [r.e.id, describe(r, own(analyses, r), own(documents, r))]));
}

function describe({ e, prefix, value }: { e: LedgerEntry; prefix: string; value: string }, analysis: string | null, document: string | null): string {
  switch (prefix) {
    case 'signup':
      return `Sign-up grant (${capitalised(value)} plan)`;
    case 'admin': {
      const reason = typeof e.metadata.reason === 'string' && e.metadata.reason.trim() ? `: ${clip(e.metadata.reason)}` : '';
      return `${e.delta >= 0 ? 'Added' : 'Removed'} by an administrator${reason}`;
    }
    case 'payment':
      if (e.kind === 'refund') return `Refund of receipt ${value}`;
      return `${PAYMENT_KINDS[String(e.metadata.payment)] ?? 'Token purchase'}, receipt ${value}`;
    case 'analysis':
      return analysis ? `Analysis: “${clip(analysis)}”` : 'Analysis (since deleted)';
    case 'document':
      return document ? `Reading ${document}` : 'Reading a document (since deleted)';
    case 'embedding':
      return value === 'query' ? 'Searching your documents' : 'Reading documents';
    default:
      return capitalised(e.kind);
  }
}
