import { type Document, LineCounter, parseAllDocuments, type Tags } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { locateNode, type PositionOf } from './locate.ts';
import { lineTable, locateFastNode } from './locate-fast.ts';
import { type FastDocument, parseFast } from './parse-fast.ts';
import { shapeProblem } from './shape.ts';
import type { FieldPath, KubeObject, ParsedResource } from './types.ts';

/**
 * Aliases a document may expand while converting to plain data. A billion-laughs document exceeds it and gets
 * YAML001 instead of exhausting memory; real manifests use a handful.
 */
export const MAX_ALIAS_COUNT = 1000;

/** The result of parsing one manifest file. */
export interface ParseResult {
  resources: ParsedResource[];
  diagnostics: Diagnostic[];
}

/** Strips the `at line N, column M` suffix and the source excerpt yaml appends: the position is in `source`. */
function errorMessage(message: string): string {
  const first = message.split('\n', 1)[0] ?? message;
  const clean = first.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
  return /call stack/i.test(clean) ? 'the document is nested too deeply' : clean;
}

/**
 * sigs.k8s.io/yaml (what kubectl and Traefik's CRD decoding use) is go-yaml v2, which reads YAML 1.1 scalars
 * (`yes`, `0755`) except timestamps and sexagesimal numbers: into untyped data it keeps `2024-01-01` and `12:30` as
 * strings. The yaml package's 1.1 schema reads both, so they are taken out.
 */
function goYamlTags(tags: Tags): Tags {
  return tags.filter((t) => {
    if (typeof t === 'string') return !['timestamp', 'intTime', 'floatTime'].includes(t);
    return t.tag !== 'tag:yaml.org,2002:timestamp' && !('format' in t && t.format === 'TIME');
  });
}

/** Positions as an editor shows them: a byte-order mark is not a column. */
function positions(text: string, lines: LineCounter): PositionOf {
  const bom = text.startsWith('\uFEFF');
  return (offset) => {
    const pos = lines.linePos(offset);
    return bom && pos.line === 1 && pos.col > 1 ? { line: 1, col: pos.col - 1 } : pos;
  };
}

/** Messages of errors the yaml package throws rather than reports, in our words. */
function thrownMessage(err: unknown): string {
  if (err instanceof RangeError && /call stack/i.test(err.message))
    return 'the document is nested too deeply';
  const message = err instanceof Error ? err.message : String(err);
  return message.charAt(0).toLowerCase() + message.slice(1);
}

function syntaxDiagnostic(file: string, positionOf: PositionOf, offset: number, message: string): Diagnostic {
  const pos = positionOf(offset);
  return {
    code: 'YAML001',
    severity: 'error',
    message: `invalid YAML: ${message}`,
    source: { file, line: pos.line, column: pos.col },
  };
}

/**
 * Parses a multi-document manifest file into Kubernetes objects with source positions.
 *
 * Every document with apiVersion, kind and metadata.name becomes a {@link ParsedResource}. A document with a
 * syntax error gets YAML001 at its exact line and column and the file's other documents still parse; a document
 * that is not a Kubernetes object gets YAML002 (info) and is ignored; empty documents are skipped silently.
 * Scalars resolve as Kubernetes reads them (YAML 1.1: `yes` is true, `0755` is octal;
 * timestamps stay strings), with merge keys.
 *
 * @example
 * const { resources, diagnostics } = parseManifests(text, 'apps/shop.yaml');
 * resources[0].locate(['spec', 'routes', 0, 'match']); // { file, line, column, path: 'spec.routes[0].match' }
 */
export function parseManifests(text: string, file: string): ParseResult {
  const fast = parseFast(text, goYamlTags);
  return fast === undefined ? parseWithYaml(text, file) : fromFastDocuments(text, file, fast);
}

/** Turns one document's plain data into a resource, or a YAML002/YAML003 finding when it is not an object. */
function addDocument(
  out: ParseResult,
  doc: { file: string; docIndex: number; value: unknown; start: number; end: number; contentStart: number },
  text: string,
  positionOf: PositionOf,
  locate: ParsedResource['locate'],
): void {
  const { file, docIndex, value, start, end, contentStart } = doc;
  const pos = positionOf(contentStart);
  const problem = shapeProblem(value);
  if (problem !== undefined) {
    const at = problem.path ? locate(problem.path as FieldPath) : undefined;
    out.diagnostics.push({
      code: problem.code,
      severity: problem.code === 'YAML002' ? 'info' : 'error',
      message: `document ${docIndex}: ${problem.message}${problem.code === 'YAML002' ? '; ignored' : ''}`,
      source: at ?? { file, line: pos.line, column: pos.col },
    });
    return;
  }
  out.resources.push({
    object: value as KubeObject,
    file,
    docIndex,
    line: pos.line,
    column: pos.col,
    text: text.slice(start, end),
    range: [start, end],
    locate,
  });
}

function fromFastDocuments(text: string, file: string, docs: FastDocument[]): ParseResult {
  const out: ParseResult = { resources: [], diagnostics: [] };
  // One line table per file; positions are computed only when a field is located.
  const positionOf = lineTable(text);
  docs.forEach((doc, docIndex) => {
    const root = doc.root;
    if (root === null || doc.value === null || doc.value === undefined) return;
    const contentStart = root.start;
    const locate: ParsedResource['locate'] = (path, opts) =>
      locateFastNode(root, positionOf, file, path, contentStart, opts);
    addDocument(
      out,
      { file, docIndex, value: doc.value, start: doc.start, end: doc.end, contentStart },
      text,
      positionOf,
      locate,
    );
  });
  return out;
}

/**
 * {@link parseManifests} through the `yaml` package only: the path for files the fast parser leaves to it, exported
 * so tests can check that both paths agree.
 */
export function parseWithYaml(text: string, file: string): ParseResult {
  const lines = new LineCounter();
  const positionOf = positions(text, lines);
  const out: ParseResult = { resources: [], diagnostics: [] };
  const { diagnostics } = out;
  let list: Document.Parsed[];
  try {
    const docs = parseAllDocuments(text, {
      lineCounter: lines,
      prettyErrors: false,
      schema: 'yaml-1.1',
      customTags: goYamlTags,
      merge: true,
      uniqueKeys: true,
    });
    list = Array.isArray(docs) ? docs : [];
  } catch (err) {
    // The yaml package reports syntax errors as data; a throw means input beyond its limits (stack depth).
    diagnostics.push(syntaxDiagnostic(file, positionOf, 0, thrownMessage(err)));
    return out;
  }
  let prevEnd = 0;
  list.forEach((doc, docIndex) => {
    const start = prevEnd;
    const end = docIndex === list.length - 1 ? text.length : doc.range[2];
    prevEnd = end;
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        diagnostics.push(syntaxDiagnostic(file, positionOf, err.pos[0], errorMessage(err.message)));
      }
      return;
    }
    const root = doc.contents;
    if (root === null) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      // Excessive aliases (resource exhaustion), unresolvable aliases and stack depth are the throws here.
      diagnostics.push(syntaxDiagnostic(file, positionOf, root.range[0], thrownMessage(err)));
      return;
    }
    if (value === null || value === undefined) return;
    const contentStart = root.range[0];
    const locate: ParsedResource['locate'] = (path, opts) =>
      locateNode(root, positionOf, file, path, contentStart, opts);
    addDocument(out, { file, docIndex, value, start, end, contentStart }, text, positionOf, locate);
  });
  return out;
}
