import * as core from '../../core/index.ts';
import type {
  Diagnostic,
  HttpRequest,
  ImpactEntry,
  KubernetesCRDOptions,
  ParsedResource,
  RuntimeConfig,
  SampleRequest,
  StaticConfig,
  TraceOptions,
  TraceResult,
} from './core.ts';

export interface ResolveOutput {
  config: RuntimeConfig;
  diagnostics: Diagnostic[];
}

/** The options the server resolves with: the static file's entrypoints and CRD provider options, and the clock. */
export interface ResolveWith {
  entryPoints?: RuntimeConfig['entryPoints'];
  kubernetesCRD?: KubernetesCRDOptions;
  now?: number;
}

/** What the server needs from core, behind one seam so tests can swap a part. */
export interface Engine {
  resolve(resources: ParsedResource[], options: ResolveWith): ResolveOutput;
  /** An incremental resolver for the store's own set (one object changes at a time); same results as resolve. */
  createResolver?(
    resources: ParsedResource[],
    options: ResolveWith,
  ): {
    update(changed: readonly ParsedResource[], removed?: readonly ParsedResource[]): ResolveOutput;
    current(): ResolveOutput;
  };
  validate(r: ParsedResource): Diagnostic[];
  trace(config: RuntimeConfig, request: HttpRequest, opts: TraceOptions): TraceResult;
  impact(before: RuntimeConfig, after: RuntimeConfig, requests: SampleRequest[]): ImpactEntry[];
  sampleRequests(config: RuntimeConfig): SampleRequest[];
  schemas(): Promise<Readonly<Record<string, unknown>>>;
  parseStaticConfig(text: string, file: string): StaticConfig;
}

/** The engine backed by core. */
export function coreEngine(): Engine {
  return {
    resolve: (resources, options) => core.resolve(resources, options),
    createResolver: (resources, options) => core.createResolver(resources, options),
    validate: (r) => core.validateResource(r),
    trace: (config, request, opts) => core.trace(config, request, opts),
    impact: (before, after, requests) => core.impact(before, after, requests),
    sampleRequests: (config) => core.buildSampleRequests(config),
    schemas: () => core.loadJsonSchemas(),
    parseStaticConfig: (text, file) => core.parseStaticConfig(text, file),
  };
}
