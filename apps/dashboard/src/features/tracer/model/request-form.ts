import type { TraceRequest } from '../../../api/types.ts';
import type { TraceView } from './trace-view.ts';

/** The tracer form's fields, as typed. */
export interface RequestForm {
  method: string;
  url: string;
  headers: string;
  clientIP: string;
  entryPoint: string;
}

export const EMPTY_FORM: RequestForm = { method: 'GET', url: '', headers: '', clientIP: '', entryPoint: '' };

/** Parses `Name: value` lines; a repeated name becomes a multi-valued header. */
export function parseHeaders(text: string): { headers: Record<string, string | string[]>; errors: string[] } {
  const headers: Record<string, string | string[]> = {};
  const errors: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      errors.push(`line ${i + 1}: expected "Name: value"`);
      return;
    }
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    const prev = headers[name];
    headers[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  });
  return { headers, errors };
}

/** Builds the trace request from the form, or the problems that prevent it. */
export function buildRequest(form: RequestForm): { request?: TraceRequest; errors: string[] } {
  const errors: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(form.url.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') errors.push('URL: use http:// or https://');
  } catch {
    errors.push('URL: give an absolute URL such as https://shop.localhost/api/cart');
  }
  const parsed = parseHeaders(form.headers);
  errors.push(...parsed.errors.map((e) => `Headers ${e}`));
  if (form.clientIP.trim() && !/^[0-9a-f:.]+$/i.test(form.clientIP.trim()))
    errors.push('Client IP: not an IP address');
  if (errors.length > 0 || !url) return { errors };
  const request: TraceRequest = {
    method: form.method.toUpperCase(),
    url: form.url.trim(),
    headers: parsed.headers,
  };
  if (form.clientIP.trim()) {
    request.clientIP = form.clientIP.trim();
    const ip = form.clientIP.trim();
    request.remoteAddr = ip.includes(':') ? `[${ip}]:40000` : `${ip}:40000`;
  }
  if (form.entryPoint) request.entryPoint = form.entryPoint;
  if (url.protocol === 'https:') request.tls = { serverName: url.hostname };
  return { request, errors };
}

/** A saved request with what it produced when saved: a route test. */
export interface SavedRequest {
  name: string;
  form: RequestForm;
  expect: { router?: string; status?: number; upstream?: string };
}

export interface TestResult {
  name: string;
  pass: boolean;
  failures: string[];
}

/** Compares a fresh trace with what a saved request expects. */
export function checkExpectation(saved: SavedRequest, view: TraceView): TestResult {
  const failures: string[] = [];
  const e = saved.expect;
  if (e.router !== undefined && view.router !== e.router)
    failures.push(`router ${view.router ?? 'none'} ≠ ${e.router}`);
  if (e.status !== undefined && view.status !== e.status)
    failures.push(`status ${view.status ?? '?'} ≠ ${e.status}`);
  if (e.upstream !== undefined && view.upstream !== e.upstream)
    failures.push(`upstream ${view.upstream ?? 'none'} ≠ ${e.upstream}`);
  return { name: saved.name, pass: failures.length === 0, failures };
}

/** Captures a trace's outcome as the expectation of a new saved request. */
export function saveRequest(form: RequestForm, view: TraceView): SavedRequest {
  const expect: SavedRequest['expect'] = {};
  if (view.router) expect.router = view.router;
  if (view.status !== undefined) expect.status = view.status;
  if (view.upstream) expect.upstream = view.upstream;
  return { name: `${form.method} ${form.url}`, form, expect };
}

const STORAGE_KEY = 'routeyard.savedRequests';

export function loadSaved(storage: Pick<Storage, 'getItem'>): SavedRequest[] {
  try {
    const v = JSON.parse(storage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as SavedRequest[]) : [];
  } catch {
    return [];
  }
}

export function storeSaved(storage: Pick<Storage, 'setItem'>, saved: readonly SavedRequest[]): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(saved));
}
