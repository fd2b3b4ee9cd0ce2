/**
 * Click-to-cell against office-addin-mock: the cited range is selected on the right sheet, in one batch.
 */
import assert from 'node:assert/strict';
import { OfficeMockObject } from 'office-addin-mock';
import { selectCells } from './navigate.js';

let calls: string[];
let syncs: number;

function sheet(name: string) {
  return {
    name,
    activate: () => calls.push(`${name}: activate`),
    getRange(address: string) {
      calls.push(`${name}: range ${address}`);
      return { address: `${name}!${address}`, select: () => calls.push(`${name}: select ${address}`) };
    },
  };
}

function excelWithSheets() {
  calls = [];
  syncs = 0;
  const mock = new OfficeMockObject({
    context: {
      workbook: {
        worksheets: {
          Data: sheet('Data'),
          'Q3 plan': sheet('Q3 plan'),
          getItem(this: Record<string, unknown>, name: string) {
            calls.push(`getItem ${name}`);
            if (!this[name]) throw new Error(`The requested resource doesn't exist.`);
            return this[name];
          },
          getActiveWorksheet(this: Record<string, unknown>) {
            calls.push('active sheet');
            return this['Q3 plan'];
          },
        },
      },
    },
    run(this: { context: { sync: () => Promise<void> } }, batch: (context: unknown) => Promise<unknown>) {
      const real = this.context.sync.bind(this.context);
      this.context.sync = async () => {
        syncs++;
        await real();
      };
      return batch(this.context);
    },
  });
  (globalThis as { Excel?: unknown }).Excel = mock;
}

describe('Excel host: selectCells (office-addin-mock)', () => {
  afterEach(() => delete (globalThis as { Excel?: unknown }).Excel);

  it('activates the named sheet and selects the range on it, in one sync', async () => {
    excelWithSheets();
    const result = await selectCells({ sheet: 'Data', address: 'B2:B9' });
    assert.deepEqual(result, { sheet: 'Data', address: 'B2:B9' });
    assert.deepEqual(calls, ['getItem Data', 'Data: activate', 'Data: range B2:B9', 'Data: select B2:B9']);
    assert.equal(syncs, 1);
  });

  it('selects on the active sheet only when no sheet is known', async () => {
    excelWithSheets();
    await selectCells({ sheet: null, address: 'C4' });
    assert.deepEqual(calls, ['active sheet', 'Q3 plan: activate', 'Q3 plan: range C4', 'Q3 plan: select C4']);
  });

  it("passes Excel's error through when the cited sheet is gone", async () => {
    excelWithSheets();
    await assert.rejects(selectCells({ sheet: 'Sheet2', address: 'C4' }), /doesn't exist/);
    assert.ok(!calls.some((c) => c.includes('select')));
  });
});
