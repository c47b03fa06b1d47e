import { describe, expect, it } from 'vitest';
import { parseRetryExpression, type RetryContext, RetryExpressionError } from './retry-expression.ts';

const ctx = (attempt: number, responseCode: number, method = 'GET'): RetryContext => ({
  attempt,
  responseCode,
  method,
});

describe('buffering retryExpression (oxy buffer grammar)', () => {
  it('IsNetworkError() is a 502 or 504 answer', () => {
    const p = parseRetryExpression('IsNetworkError()');
    expect(p(ctx(1, 502))).toBe(true);
    expect(p(ctx(1, 504))).toBe(true);
    expect(p(ctx(1, 500))).toBe(false);
    expect(p(ctx(1, 200))).toBe(false);
  });

  it('joins with && and ||, && binding tighter, parentheses regroup', () => {
    const p = parseRetryExpression('IsNetworkError() && Attempts() < 2');
    expect(p(ctx(1, 502))).toBe(true);
    expect(p(ctx(2, 502))).toBe(false);
    const q = parseRetryExpression('ResponseCode() == 503 || IsNetworkError() && Attempts() <= 1');
    expect(q(ctx(5, 503))).toBe(true);
    expect(q(ctx(2, 502))).toBe(false);
    const r = parseRetryExpression('(ResponseCode() == 503 || IsNetworkError()) && Attempts() <= 1');
    expect(r(ctx(5, 503))).toBe(false);
  });

  it('compares ints with all six operators and the method with a string', () => {
    const c = ctx(3, 404, 'POST');
    expect(parseRetryExpression('ResponseCode() != 404')(c)).toBe(false);
    expect(parseRetryExpression('Attempts() > 2')(c)).toBe(true);
    expect(parseRetryExpression('Attempts() >= 4')(c)).toBe(false);
    expect(parseRetryExpression('RequestMethod() == "POST"')(c)).toBe(true);
    expect(parseRetryExpression('RequestMethod() != `GET`')(c)).toBe(true);
  });

  it('refuses what oxy refuses', () => {
    for (const bad of [
      '',
      'Attempts()',
      '!IsNetworkError()',
      '2 > Attempts()',
      'Attempts() < "2"',
      'Attempts() < 2.5',
      'Attempts() < -1',
      'Attempts() + 1 < 3',
      'RequestMethod() < "GET"',
      'IsNetworkError',
      'Unknown()',
      'Attempts() < 2 &&',
      'IsNetworkError() == 1',
      'Attempts() < 0x2',
      'IsNetworkError() & Attempts() < 2',
    ]) {
      expect(() => parseRetryExpression(bad), bad).toThrow();
    }
  });

  it.each([
    { src: '', column: 1, reason: 'expected operand, found end of expression' },
    { src: 'Attempts() < 2 &&', column: 18, reason: 'expected operand, found end of expression' },
    { src: '!IsNetworkError()', column: 1, reason: '! is not supported' },
    { src: 'IsNetworkError() && Unknown()', column: 21, reason: 'unsupported function: Unknown' },
    { src: 'Attempts() < "2"', column: 14, reason: 'expected int, got string' },
    { src: 'IsNetworkError() && Attempts() < 0x2', column: 34, reason: 'failed to parse argument: 0x2' },
    { src: 'IsNetworkError() & Attempts() < 2', column: 18, reason: '& is not supported' },
    { src: 'Attempts() < 2 && Attempts()', column: 19, reason: '&& joins predicates only' },
    { src: '(IsNetworkError() || Attempts() < 2', column: 36, reason: 'expected ")"' },
    { src: 'RequestMethod() == "GET', column: 20, reason: 'string literal not terminated' },
    { src: 'Attempts() < 2 # x', column: 16, reason: 'unexpected character "#"' },
  ])('refuses $src with its column ($column)', ({ src, column, reason }) => {
    let caught: unknown;
    try {
      parseRetryExpression(src);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RetryExpressionError);
    const e = caught as RetryExpressionError;
    expect({ column: e.column, offset: e.offset, reason: e.reason }).toEqual({
      column,
      offset: column - 1,
      reason,
    });
    expect(e.message).toBe(`${reason} at column ${column}`);
  });

  it('gives the length of the refused part, for an editor marker', () => {
    const e = (() => {
      try {
        parseRetryExpression('IsNetworkError() || Retries() > 1');
      } catch (err) {
        return err as RetryExpressionError;
      }
      return undefined;
    })();
    expect(e?.offset).toBe(20);
    expect(e?.length).toBe('Retries'.length);
  });
});
