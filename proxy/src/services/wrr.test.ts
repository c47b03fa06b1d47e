import { describe, expect, it } from 'vitest';
import { SmoothWeightedRoundRobin } from './wrr.ts';

function sequence(weights: Record<string, number>, n: number, up?: (name: string) => boolean): string[] {
  const names = Object.keys(weights);
  const wrr = new SmoothWeightedRoundRobin(
    names.map((name) => ({ item: name, weight: weights[name] as number })),
  );
  return Array.from({ length: n }, () => wrr.pick(up ? (i) => up(names[i] as string) : undefined) ?? '-');
}

describe('smooth weighted round robin (nginx)', () => {
  it.each([
    { desc: 'nginx doc example 5,1,1', weights: { a: 5, b: 1, c: 1 }, want: 'a a b a c a a' },
    { desc: 'equal weights alternate', weights: { a: 1, b: 1 }, want: 'a b a b a b a' },
    { desc: '3,2', weights: { a: 3, b: 2 }, want: 'a b a b a a b' },
    { desc: '4,2,1', weights: { a: 4, b: 2, c: 1 }, want: 'a b a c a b a' },
  ] as { desc: string; weights: Record<string, number>; want: string }[])('$desc', ({ weights, want }) => {
    expect(sequence(weights, 7).join(' ')).toBe(want);
  });

  it('skips peers that are down and leaves their weight out of the total', () => {
    expect(sequence({ a: 1, b: 1, c: 1 }, 4, (n) => n !== 'b').join(' ')).toBe('a c a c');
  });

  it('answers nothing when every peer is down', () => {
    expect(sequence({ a: 1 }, 1, () => false)).toEqual(['-']);
  });
});
