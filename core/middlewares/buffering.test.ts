import { describe, expect, it } from 'vitest';
import { bufferingProblems } from './buffering.ts';
import { compileMiddleware } from './registry.ts';

describe('buffering: what Traefik refuses when it builds the middleware (oxy buffer.New)', () => {
  it('accepts zero sizes, no expression and an empty one (no retry)', () => {
    expect(bufferingProblems({})).toEqual([]);
    expect(
      bufferingProblems({ maxRequestBodyBytes: 0, memResponseBodyBytes: 0, retryExpression: '' }),
    ).toEqual([]);
    expect(bufferingProblems({ retryExpression: 'IsNetworkError() && Attempts() < 2' })).toEqual([]);
  });

  it('refuses each negative size with oxy words, in the order oxy applies them', () => {
    const problems = bufferingProblems({
      maxRequestBodyBytes: -1,
      memRequestBodyBytes: -2,
      maxResponseBodyBytes: -3,
      memResponseBodyBytes: -4,
    });
    expect(problems).toEqual([
      { field: 'memRequestBodyBytes', message: 'memRequestBodyBytes: mem bytes should be >= 0 got -2' },
      { field: 'maxRequestBodyBytes', message: 'maxRequestBodyBytes: max bytes should be >= 0 got -1' },
      { field: 'memResponseBodyBytes', message: 'memResponseBodyBytes: mem bytes should be >= 0 got -4' },
      { field: 'maxResponseBodyBytes', message: 'maxResponseBodyBytes: max bytes should be >= 0 got -3' },
    ]);
  });

  it('refuses a bad retryExpression with the reason and where it is in the expression', () => {
    expect(bufferingProblems({ retryExpression: 'Attempts() < 2 || Nope()' })).toEqual([
      {
        field: 'retryExpression',
        message: 'retryExpression: unsupported function: Nope at column 19',
        offset: 18,
        length: 4,
      },
    ]);
  });

  it('so the middleware does not compile, as the tracer and the proxy see it', () => {
    const c = compileMiddleware('buffering', {
      maxResponseBodyBytes: -1,
      retryExpression: '!IsNetworkError()',
    });
    expect(c).toEqual({
      ok: false,
      type: 'buffering',
      problems: [
        'buffering: maxResponseBodyBytes: max bytes should be >= 0 got -1',
        'buffering: retryExpression: ! is not supported at column 1',
      ],
    });
  });
});
