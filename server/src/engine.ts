import * as core from '../../core/index.ts';
import type { Diagnostic, HttpRequest, ParsedResource, RuntimeConfig } from './core.ts';

/** What the server needs from core, behind one seam so tests can run against a small fake. */
export interface Engine {
  resolve(
    resources: ParsedResource[],
    options: { entryPoints?: RuntimeConfig['entryPoints']; now?: number },
  ): {
    config: RuntimeConfig;
    diagnostics: Diagnostic[];
  };
  validate(r: ParsedResource): Diagnostic[];
  trace(config: RuntimeConfig, request: HttpRequest, opts: { seed?: number }): unknown;
  impact(before: RuntimeConfig, after: RuntimeConfig, requests: HttpRequest[]): unknown[];
  sampleRequests(config: RuntimeConfig): HttpRequest[];
  schemas(): Promise<Readonly<Record<string, unknown>>>;
  parseStaticConfig(
    text: string,
    file: string,
  ): { entryPoints: RuntimeConfig['entryPoints']; diagnostics: Diagnostic[] };
}

type Fn = (...args: never[]) => unknown;

/** Looks an export of core up by name, so the server runs while an area is still being built. */
function coreFn<T extends Fn>(name: string): T | undefined {
  const value = (core as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as T) : undefined;
}

/** The engine backed by core. */
export function coreEngine(): Engine {
  return {
    resolve: (resources, options) => core.resolve(resources, options),
    validate: (r) => core.validateResource(r),
    trace: (config, request, opts) => core.trace(config, request, opts),
    impact(before, after, requests) {
      const impact = coreFn<(b: RuntimeConfig, a: RuntimeConfig, r: HttpRequest[]) => unknown[]>('impact');
      return impact === undefined ? [] : impact(before, after, requests);
    },
    sampleRequests(config) {
      const build = coreFn<(c: RuntimeConfig) => HttpRequest[]>('buildSampleRequests');
      return build === undefined ? [] : build(config);
    },
    async schemas() {
      return core.loadJsonSchemas();
    },
    parseStaticConfig(text, file) {
      const parse = coreFn<(t: string, f: string) => unknown>('parseStaticConfig');
      if (parse === undefined) throw new Error('static configuration parsing is not available in this build');
      return normalizeStatic(parse(text, file));
    },
  };
}

/** Accepts `{ entryPoints }`, `{ config: { entryPoints } }` or `{ value: { entryPoints } }`, with diagnostics. */
function normalizeStatic(result: unknown): {
  entryPoints: RuntimeConfig['entryPoints'];
  diagnostics: Diagnostic[];
} {
  const r = (result ?? {}) as Record<string, unknown>;
  const diagnostics = Array.isArray(r.diagnostics) ? (r.diagnostics as Diagnostic[]) : [];
  for (const holder of [r, r.config, r.value, r.static]) {
    const eps = (holder as Record<string, unknown> | undefined)?.entryPoints;
    if (eps !== undefined && eps !== null && typeof eps === 'object') {
      return { entryPoints: eps as RuntimeConfig['entryPoints'], diagnostics };
    }
  }
  return { entryPoints: {}, diagnostics };
}
