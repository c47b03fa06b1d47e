import { type Diagnostic, type ParsedResource, parseManifests, resourceKey } from '../core.ts';
import { Errors, type ProblemDetail } from '../errors.ts';

/** A diagnostic as a 422 problem entry. */
export function toProblem(d: Diagnostic, file: string): ProblemDetail {
  return {
    file: d.source.file ?? file,
    line: d.source.line,
    column: d.source.column,
    path: d.source.path ?? '',
    message: d.message,
    code: d.code,
  };
}

/**
 * Parses submitted YAML that must hold exactly one Kubernetes object. Positions are relative to the submitted
 * text (what the editor shows); `file` names the file it is meant for. Refuses anything else with 422.
 */
export function parseDraft(yaml: unknown, file: string): { resource: ParsedResource; key: string } {
  if (typeof yaml !== 'string') throw Errors.badRequest('body field "yaml" must be a string');
  const { resources, diagnostics } = parseManifests(yaml, file);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw Errors.invalid(
      'invalid YAML',
      errors.map((d) => toProblem(d, file)),
    );
  const first = resources[0];
  if (first === undefined) {
    const ignored = diagnostics.map((d) => toProblem(d, file));
    throw Errors.invalid(
      'the YAML is not a Kubernetes object (needs apiVersion, kind and metadata.name)',
      ignored.length > 0 ? ignored : [{ file, line: 1, column: 1, path: '', message: 'empty document' }],
    );
  }
  const others = [...resources.slice(1).map((r) => ({ line: r.line, column: r.column }))];
  for (const d of diagnostics)
    if (d.code === 'YAML002') others.push({ line: d.source.line, column: d.source.column });
  if (others.length > 0) {
    throw Errors.invalid(
      'the YAML must hold exactly one document',
      others.map((o) => ({ file, ...o, path: '', message: 'another document starts here' })),
    );
  }
  return { resource: first, key: resourceKey(first.object) };
}
