import { describe, expect, it } from 'vitest';
import { parseRetryExpression, type RetryContext } from './retry-expression.ts';

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
});
