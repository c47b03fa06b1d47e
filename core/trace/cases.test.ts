import { describe, expect, it } from 'vitest';
import { TRACE_CASES } from './cases.ts';
import { checkExpectation } from './run-route-tests.ts';
import { trace } from './trace.ts';

describe('trace conformance table', () => {
  it.each(TRACE_CASES)('$desc', ({ config, request, seed, expect: expectation }) => {
    const { outcome } = trace(config(), request, { seed });
    expect(checkExpectation(expectation, outcome)).toEqual([]);
  });
});
