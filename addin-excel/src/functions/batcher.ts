/**
 * Batches formula calls: Excel recalculates many cells at once and calls each custom function separately,
 * so calls made within one window (~50 ms) go to POST /api/v1/formulas as one request, identical calls share
 * one item, and each call's Promise settles with its own result (Excel shows #BUSY! until then).
 */
export type Cell = string | number | boolean | null;

export interface FormulaItem {
  prompt: string;
  values: Cell[][];
  mode: 'ask' | 'fill';
  address?: string;
  sheet?: string;
}

export interface FormulaResult {
  value: string | string[];
  cached: boolean;
  stale?: boolean;
  tokensCharged: number;
  citations?: unknown[];
  error?: string;
}

/** The server takes at most this many items per request; a larger recalculation is split. */
export const MAX_ITEMS = 200;
export const BATCH_WINDOW_MS = 50;

/** Sends one request; rejects with a FormulaSendError (or anything) when the whole request failed. */
export type SendBatch = (items: FormulaItem[]) => Promise<FormulaResult[]>;

interface Waiting {
  item: FormulaItem;
  settle: { resolve: (r: FormulaResult) => void; reject: (e: unknown) => void }[];
}

/** The cache key a call is deduplicated by: what the server computes from (address/sheet do not change the answer). */
export function itemKey(item: FormulaItem): string {
  return JSON.stringify([item.mode, item.prompt, item.values]);
}

export class FormulaBatcher {
  private pending = new Map<string, Waiting>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: SendBatch,
    private readonly windowMs = BATCH_WINDOW_MS,
  ) {}

  call(item: FormulaItem): Promise<FormulaResult> {
    return new Promise((resolve, reject) => {
      const key = itemKey(item);
      const waiting = this.pending.get(key);
      if (waiting) waiting.settle.push({ resolve, reject });
      else this.pending.set(key, { item, settle: [{ resolve, reject }] });
      this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  /** Sends everything waiting now (also called by the timer). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending.clear();
    const chunks: Waiting[][] = [];
    for (let i = 0; i < batch.length; i += MAX_ITEMS) chunks.push(batch.slice(i, i + MAX_ITEMS));
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const results = await this.send(chunk.map((w) => w.item));
          chunk.forEach((w, i) => {
            const result = results[i];
            for (const s of w.settle) {
              if (result) s.resolve(result);
              else s.reject(new Error('The server returned fewer results than items.'));
            }
          });
        } catch (err) {
          for (const w of chunk) for (const s of w.settle) s.reject(err);
        }
      }),
    );
  }
}
