import { getHeader } from './http-headers.ts';
import type { MiddlewareDef } from './types.ts';

/** contentType: only changes whether the response's Content-Type is sniffed; the request passes unchanged. */
export const contentType: MiddlewareDef<'contentType'> = {
  type: 'contentType',
  validate: () => [],
  compile(cfg) {
    // Traefik v3: declaring the middleware enables detection; the deprecated `autoDetect: false` keeps it off.
    const note =
      cfg.autoDetect !== false
        ? 'contentType: a missing response Content-Type is detected from the body'
        : 'contentType: a missing response Content-Type stays unset';
    return (req) => ({ kind: 'next', request: req, notes: [note] });
  },
};

/** compress: the response is compressed when the client accepts an encoding and the body is large enough. */
export const compress: MiddlewareDef<'compress'> = {
  type: 'compress',
  validate(cfg) {
    if (cfg.excludedContentTypes?.length && cfg.includedContentTypes?.length) {
      return ['compress: excludedContentTypes and includedContentTypes are mutually exclusive'];
    }
    return [];
  },
  compile(cfg) {
    // Traefik v3's default preference order.
    const encodings = cfg.encodings ?? ['zstd', 'br', 'gzip'];
    // Same as traefik compress.New: only a positive minResponseBodyBytes replaces the default.
    const min =
      cfg.minResponseBodyBytes !== undefined && cfg.minResponseBodyBytes > 0
        ? cfg.minResponseBodyBytes
        : 1024;
    // Traefik passes HEAD, and a request whose own Content-Type is excluded (application/grpc always is), as is.
    const excluded = new Set(['application/grpc', ...(cfg.excludedContentTypes ?? []).map(baseMediaType)]);
    return (req) => {
      if (
        req.method === 'HEAD' ||
        excluded.has(baseMediaType(getHeader(req.headers, 'Content-Type') ?? ''))
      ) {
        const why = req.method === 'HEAD' ? 'a HEAD request' : "the request's Content-Type is excluded";
        return { kind: 'next', request: req, notes: [`compress: ${why}; the response is sent uncompressed`] };
      }
      const chosen = chooseEncoding(getHeader(req.headers, 'Accept-Encoding') ?? '', encodings);
      const note = chosen
        ? `compress: responses of ${min} bytes or more are sent with Content-Encoding: ${chosen}`
        : 'compress: the client accepts none of the encodings; responses are sent uncompressed';
      return { kind: 'next', request: req, notes: [note] };
    };
  },
};

/** grpcWeb: gRPC-Web requests are translated to gRPC for the upstream and back. */
export const grpcWeb: MiddlewareDef<'grpcWeb'> = {
  type: 'grpcWeb',
  validate: () => [],
  compile() {
    return (req) => {
      const ct = getHeader(req.headers, 'Content-Type') ?? '';
      const notes = ct.startsWith('application/grpc-web')
        ? ['grpcWeb: the gRPC-Web request is translated to gRPC (HTTP/2) for the upstream']
        : ['grpcWeb: not a gRPC-Web request; passed unchanged'];
      return { kind: 'next', request: req, notes };
    };
  },
};

/** A media type without parameters, lowercased, as Go's `mime.ParseMediaType` compares them. */
function baseMediaType(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

/** The encoding with the client's highest q-value; ties go to the server's order (`encodings`). */
export function chooseEncoding(acceptEncoding: string, encodings: readonly string[]): string | undefined {
  const q = new Map<string, number>();
  for (const token of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = token.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name.trim(), qParam ? Number(qParam.slice(2)) || 0 : 1);
  }
  let best: string | undefined;
  let bestQ = 0;
  for (const e of encodings) {
    const value = q.get(e) ?? q.get('*') ?? 0;
    if (value > bestQ) {
      best = e;
      bestQ = value;
    }
  }
  return best;
}
