import { useEffect, useRef } from 'react';
import { configureSchemas, modelUri, monaco } from '../../app/monaco-setup.ts';
import type { Problem } from './model/problems.ts';

export interface MonacoYamlProps {
  value: string;
  /** Identifies the model for schema matching: `<apiVersion>/<kind>` and a name. */
  apiVersion?: string;
  kind?: string;
  name: string;
  schemas?: Record<string, unknown>;
  problems: readonly Problem[];
  onChange(value: string): void;
  /** Bumped to replace the text from outside (reload after a conflict). */
  revision: number;
  reveal?: Problem;
}

const OWNER = 'routeyard';
const SEVERITY = { error: 8, warning: 4, info: 2 } as const;

/** Monaco on a YAML model with schema hints and the server's findings as markers. */
export default function MonacoYaml({
  value,
  apiVersion,
  kind,
  name,
  schemas,
  problems,
  onChange,
  revision,
  reveal,
}: MonacoYamlProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor>(undefined);
  const change = useRef(onChange);
  change.current = onChange;

  useEffect(() => {
    if (schemas) configureSchemas(schemas);
  }, [schemas]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the model is created once per resource; later text comes from typing or `revision`.
  useEffect(() => {
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
    const uri = modelUri(apiVersion, kind, `${name}-${Date.now()}`);
    const model = monaco.editor.createModel(value, 'yaml', uri);
    const ed = monaco.editor.create(host.current!, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      tabSize: 2,
      theme: dark ? 'vs-dark' : 'vs',
      renderWhitespace: 'none',
      quickSuggestions: { other: true, comments: false, strings: true },
    });
    editor.current = ed;
    const sub = model.onDidChangeContent(() => change.current(model.getValue()));
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onTheme = (e: MediaQueryListEvent) => monaco.editor.setTheme(e.matches ? 'vs-dark' : 'vs');
    media?.addEventListener('change', onTheme);
    return () => {
      media?.removeEventListener('change', onTheme);
      sub.dispose();
      ed.dispose();
      model.dispose();
    };
  }, [apiVersion, kind, name]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only an explicit revision replaces the text.
  useEffect(() => {
    const model = editor.current?.getModel();
    if (model && revision > 0 && model.getValue() !== value) model.setValue(value);
  }, [revision]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      OWNER,
      problems.map((p) => {
        const line = Math.min(Math.max(1, p.line), model.getLineCount());
        const maxCol = model.getLineMaxColumn(line);
        const endColumn =
          p.endColumn ?? model.getWordAtPosition({ lineNumber: line, column: p.column })?.endColumn ?? maxCol;
        return {
          severity: SEVERITY[p.severity],
          message: p.message,
          startLineNumber: line,
          startColumn: p.column,
          endLineNumber: line,
          endColumn: Math.max(endColumn, p.column + 1),
          ...(p.code ? { code: p.code } : {}),
        };
      }),
    );
  }, [problems]);

  useEffect(() => {
    if (!reveal || !editor.current) return;
    editor.current.revealLineInCenter(reveal.line);
    editor.current.setPosition({ lineNumber: reveal.line, column: reveal.column });
    editor.current.focus();
  }, [reveal]);

  return <div ref={host} className="monaco-host" />;
}
