import { useQueryClient } from '@tanstack/react-query';
import { createTwoFilesPatch } from 'diff';
import { lazy, Suspense, useEffect, useReducer, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { useDiagnostics, useResource, useSchemas } from '../../api/hooks.ts';
import { queryKeys } from '../../api/query-keys.ts';
import type { DryRunResult, ResourceRef } from '../../api/types.ts';
import { useEscape } from '../../ui/useEscape.ts';
import { ConflictDialog } from '../apply/ConflictDialog.tsx';
import { conflictDetails, INITIAL_SAVE, saveReducer } from '../apply/model/save-flow.ts';
import { ReviewDialog } from '../apply/ReviewDialog.tsx';
import {
  detailsToProblems,
  fileLineToEditor,
  type Problem,
  problemText,
  saveBlocker,
} from './model/problems.ts';
import { declaredType, findTemplate, TEMPLATES } from './model/templates.ts';
import { type DraftTarget, dryRun, useDraftProblems } from './useDryRun.ts';

const MonacoYaml = lazy(() => import('./MonacoYaml.tsx'));

export interface EditorPanelProps {
  resource?: ResourceRef;
  /** `<line>:<column>` in the resource's file to open the editor at. */
  at?: string;
  template?: string;
  onTemplate(id: string): void;
  onDraft(yaml: string | undefined): void;
  onClose(): void;
  onTrace(): void;
}

interface Base {
  yaml: string;
  resourceVersion?: string;
  origin?: { file: string; line: number };
}

/** Edit a resource's own YAML (or a new one from a template) with schema hints, live findings and a safe save. */
export default function EditorPanel({
  resource,
  at,
  template,
  onTemplate,
  onDraft,
  onClose,
  onTrace,
}: EditorPanelProps) {
  const doc = useResource(resource);
  const schemas = useSchemas();
  const currentDiagnostics = useDiagnostics().data?.items;
  const client = useQueryClient();
  const [base, setBase] = useState<Base>();
  const [draft, setDraft] = useState('');
  const [revision, setRevision] = useState(0);
  const [save, dispatch] = useReducer(saveReducer, INITIAL_SAVE);
  const [saveProblems, setSaveProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState<string>();
  const [deleting, setDeleting] = useState<DryRunResult>();
  const [reveal, setReveal] = useState<Problem>();
  useEscape(onClose, save.kind === 'editing');

  // The version the edit starts from is captured once: a change on the server later surfaces as a 409.
  useEffect(() => {
    if (base) return;
    if (resource && doc.data) {
      setBase({ yaml: doc.data.yaml, resourceVersion: doc.data.resourceVersion, origin: doc.data.origin });
      setDraft(doc.data.yaml);
    } else if (!resource) {
      const t = findTemplate(template) ?? TEMPLATES[0]!;
      setBase({ yaml: t.yaml });
      setDraft(t.yaml);
    }
  }, [base, resource, doc.data, template]);

  // A problem's place (a file line) opens the editor at that line of the document's own text.
  useEffect(() => {
    if (!base?.origin || !at) return;
    const place = fileLineToEditor(base.yaml, base.origin.line, at);
    if (place) setReveal({ ...place, severity: 'info', message: '' });
  }, [base, at]);

  const [file, setFile] = useState('');
  const [target, setTarget] = useState<DraftTarget>({});
  useEffect(() => {
    if (!base) return;
    const f = file.trim();
    setTarget({
      ref: resource,
      resourceVersion: base.resourceVersion,
      origin: base.origin,
      ...(f ? { file: f } : {}),
    });
  }, [base, resource, file]);

  const dirty = base !== undefined && draft !== base.yaml;
  const live = useDraftProblems(draft, target, base !== undefined && (dirty || !resource));
  const problems = saveProblems.length > 0 && live.pending ? saveProblems : live.problems;
  const blocker = !base ? 'loading…' : resource && !dirty ? 'no changes' : saveBlocker(problems, false);
  useEffect(() => onDraft(dirty || !resource ? draft : undefined), [draft, dirty, resource, onDraft]);

  async function startSave() {
    setNotice(undefined);
    const r = await dryRun(draft, target);
    if (r.conflict && resource) {
      dispatch({ type: 'conflict', ...r.conflict });
      return;
    }
    setSaveProblems(r.problems);
    if (r.note) setNotice(r.note);
    if (!r.review || r.problems.some((p) => p.severity === 'error')) return;
    dispatch({ type: 'review', review: r.review });
  }

  async function write(resourceVersion: string | undefined) {
    try {
      if (resource) {
        const out = await api.replace(resource, draft, resourceVersion ?? '');
        setBase((b) => ({ ...b!, yaml: draft, resourceVersion: out.resourceVersion }));
      } else {
        const out = await api.create(draft, target.file);
        setNotice(`created ${out.kind} ${out.metadata.namespace ?? 'default'}/${out.metadata.name}`);
        setBase({ yaml: draft, resourceVersion: out.resourceVersion });
      }
      dispatch({ type: 'applied' });
      setNotice((n) => n ?? 'saved');
      void client.invalidateQueries({ queryKey: queryKeys.config() });
      void client.invalidateQueries({ queryKey: queryKeys.diagnostics() });
      void client.invalidateQueries({ queryKey: queryKeys.resources(), exact: true });
      if (!resource) onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const theirs = conflictDetails(e.details);
        if (theirs) {
          dispatch({ type: 'conflict', ...theirs });
          return;
        }
      }
      if (e instanceof ApiError && e.status === 422) setSaveProblems(detailsToProblems(e.problems));
      dispatch({ type: 'failed', message: e instanceof ApiError ? `${e.code}: ${e.message}` : String(e) });
    }
  }

  async function startDelete() {
    if (!resource || !base?.resourceVersion) return;
    try {
      setDeleting(await api.dryRunDelete(resource, base.resourceVersion));
    } catch (e) {
      setNotice(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  }

  async function confirmDelete() {
    if (!resource || !base?.resourceVersion) return;
    try {
      await api.remove(resource, base.resourceVersion);
      void client.invalidateQueries();
      onClose();
    } catch (e) {
      setDeleting(undefined);
      setNotice(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  }

  const type = declaredType(draft);
  const title = resource ? `${resource.kind} ${resource.namespace}/${resource.name}` : 'New resource';
  return (
    // biome-ignore lint/a11y/noRedundantRoles: the DOM contract names the role explicitly.
    <aside role="complementary" aria-label="Editor" className="panel panel-wide editor">
      <div className="panel-head">
        <div className="panel-title">
          <h2 title={title}>{title}</h2>
          {base?.origin && (
            <code className="muted">
              {base.origin.file}:{base.origin.line}
            </code>
          )}
        </div>
        <div className="panel-actions">
          <button type="button" className="btn" onClick={onTrace} title="Trace a request against this draft">
            Test draft
          </button>
          {resource && (
            <button type="button" className="btn btn-danger" onClick={() => void startDelete()}>
              Delete
            </button>
          )}
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      {!resource && (
        <div className="template-pick">
          <label className="select">
            <span>Template</span>
            <select
              value={template ?? TEMPLATES[0]!.id}
              onChange={(e) => {
                const t = findTemplate(e.target.value)!;
                onTemplate(t.id);
                setBase({ yaml: t.yaml });
                setDraft(t.yaml);
                setRevision((r) => r + 1);
              }}
            >
              {TEMPLATES.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <label className="select">
            <span>File</span>
            <input
              value={file}
              onChange={(e) => setFile(e.target.value)}
              placeholder="default: <kind>-<name>.yaml"
            />
          </label>
        </div>
      )}
      <div className="editor-frame nokey" data-testid="yaml-editor">
        {doc.isError ? (
          <p className="form-error">Could not load the resource: {(doc.error as Error).message}</p>
        ) : base ? (
          <Suspense fallback={<p className="app-loading">Loading the editor…</p>}>
            <MonacoYaml
              value={draft}
              apiVersion={type.apiVersion}
              kind={type.kind}
              name={resource?.name ?? 'new'}
              schemas={schemas.data?.schemas}
              problems={problems}
              onChange={setDraft}
              revision={revision}
              reveal={reveal}
            />
          </Suspense>
        ) : (
          <p className="app-loading">Loading…</p>
        )}
      </div>
      <div className="editor-foot">
        <ul className="problems-list" data-testid="editor-problems" aria-label="Problems">
          {problems.map((p) => (
            <li key={problemText(p)} className={`problem-${p.severity}`}>
              <button type="button" className="link" onClick={() => setReveal({ ...p })}>
                {problemText(p)}
              </button>
            </li>
          ))}
        </ul>
        <div className="save-row">
          <button
            type="button"
            className="btn btn-primary"
            disabled={blocker !== undefined}
            onClick={() => void startSave()}
          >
            Save
          </button>
          <span className="save-reason" role="status">
            {blocker ?? (live.pending ? 'checking…' : (notice ?? live.note ?? 'ready'))}
          </span>
        </div>
        {save.kind === 'failed' && <p className="form-error">{save.message}</p>}
      </div>
      {(save.kind === 'reviewing' || save.kind === 'applying') && (
        <ReviewDialog
          review={save.review}
          current={currentDiagnostics}
          applying={save.kind === 'applying'}
          onApply={() => {
            dispatch({ type: 'apply' });
            void write(base?.resourceVersion);
          }}
          onCancel={() => dispatch({ type: 'cancel' })}
        />
      )}
      {save.kind === 'conflict' && (
        <ConflictDialog
          theirs={save.theirs}
          showTheirs={save.showTheirs}
          theirDiff={
            save.theirs.yaml !== null && base
              ? createTwoFilesPatch('yours (as opened)', 'theirs (now)', base.yaml, save.theirs.yaml)
              : undefined
          }
          onToggle={() => dispatch({ type: 'toggle-theirs' })}
          onReload={() => {
            const theirs = save.theirs;
            setBase((b) => ({
              ...b,
              yaml: theirs.yaml ?? b?.yaml ?? '',
              resourceVersion: theirs.resourceVersion,
            }));
            setDraft(theirs.yaml ?? draft);
            setRevision((r) => r + 1);
            dispatch({ type: 'cancel' });
          }}
          onOverwrite={() => {
            const theirs = save.theirs;
            setBase((b) => ({ ...b!, resourceVersion: theirs.resourceVersion }));
            dispatch({ type: 'cancel' });
            void write(theirs.resourceVersion);
          }}
          onCancel={() => dispatch({ type: 'cancel' })}
        />
      )}
      {deleting && (
        <ReviewDialog
          review={deleting}
          current={currentDiagnostics}
          applying={false}
          verb="Delete"
          onApply={() => void confirmDelete()}
          onCancel={() => setDeleting(undefined)}
        />
      )}
    </aside>
  );
}
