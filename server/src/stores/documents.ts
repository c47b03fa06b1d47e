import type { Diagnostic } from '../core.ts';
import { parseManifests, resourceKey } from '../core.ts';
import { docVersion, splitDocument } from './doc-edit.ts';
import type { StoredDocument } from './store.ts';

/** One manifest file as read: its text, its documents and its parse diagnostics. */
export interface FileEntry {
  text: string;
  docs: StoredDocument[];
  diagnostics: Diagnostic[];
}

/** Parses a file's text into stored documents. */
export function readDocuments(file: string, text: string): FileEntry {
  const { resources, diagnostics } = parseManifests(text, file);
  const docs = resources.map((r) => {
    const { body } = splitDocument(r.text, r.range[0]);
    return {
      key: resourceKey(r.object),
      resource: r,
      yaml: body,
      resourceVersion: docVersion(body),
      origin: { file, line: r.line },
    };
  });
  return { text, docs, diagnostics };
}
