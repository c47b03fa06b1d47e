import { describe, expect, it } from 'vitest';
import { fileLineToEditor } from './problems.ts';

describe('fileLineToEditor', () => {
  const yaml =
    '# A comment above the document.\napiVersion: traefik.io/v1alpha1\nkind: Middleware\nspec: {}\n';

  it('maps a file line onto the document text, leading comments included', () => {
    // The document's first content line (apiVersion) is line 20 of its file and line 2 of the editor.
    expect(fileLineToEditor(yaml, 20, '22:7')).toEqual({ line: 4, column: 7 });
  });

  it('refuses places outside the document and malformed values', () => {
    expect(fileLineToEditor(yaml, 20, '5:1')).toBeUndefined();
    expect(fileLineToEditor(yaml, 20, '99:1')).toBeUndefined();
    expect(fileLineToEditor(yaml, 20, 'x')).toBeUndefined();
  });
});
