import { type RefObject, useState } from 'react';
import type { RuntimeConfig } from '../../../../../core/index.ts';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import type { ProxySendResult } from '../../api/types.ts';
import { useEscape } from '../../ui/useEscape.ts';
import {
  buildRequest,
  checkExpectation,
  EMPTY_FORM,
  loadSaved,
  type RequestForm,
  type SavedRequest,
  saveRequest,
  storeSaved,
  type TestResult,
} from './model/request-form.ts';
import { type TraceView, toTraceView } from './model/trace-view.ts';
import { TraceSteps } from './TraceSteps.tsx';

export interface TracerPanelProps {
  config: RuntimeConfig | undefined;
  hasDraft: boolean;
  draft: RefObject<string | undefined>;
  onTraced(nodes: ReadonlySet<string>): void;
  onClose(): void;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** "Where does this request go?": the form, the steps, the real answer, and saved requests as route tests. */
export function TracerPanel({ config, hasDraft, draft, onTraced, onClose }: TracerPanelProps) {
  const [form, setForm] = useState<RequestForm>(() => ({ ...EMPTY_FORM, url: firstUrl(config) }));
  const [useDraft, setUseDraft] = useState(true);
  const [view, setView] = useState<TraceView>();
  const [error, setError] = useState<string>();
  const [real, setReal] = useState<ProxySendResult | { error: string }>();
  const [saved, setSaved] = useState<SavedRequest[]>(() => loadSaved(window.localStorage));
  const [results, setResults] = useState<TestResult[]>();
  const [busy, setBusy] = useState(false);
  useEscape(onClose);
  const set = (patch: Partial<RequestForm>) => setForm((f) => ({ ...f, ...patch }));
  const drafts = () => (hasDraft && useDraft && draft.current ? [{ yaml: draft.current }] : undefined);

  async function run(f: RequestForm): Promise<TraceView | undefined> {
    const built = buildRequest(f);
    if (!built.request) {
      setError(built.errors.join('; '));
      return undefined;
    }
    const raw = await api.trace(built.request, drafts());
    return toTraceView(raw);
  }

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setError(undefined);
    setReal(undefined);
    setBusy(true);
    try {
      const v = await run(form);
      setView(v);
      onTraced(new Set(v?.traced ?? []));
    } catch (e) {
      setError(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function sendForReal() {
    const built = buildRequest(form);
    if (!built.request) {
      setError(built.errors.join('; '));
      return;
    }
    try {
      setReal(await api.send(built.request));
    } catch (e) {
      setReal({ error: e instanceof ApiError ? `${e.code}: ${e.message}` : String(e) });
    }
  }

  async function runTests() {
    const out: TestResult[] = [];
    for (const s of saved) {
      try {
        const v = await run(s.form);
        out.push(v ? checkExpectation(s, v) : { name: s.name, pass: false, failures: ['invalid request'] });
      } catch (e) {
        out.push({ name: s.name, pass: false, failures: [String((e as Error).message)] });
      }
    }
    setResults(out);
  }

  function persist(next: SavedRequest[]) {
    setSaved(next);
    storeSaved(window.localStorage, next);
  }

  return (
    <section className="tracer" aria-label="Tracer">
      <form className="trace-form" onSubmit={onSubmit}>
        <div className="trace-row">
          <label>
            <span>Method</span>
            <select aria-label="Method" value={form.method} onChange={(e) => set({ method: e.target.value })}>
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label className="grow">
            <span>URL</span>
            <input
              aria-label="URL"
              value={form.url}
              onChange={(e) => set({ url: e.target.value })}
              placeholder="https://shop.localhost/api/cart"
            />
          </label>
          <label>
            <span>Client IP</span>
            <input
              aria-label="Client IP"
              value={form.clientIP}
              onChange={(e) => set({ clientIP: e.target.value })}
              placeholder="10.1.2.3"
              size={12}
            />
          </label>
          <label>
            <span>Entrypoint</span>
            <select
              aria-label="Entrypoint"
              value={form.entryPoint}
              onChange={(e) => set({ entryPoint: e.target.value })}
            >
              <option value="">auto (by port)</option>
              {Object.keys(config?.entryPoints ?? {}).map((ep) => (
                <option key={ep}>{ep}</option>
              ))}
            </select>
          </label>
        </div>
        <div className="trace-row">
          <label className="grow">
            <span>Headers</span>
            <textarea
              aria-label="Headers"
              rows={2}
              value={form.headers}
              onChange={(e) => set({ headers: e.target.value })}
              placeholder="Cookie: a=b"
            />
          </label>
          <div className="trace-buttons">
            {hasDraft && (
              <label className="check">
                <input type="checkbox" checked={useDraft} onChange={(e) => setUseDraft(e.target.checked)} />{' '}
                against the draft
              </label>
            )}
            <button type="submit" className="btn btn-primary" disabled={busy}>
              Run trace
            </button>
            <button type="button" className="btn" onClick={() => void sendForReal()}>
              Send for real
            </button>
            <button
              type="button"
              className="btn"
              disabled={!view}
              onClick={() => view && persist([...saved, saveRequest(form, view)])}
            >
              Keep request
            </button>
            <button type="button" className="btn" onClick={onClose} aria-label="Hide" title="Hide the tracer">
              ✕
            </button>
          </div>
        </div>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="trace-results">
        {view && <TraceSteps view={view} />}
        {real && (
          <div className="real" data-testid="real-response">
            <h3>Real answer (through the bundled proxy)</h3>
            {'error' in real ? (
              <p className="form-error">{real.error}</p>
            ) : (
              <>
                <p>
                  <strong>{real.status}</strong>
                </p>
                <pre>{real.body}</pre>
              </>
            )}
          </div>
        )}
        {saved.length > 0 && (
          <div className="saved">
            <h3>
              Saved requests ({saved.length}){' '}
              <button type="button" className="btn" onClick={() => void runTests()}>
                Run as tests
              </button>
            </h3>
            <ul>
              {saved.map((s, i) => {
                const r = results?.find((x) => x.name === s.name);
                return (
                  <li key={s.name}>
                    {r && (
                      <span className={`pill pill-${r.pass ? 'ok' : 'error'}`}>
                        {r.pass ? 'pass' : 'fail'}
                      </span>
                    )}{' '}
                    <button type="button" className="link" onClick={() => setForm(s.form)}>
                      {s.name}
                    </button>
                    {r && !r.pass && <span className="row-error"> {r.failures.join('; ')}</span>}
                    <button
                      type="button"
                      className="btn-icon"
                      aria-label={`Remove ${s.name}`}
                      onClick={() => persist(saved.filter((_, j) => j !== i))}
                    >
                      ✕
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}

function firstUrl(config: RuntimeConfig | undefined): string {
  for (const r of Object.values(config?.http.routers ?? {})) {
    const host = /Host\(`([^`]+)`\)/.exec(r.rule ?? '')?.[1];
    if (host) return `${r.tls ? 'https' : 'http'}://${host}/`;
  }
  return 'http://localhost/';
}
