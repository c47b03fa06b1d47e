import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';

/**
 * Text surgery on multi-document manifest files. Every edit replaces exactly one document's character range, so
 * comments, key order, quoting and the other documents stay byte-for-byte as they were.
 */

/** A document's place in its file: `[start, end)` as parseManifests reports it, separator line included. */
export interface DocSpan {
  start: number;
  end: number;
}

/** The document split into its leading separator (`---` line, header comments, directives) and its body. */
export interface DocParts {
  prefix: string;
  body: string;
  bodyStart: number;
}

const MARKER_LINE = /^---(?:[ \t]+(?:#.*)?)?$/;
const HEADER_LINE = /^(?:[ \t]*(?:#.*)?|%.*)$/;

/**
 * Splits a document's text at its `---` marker line. Lines before the marker must be blank, comments or
 * directives (a file header); otherwise the document has no separator and its whole text is the body.
 */
export function splitDocument(text: string, start = 0): DocParts {
  let offset = 0;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(offset, lineEnd).replace(/\r$/, '');
    const next = nl === -1 ? text.length : nl + 1;
    if (MARKER_LINE.test(line)) {
      return { prefix: text.slice(0, next), body: text.slice(next), bodyStart: start + next };
    }
    if (!HEADER_LINE.test(line)) break;
    offset = next;
  }
  return { prefix: '', body: text, bodyStart: start };
}

/** A document's resourceVersion: a short hash of its body text. */
export function docVersion(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/** Drops a leading `---` line the caller may have pasted: the file keeps its own separator. */
export function normalizeBody(yaml: string): string {
  const parts = splitDocument(yaml);
  return parts.prefix === '' ? yaml : parts.body;
}

function withNewline(body: string): string {
  return body === '' || body.endsWith('\n') ? body : `${body}\n`;
}

/** The file's text with one document's body replaced by `newBody`. */
export function replaceDocument(fileText: string, span: DocSpan, newBody: string): string {
  const parts = splitDocument(fileText.slice(span.start, span.end), span.start);
  const oldBody = parts.body;
  let body = normalizeBody(newBody);
  // A document followed by another must end its last line, or the next `---` would join it.
  if (span.end < fileText.length || oldBody.endsWith('\n')) body = withNewline(body);
  return fileText.slice(0, parts.bodyStart) + body + fileText.slice(span.end);
}

/**
 * The file's text without one document. A later document loses its own `---` line with it; the first document,
 * which has none, takes the following document's separator instead.
 */
export function removeDocument(fileText: string, span: DocSpan): string {
  const head = fileText.slice(0, span.start);
  let tail = fileText.slice(span.end);
  const own = splitDocument(fileText.slice(span.start, span.end));
  const ownMarker = own.prefix !== '' && MARKER_LINE.test(lastLine(own.prefix));
  if (!ownMarker && span.start === 0) {
    const next = splitDocument(tail);
    if (next.prefix !== '') tail = next.body;
  }
  return head + tail;
}

function lastLine(prefix: string): string {
  const lines = prefix.replace(/\r?\n$/, '').split(/\r?\n/);
  return (lines[lines.length - 1] ?? '').replace(/\r$/, '');
}

/** The file's text with a new document appended after a `---` separator. */
export function appendDocument(fileText: string, body: string): string {
  const doc = withNewline(normalizeBody(body));
  if (!hasContent(fileText)) return fileText.trim() === '' ? doc : `${withNewline(fileText)}---\n${doc}`;
  return `${withNewline(fileText)}---\n${doc}`;
}

/** True when the text still holds a YAML document with content (not only comments and separators). */
export function hasContent(text: string): boolean {
  if (text.trim() === '') return false;
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  return list.some((d) => d.contents !== null || d.errors.length > 0);
}
