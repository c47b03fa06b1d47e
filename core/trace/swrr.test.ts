import { describe, expect, it } from 'vitest';
import { swrrPickAt } from './swrr.ts';

const items = (weights: number[]) => weights.map((weight, i) => ({ name: 'abc'[i] as string, weight }));

describe('swrrPickAt: the pick of request seed + 1', () => {
  it('follows the nginx sequence a a b a c a a for 5,1,1', () => {
    const picks = Array.from({ length: 7 }, (_, seed) => swrrPickAt(items([5, 1, 1]), seed));
    expect(picks.join(' ')).toBe('a a b a c a a');
  });

  it('gives each item its share over seeds', () => {
    const picks = Array.from({ length: 1000 }, (_, seed) => swrrPickAt(items([9, 1]), seed));
    expect(picks.filter((p) => p === 'b').length).toBe(100);
  });

  it('repeats every total-weight requests', () => {
    for (let seed = 0; seed < 20; seed++)
      expect(swrrPickAt(items([4, 2, 1]), seed)).toBe(swrrPickAt(items([4, 2, 1]), seed + 7));
  });

  it('is bounded for huge seeds', () => {
    expect(['a', 'b']).toContain(swrrPickAt(items([1, 1]), 1e12));
  });
});
