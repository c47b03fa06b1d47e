import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import type { DryRunResult, ResourceRef } from '../../api/types.ts';
import { conflictDetails } from '../apply/model/save-flow.ts';
import { contentLine, detailsToProblems, diagnosticsToProblems, type Problem } from './model/problems.ts';
import { localProblems } from './model/rule-check.ts';

/** Pause after typing before asking the server; long enough not to send a request per keystroke. */
export const DRY_RUN_DELAY_MS = 600;

export interface DraftTarget {
  ref?: ResourceRef;
  /** For a new resource: the file to put it in (the server picks `<kind>-<name>.yaml` otherwise). */
  file?: string;
  resourceVersion?: string;
  origin?: { file: string; line: number };
}

/** Runs the server's dry run for a draft: the same call Save uses, mapped to problems in the draft's text. */
export async function dryRun(
  draft: string,
  target: DraftTarget,
  signal?: AbortSignal,
): Promise<{
  problems: Problem[];
  review?: DryRunResult;
  note?: string;
  conflict?: { resourceVersion: string; yaml: string | null };
}> {
  try {
    const review =
      target.ref && target.resourceVersion
        ? await api.dryRunReplace(target.ref, draft, target.resourceVersion, signal)
        : await api.dryRunCreate(draft, target.file, signal);
    const place = target.origin
      ? { file: target.origin.file, line: target.origin.line }
      : { file: review.file, line: contentLine(draft) };
    return { problems: diagnosticsToProblems(review.diagnostics ?? [], draft, place, target.ref), review };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 422)
      return { problems: detailsToProblems(e.problems.length > 0 ? e.problems : [{ message: e.message }]) };
    if (e.status === 409) {
      const theirs = conflictDetails(e.details);
      return {
        problems: [],
        note: 'changed on the server since you opened it; Save shows their change',
        ...(theirs ? { conflict: theirs } : {}),
      };
    }
    return { problems: [], note: `${e.code}: ${e.message}` };
  }
}

/**
 * Problems of the draft while typing: local ones (YAML, rule syntax) at once, the server's after a pause.
 * `pending` is true while the server's answer for the current text is outstanding.
 */
export function useDraftProblems(draft: string, target: DraftTarget, enabled: boolean) {
  const [server, setServer] = useState<{ for: string; problems: Problem[]; note?: string }>({
    for: '',
    problems: [],
  });
  const local = localProblemsMemo(draft);
  const { ref, resourceVersion, origin, file } = target;
  useEffect(() => {
    if (!enabled || local.length > 0) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      dryRun(draft, { ref, resourceVersion, origin, ...(file ? { file } : {}) }, controller.signal)
        .then((r) => setServer({ for: draft, problems: r.problems, ...(r.note ? { note: r.note } : {}) }))
        .catch(() => {});
    }, DRY_RUN_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [draft, enabled, local.length, ref, resourceVersion, origin, file]);
  const current = server.for === draft;
  return {
    problems: local.length > 0 ? local : current ? server.problems : [],
    pending: enabled && local.length === 0 && !current,
    note: current ? server.note : undefined,
  };
}

let lastText: string | undefined;
let lastProblems: Problem[] = [];

/** Local checks are pure in the text; one cached result spares re-parsing on re-renders. */
function localProblemsMemo(text: string): Problem[] {
  if (text !== lastText) {
    lastText = text;
    lastProblems = localProblems(text);
  }
  return lastProblems;
}
