import assert from 'node:assert/strict';
import { fixedPace, timedPace } from './write-pace.js';

describe('write pace: chunk batches sized by time on PGlite (issue 26 H2)', () => {
  const limits = { first: 16, min: 1, max: 256 };

  it('shrinks the next batch to the budget when the last one was slow', () => {
    const pace = timedPace(40, limits);
    assert.equal(pace.size, 16);
    pace.record(16, 320); // 20 ms a chunk: 2 fit in 40 ms
    assert.equal(pace.size, 2);
    pace.record(2, 2_000); // a stall: never below the minimum
    assert.equal(pace.size, 1);
  });

  it('grows at most twofold after a fast batch, and never past the maximum', () => {
    const pace = timedPace(40, limits);
    pace.record(16, 1.6); // 0.1 ms a chunk: 400 would fit
    assert.equal(pace.size, 32);
    pace.record(32, 3.2);
    assert.equal(pace.size, 64);
    for (let i = 0; i < 5; i++) pace.record(pace.size, pace.size * 0.1);
    assert.equal(pace.size, 256);
  });

  it('ignores an empty batch, and PostgreSQL keeps its fixed size', () => {
    const pace = timedPace(40, limits);
    pace.record(0, 500);
    assert.equal(pace.size, 16);
    const fixed = fixedPace(1000);
    fixed.record(1000, 60_000);
    assert.equal(fixed.size, 1000);
  });
});
