import assert from 'node:assert/strict';
import { test } from 'node:test';
import { platformCount, roundingBase, suppressSmallCount } from './small-counts.js';

// The figures of issue 8's attacks, at the default minimum cell size of 10.
test('the platform count beside 10 visible carriers of 11 is withheld (the one elsewhere is not revealed)', () => {
  assert.equal(platformCount(11, 10, 10), null);
  assert.equal(platformCount(19, 10, 10), null, 'nine elsewhere: still a small cell');
  assert.equal(platformCount(20, 10, 10), 20, 'ten elsewhere: shown, rounded');
  assert.equal(platformCount(11, 11, 10), 10, 'all visible (the data center): nothing to subtract, rounded');
  assert.equal(platformCount(11, 0, 10), 10, 'none visible: rounded down to a multiple of 5');
  assert.equal(platformCount(0, 0, 10), 0);
  assert.equal(platformCount(3, 0, 10), null);
});

test('one more carrier does not change the count unless it crosses a multiple of 5', () => {
  assert.deepEqual([20, 21, 22, 23, 24, 25].map((n) => suppressSmallCount(n, 10)), [20, 20, 20, 20, 20, 25]);
  assert.deepEqual([0, 1, 9, 10, 14].map((n) => suppressSmallCount(n, 10)), [0, null, null, 10, 10]);
});

test('the rounding base never exceeds the cell size', () => {
  assert.deepEqual([1, 2, 5, 10, 20].map(roundingBase), [1, 2, 5, 5, 5]);
  assert.deepEqual([2, 3, 4].map((n) => suppressSmallCount(n, 2)), [2, 2, 4]);
});
