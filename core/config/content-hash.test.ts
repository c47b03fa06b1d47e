import { describe, expect, it } from 'vitest';
import { hash64 } from './content-hash.ts';

describe('hash64', () => {
  it('is deterministic, in two 32-bit lanes', () => {
    const [hi, lo] = hash64('routeyard');
    expect(hash64('routeyard')).toEqual([hi, lo]);
    for (const lane of [hi, lo]) {
      expect(Number.isInteger(lane)).toBe(true);
      expect(lane).toBeGreaterThanOrEqual(0);
      expect(lane).toBeLessThan(2 ** 32);
    }
  });

  it.each([
    { desc: 'one character changed', a: '{"rule":"Host(`a`)"}', b: '{"rule":"Host(`b`)"}' },
    { desc: 'two characters swapped', a: '["ab","c"]', b: '["ba","c"]' },
    { desc: 'a longer text', a: 'x', b: 'xx' },
    { desc: 'the empty text', a: '', b: '\u0000' },
  ])('changes both lanes for $desc', ({ a, b }) => {
    const [a1, a2] = hash64(a);
    const [b1, b2] = hash64(b);
    expect(a1).not.toBe(b1);
    expect(a2).not.toBe(b2);
  });

  it('keeps parts apart: characters cannot move from one part to the next', () => {
    const [a1, a2] = hash64('ab', 'c');
    const [b1, b2] = hash64('a', 'bc');
    expect(a1).not.toBe(b1);
    expect(a2).not.toBe(b2);
  });
});
