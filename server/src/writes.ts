import { createTwoFilesPatch } from 'diff';
import type { AppContext } from './context.ts';
import {
  type Diagnostic,
  type ParsedResource,
  parseManifests,
  type RuntimeConfig,
  resourceKey,
  type SampleRequest,
} from './core.ts';
import { Errors } from './errors.ts';
import { toProblem } from './stores/draft.ts';
import type { Mutation, MutationPlan } from './stores/store.ts';
import { redactFile } from './views.ts';

/**
 * Codes that make a document unwritable: it would not parse, fit its schema or compile its rule. References to
 * missing objects are not among them (the object may be written next), nor duplicates (editing one is the fix).
 */
const BLOCKING = /^(YAML001|YAML002|SCHEMA\d+|RULE\d+|MW\d+)$/;

function isAbout(d: Diagnostic, r: ParsedResource): boolean {
  const o = d.object;
  if (o === undefined) return false;
  const ns = r.object.metadata.namespace || 'default';
  return o.kind === r.object.kind && o.name === r.object.metadata.name && (o.namespace ?? 'default') === ns;
}

/**
 * Refuses a write whose new document has schema or rule errors (422), with every problem's place in the submitted
 * text. Checks against the whole workspace, the draft replacing the document it edits.
 */
export function checkDraft(ctx: AppContext, m: Mutation, plan: MutationPlan): void {
  const draft = plan.draft;
  if (draft === undefined) return;
  const dropKeys = m.op === 'replace' ? [m.key] : [];
  // The workspace's diagnostics include each object's schema check, the draft's among them.
  const { diagnostics } = ctx.workspace.resolveWith({ dropKeys, add: [draft] });
  const problems = diagnostics.filter(
    (d) => d.severity === 'error' && BLOCKING.test(d.code) && isAbout(d, draft),
  );
  if (problems.length > 0) {
    throw Errors.invalid(
      `${resourceKey(draft.object)} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
      problems.map((d) => toProblem(d, plan.file)),
    );
  }
}

/** Requests worth comparing before and after a change: the samples of both configs, once each. */
function sampleRequests(ctx: AppContext, ...configs: RuntimeConfig[]): SampleRequest[] {
  const seen = new Map<string, SampleRequest>();
  for (const c of configs) {
    for (const s of ctx.engine.sampleRequests(c)) {
      const r = s.request;
      seen.set(JSON.stringify([r.method, r.url, r.headers, r.entryPoint, s.seed]), s);
    }
  }
  return [...seen.values()];
}

/** What a dry run answers: the file's diff, every diagnostic after the change, and the requests it reroutes. */
export function dryRunBody(ctx: AppContext, plan: MutationPlan) {
  const diff = createTwoFilesPatch(
    plan.before === null ? '/dev/null' : `a/${plan.file}`,
    plan.after === null ? '/dev/null' : `b/${plan.file}`,
    redactFile(plan.file, plan.before),
    redactFile(plan.file, plan.after),
  );
  const parsed =
    plan.after === null ? { resources: [], diagnostics: [] } : parseManifests(plan.after, plan.file);
  const others = ctx.store.diagnostics().filter((d) => d.source.file !== plan.file);
  const after = ctx.workspace.resolveWith({ dropFile: plan.file, add: parsed.resources }, [
    ...others,
    ...parsed.diagnostics,
  ]);
  const before = ctx.workspace.config;
  const impact = ctx.engine.impact(before, after.config, sampleRequests(ctx, before, after.config));
  return {
    dryRun: true as const,
    diff,
    file: plan.file,
    diagnostics: after.diagnostics,
    impact,
    configVersion: after.config.version,
  };
}
