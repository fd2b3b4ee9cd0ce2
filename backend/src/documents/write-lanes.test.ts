import assert from 'node:assert/strict';
import { WriteLanes } from './write-lanes.js';

/** A write that ends when told to, recording when it ran. */
function gate() {
  let open!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { done, open, fail };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('WriteLanes: chunk batches written side by side', () => {
  it('runs at most `lanes` writes at once, and tells of each in the order they were added', async () => {
    const lanes = new WriteLanes(2);
    const gates = [gate(), gate(), gate()];
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const started: number[] = [];
    const write = (i: number) => async () => {
      started.push(i);
      most = Math.max(most, ++running);
      await gates[i].done;
      running--;
    };
    await lanes.add(write(0), () => order.push(0)); // one running: returns at once
    const second = lanes.add(write(1), () => order.push(1)); // two running: waits for the oldest
    await tick();
    assert.deepEqual(started, [0, 1]);
    gates[1].open(); // the younger ends first…
    await tick();
    assert.equal(order.length, 0, '…but is told of only after the older');
    gates[0].open();
    await second;
    assert.deepEqual(order, [0]);
    const third = lanes.add(write(2), () => order.push(2));
    gates[2].open();
    await third;
    await lanes.drain();
    assert.deepEqual(order, [0, 1, 2]);
    assert.equal(most, 2);
  });

  it('writes one at a time with one lane (PGlite)', async () => {
    const lanes = new WriteLanes(1);
    let running = 0;
    let most = 0;
    for (let i = 0; i < 4; i++) {
      await lanes.add(async () => {
        most = Math.max(most, ++running);
        await tick();
        running--;
      });
    }
    await lanes.drain();
    assert.equal(most, 1);
  });

  it('throws a failed write\'s error only once every other write has ended', async () => {
    const lanes = new WriteLanes(2);
    const slow = gate();
    let slowEnded = false;
    await lanes.add(async () => {
      throw new Error('copy refused');
    });
    const adding = lanes.add(async () => {
      await slow.done;
      slowEnded = true;
    });
    await tick();
    let settled = false;
    void adding.catch(() => {}).finally(() => (settled = true));
    await tick();
    assert.equal(settled, false, 'still waiting for the write under way');
    slow.open();
    await assert.rejects(adding, /copy refused/);
    assert.equal(slowEnded, true);
    await lanes.drain(); // nothing left
  });

  it('stop waits for the writes under way whatever their outcome, without throwing', async () => {
    const lanes = new WriteLanes(3);
    const a = gate();
    const b = gate();
    let ended = 0;
    await lanes.add(() => a.done.finally(() => ended++));
    await lanes.add(() => b.done.finally(() => ended++));
    const stopping = lanes.stop();
    a.fail(new Error('cancelled'));
    b.open();
    await stopping;
    assert.equal(ended, 2);
  });

  it('refuses a lane count that is not a whole number of at least one', () => {
    assert.throws(() => new WriteLanes(0), RangeError);
    assert.throws(() => new WriteLanes(1.5), RangeError);
  });
});
