import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ClientResponse } from '../errors.ts';
import type { Exchange, ResponseSink } from '../exchange.ts';
import type { ServiceHandler } from './types.ts';

/** Mirrored bodies are held in memory; without `maxBodySize` this bound applies. */
const DEFAULT_MIRROR_BODY_LIMIT = 1 << 20;

interface Mirror {
  handler: ServiceHandler;
  percent: number;
  count: number;
}

const discardSink: ResponseSink = {
  head: () => undefined,
  data: () => true,
  end: () => undefined,
  fail: () => undefined,
  onDrain: (fn) => fn(),
};

/** A response object that swallows everything: mirrors' answers are dropped, as in Traefik. */
function discardResponse(): ClientResponse {
  const res = new EventEmitter() as unknown as ClientResponse & { headersSent: boolean };
  Object.assign(res, {
    headersSent: false,
    writeHead: () => res,
    write: () => true,
    end: () => res,
    destroy: () => res,
  });
  return res;
}

function mirrorExchange(ex: Exchange, body: Buffer): Exchange {
  return {
    ...ex,
    hreq: { ...ex.hreq, headers: { ...ex.hreq.headers } },
    res: discardResponse(),
    sink: discardSink,
    body,
    trace: undefined,
    headerOps: undefined,
    setCookies: undefined,
    onDone: undefined,
    done: false,
    upstream: '',
    complete: () => undefined,
  };
}

/**
 * A `mirroring` service: the main service answers; each mirror gets a fire-and-forget copy of `percent` % of
 * requests, counted as Traefik does (mirror while `count * 100 < total * percent`). Bodies are copied up to
 * `maxBodySize`; a larger request is not mirrored but still served.
 */
export class MirroringService implements ServiceHandler {
  readonly name: string;
  private readonly main: ServiceHandler;
  private readonly mirrors: Mirror[];
  private readonly mirrorBody: boolean;
  private readonly maxBody: number;
  private total = 0;

  constructor(
    name: string,
    main: ServiceHandler,
    mirrors: { handler: ServiceHandler; percent: number }[],
    mirrorBody: boolean,
    maxBodySize: number | undefined,
  ) {
    this.name = name;
    this.main = main;
    this.mirrors = mirrors.map((m) => ({ ...m, count: 0 }));
    this.mirrorBody = mirrorBody;
    this.maxBody = maxBodySize !== undefined && maxBodySize >= 0 ? maxBodySize : DEFAULT_MIRROR_BODY_LIMIT;
  }

  isUp(): boolean {
    return this.main.isUp();
  }

  serve(ex: Exchange): void {
    this.total += 1;
    const chosen: ServiceHandler[] = [];
    for (const m of this.mirrors) {
      if (m.count * 100 < this.total * m.percent) {
        m.count += 1;
        chosen.push(m.handler);
      }
    }
    if (ex.trace !== undefined) {
      ex.trace.steps.push({ step: 'mirror', name: this.name, mirrors: chosen.map((h) => h.name) });
    }
    if (chosen.length === 0 || ex.upgrade) {
      this.main.serve(ex);
      return;
    }
    const hasBody =
      ex.body !== undefined ||
      ex.req.headers['content-length'] !== undefined ||
      ex.req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || !this.mirrorBody) {
      const body = this.mirrorBody && ex.body !== undefined ? ex.body : Buffer.alloc(0);
      for (const h of chosen) h.serve(mirrorExchange(ex, body));
      this.main.serve(ex);
      return;
    }
    if (ex.body !== undefined) {
      if (ex.body.length <= this.maxBody) for (const h of chosen) h.serve(mirrorExchange(ex, ex.body));
      this.main.serve(ex);
      return;
    }
    this.collectThenServe(ex, chosen);
  }

  /** Reads the body up to the bound; beyond it the main request streams on and the mirrors are skipped. */
  private collectThenServe(ex: Exchange, chosen: ServiceHandler[]): void {
    const chunks: Buffer[] = [];
    let size = 0;
    const req = ex.req;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > this.maxBody) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.pause();
        const rest = new PassThrough();
        for (const c of chunks) rest.write(c);
        req.pipe(rest);
        req.resume();
        ex.body = undefined;
        ex.bodyStream = rest;
        this.main.serve(ex);
      }
    };
    const onEnd = () => {
      req.off('data', onData);
      const body = Buffer.concat(chunks, size);
      ex.body = body;
      for (const h of chosen) h.serve(mirrorExchange(ex, body));
      this.main.serve(ex);
    };
    req.on('data', onData);
    req.once('end', onEnd);
  }
}
