import type { Transform } from 'node:stream';
import { constants, createBrotliCompress, createDeflate, createGzip } from 'node:zlib';
import type { MiddlewareConfigs, MiddlewareHandler } from '../../../core/index.ts';
import type { ResponseHeaders, ResponseSink } from '../exchange.ts';
import { applyResult, envOf, type Step, traceResult } from './step.ts';

// Node 20 has no zstd; Traefik's default order is zstd, br, gzip, so br leads here.
const SUPPORTED = ['br', 'gzip', 'deflate'];

function acceptedEncodings(header: string | string[] | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (header === undefined) return out;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [token, ...params] = part.trim().split(';');
    if (!token) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k === 'q') q = Number(v);
    }
    out.set(token.toLowerCase(), Number.isFinite(q) ? q : 0);
  }
  return out;
}

function createEncoder(encoding: string): Transform {
  if (encoding === 'br') return createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
  if (encoding === 'deflate') return createDeflate();
  return createGzip();
}

function mediaType(value: string | string[] | number | undefined): string {
  return (
    String(Array.isArray(value) ? value[0] : (value ?? ''))
      .split(';')[0]
      ?.trim()
      .toLowerCase() ?? ''
  );
}

/**
 * compress as Traefik's: encodes the answer with the client's preferred encoding among `encodings` when it is
 * not already encoded, its type is not excluded (or is included), and it is at least `minResponseBodyBytes`
 * (default 1024) long; adds `Vary: Accept-Encoding`.
 */
export function compressStep(
  name: string,
  cfg: MiddlewareConfigs['compress'],
  handler: MiddlewareHandler,
): Step {
  const encodings = (cfg.encodings ?? ['zstd', 'br', 'gzip']).filter((e) => SUPPORTED.includes(e));
  const min = cfg.minResponseBodyBytes ?? 1024;
  const excluded = new Set((cfg.excludedContentTypes ?? ['application/grpc']).map((t) => mediaType(t)));
  const included = cfg.includedContentTypes?.length
    ? new Set(cfg.includedContentTypes.map((t) => mediaType(t)))
    : undefined;
  return (ex, next) => {
    const result = handler(ex.hreq, envOf(ex));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (!applyResult(ex, result)) return;
    const accepted = acceptedEncodings(ex.req.headers['accept-encoding']);
    let chosen: string | undefined;
    let bestQ = 0;
    for (const e of encodings) {
      const q = accepted.get(e) ?? accepted.get('*') ?? 0;
      if (q > bestQ) {
        bestQ = q;
        chosen = e;
      }
    }
    if (chosen === undefined || ex.upgrade || ex.req.method === 'HEAD') {
      next(ex);
      return;
    }
    const encoding = chosen;
    const downstream = ex.sink;
    let encoder: Transform | undefined;
    const sink: ResponseSink = {
      head(status: number, headers: ResponseHeaders) {
        const type = mediaType(headers['content-type']);
        const length = headers['content-length'] === undefined ? -1 : Number(headers['content-length']);
        const eligible =
          status !== 204 &&
          status !== 304 &&
          headers['content-encoding'] === undefined &&
          (included ? included.has(type) : !excluded.has(type)) &&
          (length < 0 || length >= min);
        const vary = headers.vary;
        headers.vary = vary === undefined ? 'Accept-Encoding' : `${String(vary)}, Accept-Encoding`;
        if (!eligible) {
          downstream.head(status, headers);
          return;
        }
        delete headers['content-length'];
        headers['content-encoding'] = encoding;
        downstream.head(status, headers);
        encoder = createEncoder(encoding);
        encoder.on('data', (c: Buffer) => {
          if (!downstream.data(c)) {
            encoder?.pause();
            downstream.onDrain(() => encoder?.resume());
          }
        });
        encoder.once('end', () => downstream.end());
      },
      data: (chunk) => (encoder === undefined ? downstream.data(chunk) : encoder.write(chunk)),
      end: () => (encoder === undefined ? downstream.end() : encoder.end()),
      fail: (err) => {
        encoder?.destroy();
        downstream.fail(err);
      },
      onDrain: (fn) => (encoder === undefined ? downstream.onDrain(fn) : encoder.once('drain', fn)),
    };
    ex.sink = sink;
    next(ex);
  };
}
