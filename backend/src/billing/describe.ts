/**
 * Ledger lines in words — "Analysis: “Why is Rotterdam's rent higher?”", "Reading leases.pdf" — where the
 * ledger itself keeps references (`analysis:<id>`, `document:<id>`) that mean nothing to a reader. One
 * query per referenced table per page; only rows of the entry's own user are named.
 */
import type { Knex } from 'knex';
import type { LedgerDetail } from '../contract/billing.js';
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

/**
 * What a ledger line is about, as data, so each client can say it in its own language; `describe` below
 * is the English sentence the API has always sent (`description`).
 */
export type { LedgerDetail };

/** A description and its detail for every entry, by entry id. */
export async function describeEntries(knex: Knex, entries: LedgerEntry[]): Promise<Map<string, { description: string; detail: LedgerDetail }>> {
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
  return new Map(
    refs.map((r) => {
      const detail = detailOf(r, own(analyses, r), own(documents, r));
      return [r.e.id, { description: describe(detail), detail }];
    }),
  );
}

function detailOf({ e, prefix, value }: { e: LedgerEntry; prefix: string; value: string }, analysis: string | null, document: string | null): LedgerDetail {
  switch (prefix) {
    case 'signup':
      return { what: 'signup', plan: value };
    case 'admin':
      return { what: 'admin', added: e.delta >= 0, reason: typeof e.metadata.reason === 'string' && e.metadata.reason.trim() ? clip(e.metadata.reason) : null };
    case 'payment': {
      if (e.kind === 'refund') return { what: 'refund', receipt: value };
      const payment = String(e.metadata.payment);
      return { what: 'payment', payment: payment === 'subscription' || payment === 'auto_pay' ? payment : 'token_pack', receipt: value };
    }
    case 'analysis':
      return { what: 'analysis', prompt: analysis === null ? null : clip(analysis) };
    case 'document':
      return { what: 'document', filename: document };
    case 'embedding':
      return value === 'query' ? { what: 'search' } : { what: 'reading' };
    default:
      return { what: 'other', kind: e.kind };
  }
}

function describe(d: LedgerDetail): string {
  switch (d.what) {
    case 'signup':
      return `Sign-up grant (${capitalised(d.plan)} plan)`;
    case 'admin':
      return `${d.added ? 'Added' : 'Removed'} by an administrator${d.reason ? `: ${d.reason}` : ''}`;
    case 'refund':
      return `Refund of receipt ${d.receipt}`;
    case 'payment':
      return `${PAYMENT_KINDS[d.payment]}, receipt ${d.receipt}`;
    case 'analysis':
      return d.prompt === null ? 'Analysis (since deleted)' : `Analysis: “${d.prompt}”`;
    case 'document':
      return d.filename === null ? 'Reading a document (since deleted)' : `Reading ${d.filename}`;
    case 'search':
      return 'Searching your documents';
    case 'reading':
      return 'Reading documents';
    case 'other':
      return capitalised(d.kind);
  }
}
