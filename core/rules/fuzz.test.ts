import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule } from './compile.ts';
import { RuleSyntaxError } from './errors.ts';
import { parseRule } from './parser.ts';

const VALID = [
  'Host(`shop.example.com`) && PathPrefix(`/api`)',
  '(Header(`X-A`, "b\\u00e9") || !Query(`q`)) && ClientIP(`10.0.0.0/8`)',
  'HostRegexp(`^[a-z]+\\.example\\.com$`) || PathRegexp(`\\.(css|js)$`)',
  'Method(`GET`) && QueryRegexp(`v`, `^[0-9]+$`) && HeaderRegexp(`Accept`, `json`)',
];
const TOKENS = [
  'Host',
  'Path',
  'PathPrefix',
  'Headers',
  '(',
  ')',
  '`',
  '"',
  "'",
  '\\',
  ',',
  '&&',
  '||',
  '!',
  '&',
  '|',
  ' ',
  '\n',
  '`a`',
  '"/x"',
  '{id}',
  '=',
  '/',
  '%',
  '\u00e9',
  '🦭',
  '\u0000',
];

// Only returns or throws RuleSyntaxError: never another error, never a hang.
function survives(text: string): void {
  for (const fn of [parseRule, compileRule]) {
    try {
      fn(text);
    } catch (err) {
      if (!(err instanceof RuleSyntaxError)) throw err;
      expect(err.offset).toBeGreaterThanOrEqual(0);
      expect(err.offset + err.length).toBeLessThanOrEqual(text.length);
      expect(err.message.length).toBeGreaterThan(0);
    }
  }
}

describe('parseRule fuzz', () => {
  it('random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80, unit: 'grapheme' }), survives), {
      seed: 7,
      numRuns: 1500,
    });
  });
  it('random token soups', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), (parts) =>
        survives(parts.join('')),
      ),
      { seed: 11, numRuns: 1500 },
    );
  });
  it('mutated valid rules', () => {
    const mutation = fc.record({
      rule: fc.constantFrom(...VALID),
      at: fc.nat(),
      del: fc.nat({ max: 4 }),
      insert: fc.array(fc.constantFrom(...TOKENS), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(mutation, ({ rule, at, del, insert }) => {
        const i = at % (rule.length + 1);
        survives(rule.slice(0, i) + insert.join('') + rule.slice(i + del));
      }),
      { seed: 13, numRuns: 3000 },
    );
  });
});
