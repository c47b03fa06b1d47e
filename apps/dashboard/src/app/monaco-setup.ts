import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/languages/definitions/yaml/register.js';
// editor.api is the bare editor: the contributions the YAML editor needs are imported one by one (as
// editor.main.js does for all of them), which keeps the other languages out of the bundle.
// The package's exports map only `.js` files, so its icon font's CSS is reached by path.
import '../../../../node_modules/monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon.css';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import type { JsonSchema } from '../../../../core/resources/schemas/json-schema.ts';
import { describe, suggest } from '../features/editor/model/schema-assist.ts';
import { declaredType } from '../features/editor/model/templates.ts';

// monaco-editor 0.57 maps its `./*` exports onto `esm/vs/`, so `monaco-editor/editor/editor.api.js` is the
// package's `esm/vs/editor/editor.api.js`: the editor core without the bundled languages. Monaco comes from the
// package and its worker is bundled by Vite: the machine may have no internet.
(globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(): Worker {
    return new EditorWorker();
  },
};

// Schema hints run on the main thread from the server's JSON Schemas. monaco-yaml 5.5 cannot run its worker with
// monaco-editor 0.55+ (its worker imports `monaco-editor/esm/vs/...`, which the new `exports` map no longer
// resolves, and `createWebWorker` changed; monaco-yaml#272). Completion and hover need only the schema and the
// indentation; validation comes from the server's dry run and the local YAML and rule checks.
let schemas: Record<string, JsonSchema> = {};
let registered = false;

function schemaFor(model: monaco.editor.ITextModel): JsonSchema | undefined {
  const t = declaredType(model.getValue());
  return t.apiVersion && t.kind ? schemas[`${t.apiVersion}/${t.kind}`] : undefined;
}

function register(): void {
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: [' ', ':'],
    provideCompletionItems(model, position) {
      const schema = schemaFor(model);
      if (!schema) return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(
        position.lineNumber,
        word.startColumn,
        position.lineNumber,
        word.endColumn,
      );
      const items = suggest(schema, model.getValue(), {
        line: position.lineNumber,
        column: word.startColumn,
      });
      return {
        suggestions: items.map((s) => ({
          label: s.label,
          kind:
            s.kind === 'property'
              ? monaco.languages.CompletionItemKind.Property
              : monaco.languages.CompletionItemKind.EnumMember,
          insertText: s.insert,
          range,
          ...(s.detail ? { detail: s.detail } : {}),
          ...(s.documentation ? { documentation: { value: s.documentation } } : {}),
        })),
      };
    },
  });
  monaco.languages.registerHoverProvider('yaml', {
    provideHover(model, position) {
      const schema = schemaFor(model);
      if (!schema) return null;
      const d = describe(schema, model.getValue(), { line: position.lineNumber, column: position.column });
      return d ? { contents: [{ value: d.text }] } : null;
    },
  });
}

/** Gives the editor the server's JSON Schemas (`<apiVersion>/<kind>` → schema) for completion and hover. */
export function configureSchemas(next: Record<string, unknown>): void {
  schemas = next as Record<string, JsonSchema>;
  register();
}

/** A unique model URI per editor instance. */
export function modelUri(apiVersion: string | undefined, kind: string | undefined, name: string): monaco.Uri {
  return monaco.Uri.parse(
    `inmemory://routeyard/${apiVersion ?? 'unknown'}/${kind ?? 'unknown'}/${encodeURIComponent(name)}.yaml`,
  );
}

export { monaco };
