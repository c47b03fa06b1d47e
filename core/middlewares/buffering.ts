import { getHeader } from './http-headers.ts';
import { parseRetryExpression, RetryExpressionError } from './retry-expression.ts';
import type { MiddlewareConfigs, MiddlewareDef } from './types.ts';

type BufferingConfig = MiddlewareConfigs['buffering'];

/** A buffering setting Traefik refuses; `offset`/`length` place it inside `retryExpression`'s text. */
export interface BufferingProblem {
  field: keyof BufferingConfig;
  /** Lowercase, the field first: `retryExpression: unsupported function: Foo at column 3`. */
  message: string;
  offset?: number;
  length?: number;
}

// Same order and words as oxy's buffer.New applying Traefik's options: the first problem is Traefik's error.
const SIZES: [keyof BufferingConfig, string][] = [
  ['memRequestBodyBytes', 'mem'],
  ['maxRequestBodyBytes', 'max'],
  ['memResponseBodyBytes', 'mem'],
  ['maxResponseBodyBytes', 'max'],
];

/**
 * What Traefik refuses when it builds the buffering middleware (oxy's buffer.New): a negative size, or a
 * `retryExpression` that does not parse (an empty one is no retry). Traefik then drops the routers using it.
 */
export function bufferingProblems(cfg: BufferingConfig): BufferingProblem[] {
  const problems: BufferingProblem[] = [];
  for (const [field, word] of SIZES) {
    const n = cfg[field];
    if (typeof n === 'number' && n < 0)
      problems.push({ field, message: `${field}: ${word} bytes should be >= 0 got ${n}` });
  }
  const expr = cfg.retryExpression;
  if (typeof expr === 'string' && expr !== '') {
    try {
      parseRetryExpression(expr);
    } catch (err) {
      if (!(err instanceof RetryExpressionError)) throw err;
      problems.push({
        field: 'retryExpression',
        message: `retryExpression: ${err.message}`,
        offset: err.offset,
        length: err.length,
      });
    }
  }
  return problems;
}

/**
 * buffering: a request body over `maxRequestBodyBytes` (by its Content-Length) is answered 413. The bodies and
 * the retries themselves are the proxy's (proxy/src/middlewares/buffering.ts).
 */
export const buffering: MiddlewareDef<'buffering'> = {
  type: 'buffering',
  validate: (cfg) => bufferingProblems(cfg).map((p) => `buffering: ${p.message}`),
  compile(cfg) {
    const max = cfg.maxRequestBodyBytes ?? 0;
    return (req) => {
      const length = Number(getHeader(req.headers, 'Content-Length') ?? '0');
      if (max > 0 && length > max) {
        return {
          kind: 'respond',
          response: { status: 413, headers: {}, body: 'Request Entity Too Large' },
          notes: [`buffering: body of ${length} bytes exceeds maxRequestBodyBytes ${max}`],
        };
      }
      return { kind: 'next', request: req, notes: ['buffering: request and response bodies are buffered'] };
    };
  },
};
