import type { Transform } from 'node:stream';
import { constants, createBrotliCompress, createDeflate, createGzip } from 'node:zlib';
import {
  detectContentType,
  type MiddlewareConfigs,
  type MiddlewareHandler,
  SNIFF_LENGTH,
} from '../../../core/index.ts';
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

/** The key a response header is stored under, whatever its case; undefined when absent. */
function headerKey(headers: ResponseHeaders, lower: string): string | undefined {
  if (headers[lower] !== undefined) return lower;
  for (const key in headers) {
    if (key.length === lower.length && key.toLowerCase() === lower && headers[key] !== undefined) return key;
  }
  return undefined;
}

/** The header's value as Go's `Header.Get` sees it: "" when absent or empty. */
function headerValue(headers: ResponseHeaders, lower: string): string {
  const key = headerKey(headers, lower);
  if (key === undefined) return '';
  const v = headers[key];
  return String(Array.isArray(v) ? (v[0] ?? '') : v);
}

/**
 * compress as Traefik v3's (pkg/middlewares/compress): encodes the answer with the client's preferred encoding
 * among `encodings` when it is not already encoded, its type is not excluded (`application/grpc` always is) or
 * is included, and it is at least `minResponseBodyBytes` (default 1024) long; adds `Vary: Accept-Encoding`. A
 * request whose own Content-Type is excluded is passed through untouched.
 *
 * An answer without a Content-Type (absent or empty) is typed from its first bytes on the gzip path only, as
 * Traefik's gzip handler (klauspost gzhttp) does and its brotli/zstd handler does not: see `encodingSink`.
 */
export function compressStep(
  name: string,
  cfg: MiddlewareConfigs['compress'],
  handler: MiddlewareHandler,
): Step {
  const encodings = (cfg.encodings ?? ['zstd', 'br', 'gzip']).filter((e) => SUPPORTED.includes(e));
  // Same as traefik compress.New: only a positive minResponseBodyBytes replaces the default.
  const min =
    cfg.minResponseBodyBytes !== undefined && cfg.minResponseBodyBytes > 0 ? cfg.minResponseBodyBytes : 1024;
  // Traefik always excludes application/grpc and adds the configured types to it.
  const excluded = new Set([
    'application/grpc',
    ...(cfg.excludedContentTypes ?? []).map((t) => mediaType(t)),
  ]);
  const included = cfg.includedContentTypes?.length
    ? new Set(cfg.includedContentTypes.map((t) => mediaType(t)))
    : undefined;
  const accepts = (type: string): boolean =>
    included ? included.has(mediaType(type)) : !excluded.has(mediaType(type));
  return (ex, next) => {
    const result = handler(ex.hreq, envOf(ex));
    if (ex.trace !== undefined) traceResult(ex, name, result);
    if (!applyResult(ex, result)) return;
    if (ex.upgrade || ex.req.method === 'HEAD' || excluded.has(mediaType(ex.req.headers['content-type']))) {
      next(ex);
      return;
    }
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
    if (chosen === undefined) {
      next(ex);
      return;
    }
    ex.sink = encodingSink(ex.sink, chosen, min, accepts, ex.detectsContentType);
    next(ex);
  };
}

/**
 * The response side. The decision follows Traefik's writers as its reverse proxy drives them: a known
 * Content-Length decides at once; an unknown one (chunked) is flushed after every write, which makes gzhttp and
 * Traefik's brotli handler compress whatever the size. Without a type, gzip decides on the first body chunk:
 * gzhttp sniffs Go's `http.DetectContentType` of its first 512 bytes and filters on it. It also sets that type
 * when the answer has no Content-Type key (even if the type then keeps it uncompressed), which in Traefik v3 only
 * happens on a chain with a contentType middleware (`detects`): otherwise the entrypoint's empty key is there.
 */
function encodingSink(
  downstream: ResponseSink,
  encoding: string,
  min: number,
  accepts: (type: string) => boolean,
  detects: boolean,
): ResponseSink {
  const gzip = encoding === 'gzip';
  let encoder: Transform | undefined;
  // Status and headers waiting for the first body bytes (gzip, untyped answers only).
  let held: { status: number; headers: ResponseHeaders } | undefined;

  const start = (status: number, headers: ResponseHeaders): void => {
    const length = headerKey(headers, 'content-length');
    if (length !== undefined) delete headers[length];
    // Same as gzhttp: a gzipped answer drops Accept-Ranges (ranges of the encoded bytes would be wrong).
    const ranges = gzip ? headerKey(headers, 'accept-ranges') : undefined;
    if (ranges !== undefined) delete headers[ranges];
    headers['content-encoding'] = encoding;
    downstream.head(status, headers);
    const enc = createEncoder(encoding);
    enc.on('data', (c: Buffer) => {
      if (!downstream.data(c)) {
        enc.pause();
        downstream.onDrain(() => enc.resume());
      }
    });
    enc.once('end', () => downstream.end());
    encoder = enc;
  };

  const decide = (first: Buffer): void => {
    const h = held as { status: number; headers: ResponseHeaders };
    held = undefined;
    const sniffed = detectContentType(first.length > SNIFF_LENGTH ? first.subarray(0, SNIFF_LENGTH) : first);
    if (detects && headerKey(h.headers, 'content-type') === undefined) h.headers['content-type'] = sniffed;
    if (accepts(sniffed)) start(h.status, h.headers);
    else downstream.head(h.status, h.headers);
  };

  const release = (): void => {
    const h = held;
    held = undefined;
    if (h !== undefined) downstream.head(h.status, h.headers);
  };

  return {
    head(status: number, headers: ResponseHeaders) {
      const vary = headers.vary;
      headers.vary = vary === undefined ? 'Accept-Encoding' : `${String(vary)}, Accept-Encoding`;
      const lengthValue = headerValue(headers, 'content-length');
      const length = lengthValue === '' ? -1 : Number(lengthValue);
      const plain =
        status === 204 ||
        status === 304 ||
        headerValue(headers, 'content-encoding') !== '' ||
        (gzip && headerValue(headers, 'content-range') !== '') ||
        (length >= 0 && length < min);
      if (plain) {
        downstream.head(status, headers);
        return;
      }
      const type = headerValue(headers, 'content-type');
      if (type === '' && gzip) held = { status, headers };
      else if (type === '' || accepts(type)) start(status, headers);
      else downstream.head(status, headers);
    },
    data(chunk) {
      if (held !== undefined) {
        if (chunk.length === 0) return true;
        decide(chunk);
      }
      return encoder === undefined ? downstream.data(chunk) : encoder.write(chunk);
    },
    end() {
      release();
      if (encoder === undefined) downstream.end();
      else encoder.end();
    },
    fail(err) {
      release();
      encoder?.destroy();
      downstream.fail(err);
    },
    onDrain: (fn) => (encoder === undefined ? downstream.onDrain(fn) : encoder.once('drain', fn)),
  };
}
