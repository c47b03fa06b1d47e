import type { HeaderOp, ServiceCall } from '../middlewares/types.ts';
import type { HttpRequest, HttpResponse } from '../request.ts';

/** A request as a step shows it. */
export interface RequestSnapshot {
  method: string;
  url: string;
  headers: Record<string, string | string[]>;
}

/** What changed between two snapshots of the request. */
export interface RequestChange {
  method?: { from: string; to: string };
  url?: { from: string; to: string };
  /** Lowercased names of headers added, removed or changed. */
  headers: string[];
}

/** One clause of a rule that did not hold, with the matcher's reason. */
export interface FailedClause {
  text: string;
  matcher?: string;
  reason?: string;
}

/** A router that failed on a single clause: change that clause and it would have matched. */
export interface ClosestMiss {
  router: string;
  rule: string;
  clause: FailedClause;
}

/** The steps of a trace, discriminated by `kind`, in the order Traefik goes through them. */
export type TraceStep =
  | {
      kind: 'entrypoint';
      /** Undefined when no entrypoint takes the request. */
      name?: string;
      address?: string;
      /** How the entrypoint was chosen. */
      chosenBy: 'request' | 'port' | 'scheme' | 'only' | 'none';
      tls: boolean;
      /** The request after the entrypoint's X-Forwarded-* handling. */
      request: RequestSnapshot;
      changed: RequestChange;
      note?: string;
    }
  | {
      kind: 'router';
      name: string;
      rule: string;
      priority: number;
      verdict: 'match' | 'miss';
      failed?: FailedClause[];
    }
  | { kind: 'routers-skipped'; count: number; reason: string }
  | { kind: 'router-disabled'; name: string; rule: string; errors: string[]; wouldMatch: boolean }
  | { kind: 'no-match'; status: 404; closestMisses: ClosestMiss[] }
  | {
      kind: 'middleware';
      name: string;
      type: string;
      /** Chains this middleware was reached through, outermost first. */
      via: string[];
      effect: 'next' | 'respond' | 'call';
      before: RequestSnapshot;
      after?: RequestSnapshot;
      changed?: RequestChange;
      response?: HttpResponse;
      responseHeaders?: HeaderOp[];
      call?: ServiceCall;
      notes: string[];
    }
  | {
      kind: 'service';
      name: string;
      type: 'loadBalancer' | 'weighted' | 'mirroring' | 'failover' | 'highestRandomWeight';
      /** The child service or server URL picked. */
      chosen?: string;
      candidates?: { name: string; weight: number; chosen: boolean }[];
      mirrors?: { name: string; percent: number; mirrored: boolean }[];
      sticky?: { cookie: string; value?: string; honoured: boolean };
      /** The seed the random choice used (weighted picks, mirror percentages). */
      seed?: number;
      notes: string[];
    }
  | { kind: 'server'; service: string; url: string; passHostHeader: boolean }
  | { kind: 'error'; at: 'router' | 'middleware' | 'service'; name: string; message: string; status: number }
  /** An errors middleware replaced the answer with its service's page. */
  | { kind: 'error-page'; service: string; query: string; originalStatus: number; status: number }
  | {
      kind: 'upstream';
      method: string;
      url: string;
      host: string;
      headers: Record<string, string | string[]>;
    }
  | {
      kind: 'response';
      status: number;
      headers: Record<string, string | string[]>;
      body?: string;
      from: string;
    };

/** The end result of a trace: what the client gets, and what reaches which upstream. */
export interface TraceOutcome {
  /** The status the client gets: a middleware's answer, 404, 503...; 200 when the request is forwarded. */
  status: number;
  entryPoint?: string;
  router?: string;
  /** `namespace/name` of the IngressRoute (or other resource) the winning router came from. */
  source?: string;
  /** The servers load balancer finally chosen. */
  service?: string;
  upstreamUrl?: string;
  upstreamHeaders?: Record<string, string | string[]>;
  /** Headers the middlewares set on the client's response (as applied to an empty upstream response). */
  responseHeaders?: Record<string, string | string[]>;
  /** Location of a redirect. */
  redirect?: string;
  /** Mirrors that receive a copy of this request. */
  mirrors?: string[];
}

export interface TraceResult {
  steps: TraceStep[];
  outcome: TraceOutcome;
}

export interface TraceOptions {
  /** Seed for weighted choices and mirror percentages. Default: 0. */
  seed?: number;
  /** Milliseconds since the epoch, for middlewares that need a clock. Default: 0. */
  now?: number;
  /** The entrypoint to use, overriding the request's and the URL port's. */
  entryPoint?: string;
  /** What forwardAuth servers answer in the simulation. Default: `allow` (2xx). */
  forwardAuth?: 'allow' | 'deny';
  /** Most routers listed before the winner; the rest are counted. Default: 50. */
  maxRoutersListed?: number;
}

export type { HttpRequest };
