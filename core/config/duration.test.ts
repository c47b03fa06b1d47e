import { describe, expect, it } from 'vitest';
import { formatDuration, normalizeDuration, parseDuration } from './duration.ts';

describe('durations as Traefik prints them', () => {
  it.each([
    { desc: 'milliseconds', input: '100ms', expected: '100ms' },
    { desc: 'a bare number is seconds', input: 90, expected: '1m30s' },
    { desc: 'a numeric string is seconds', input: '42', expected: '42s' },
    { desc: 'hours keep zero minutes and seconds', input: '1h', expected: '1h0m0s' },
    { desc: 'fractions', input: '1.5s', expected: '1.5s' },
    { desc: 'compound', input: '2m3s', expected: '2m3s' },
    { desc: 'zero', input: '0', expected: '0s' },
    { desc: 'microseconds', input: '1500ns', expected: '1.5µs' },
    { desc: 'invalid', input: '3 parsecs', expected: undefined },
  ])('$desc', ({ input, expected }) => {
    expect(normalizeDuration(input)).toBe(expected);
  });

  it('round-trips nanoseconds', () => {
    expect(parseDuration(formatDuration(3_723_000_000_000))).toBe(3_723_000_000_000);
  });
});
