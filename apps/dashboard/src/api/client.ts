/** The server's error shape, mirrored on the client (STYLE.md: apps/ApiError mirrors the server). */
export interface ApiErrorDetail {
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
}

/** A failed API call: HTTP status, the server's stable code, its message and details. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The 422 details as a list of positioned problems (empty for other errors). */
  get problems(): ApiErrorDetail[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is ApiErrorDetail => typeof d === 'object' && d !== null && typeof d.message === 'string',
    );
  }
}

// Int64 values such as priority 9223372036854775806 do not survive JSON.parse as numbers (Traefik's own
// dashboard shows them rounded, anchors point 5). Integers past 2^53 are turned into strings before parsing.
const BIG_INT = /([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g;

/** Parses JSON, keeping integers beyond Number.MAX_SAFE_INTEGER as decimal strings. */
export function parseJsonKeepingBigInts(text: string): unknown {
  const safe = text.replace(BIG_INT, (all, prefix: string, digits: string) => {
    const n = Number(digits);
    return Number.isSafeInteger(n) ? all : `${prefix}"${digits}"`;
  });
  return JSON.parse(safe);
}

export interface FetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Base path of the API; the dashboard is served by the server at `/`, so paths are relative to the origin. */
export const API_BASE = '/api/v1';

/** Calls the API and returns its JSON, or throws an ApiError with the server's code and details. */
export async function fetchJson<T>(path: string, options: FetchOptions = {}): Promise<T> {
  const init: RequestInit = { method: options.method ?? 'GET', headers: { accept: 'application/json' } };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, init);
  } catch (cause) {
    throw new ApiError(0, 'network', `cannot reach the server: ${(cause as Error).message}`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : parseJsonKeepingBigInts(text);
  } catch {
    if (!response.ok) throw new ApiError(response.status, 'http', text.slice(0, 200) || response.statusText);
    throw new ApiError(response.status, 'bad-json', `the server answered with invalid JSON for ${path}`);
  }
  if (!response.ok) {
    const err = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
      ?.error;
    throw new ApiError(
      response.status,
      err?.code ?? 'http',
      err?.message ?? `${response.status} ${response.statusText}`,
      err?.details,
    );
  }
  return parsed as T;
}
