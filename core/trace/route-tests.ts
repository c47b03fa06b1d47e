import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { HttpRequest } from '../request.ts';

/** What a route test expects; every key is optional and a case passes when all given ones hold. */
export interface RouteExpectation {
  /** `namespace/name` of the resource (IngressRoute...) whose route wins. */
  ingressRoute?: string;
  /** The winning router's full name; `*` or `…` match any run of characters. */
  router?: string;
  /** The servers load balancer finally chosen; wildcards as for `router`. */
  service?: string;
  status?: number;
  upstreamUrl?: string;
  redirect?: string;
  /** Headers the upstream receives (a subset; names case-insensitive). */
  upstreamHeaders?: Record<string, string>;
  /** Headers the client's response carries (a subset). */
  responseHeaders?: Record<string, string>;
  /** Mirror services that receive a copy. */
  mirrors?: string[];
}

/** One route test case, with where it was written. */
export interface RouteTest {
  name: string;
  request: HttpRequest;
  seed?: number;
  expect: RouteExpectation;
  file?: string;
  line: number;
  column: number;
}

const EXPECT_KEYS = [
  'ingressRoute',
  'router',
  'service',
  'status',
  'upstreamUrl',
  'redirect',
  'upstreamHeaders',
  'responseHeaders',
  'mirrors',
];
const REQUEST_KEYS = ['method', 'url', 'headers', 'clientIP', 'entryPoint', 'remoteAddr'];
const CASE_KEYS = ['name', 'request', 'seed', 'expect'];

/** A `clientIP` as the `remoteAddr` the tracer reads. */
export function remoteAddrOf(clientIP: string): string {
  return clientIP.includes(':') ? `[${clientIP}]:54321` : `${clientIP}:54321`;
}

/**
 * Parses a route tests file (`tests: [{ name, request, seed?, expect }]`). Never throws: problems come back as
 * TEST001 diagnostics with file, line, column and field path, and the valid cases are still returned.
 *
 * @example
 * const { tests, diagnostics } = parseRouteTests(text, 'routes.test.yaml');
 */
export function parseRouteTests(
  text: string,
  file?: string,
): { tests: RouteTest[]; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  const at = (node: Node | null | undefined, path: string, message: string) => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    diagnostics.push({
      code: 'TEST001',
      severity: 'error',
      message,
      source: { file, line: pos.line, column: pos.col, path },
    });
  };
  for (const err of doc.errors) {
    const pos = lineCounter.linePos(err.pos[0]);
    diagnostics.push({
      code: 'TEST001',
      severity: 'error',
      message: err.message.split('\n')[0] ?? 'invalid YAML',
      source: { file, line: pos.line, column: pos.col },
    });
  }
  if (doc.errors.length) return { tests: [], diagnostics };
  const root = doc.contents;
  const list = isMap(root) ? root.get('tests', true) : undefined;
  if (!isSeq(list)) {
    at((list as Node | undefined) ?? root, 'tests', 'expected a "tests" list');
    return { tests: [], diagnostics };
  }
  const tests: RouteTest[] = [];
  list.items.forEach((item, i) => {
    const path = `tests[${i}]`;
    const before = diagnostics.length;
    const test = parseCase(item as Node, path, at);
    if (test && diagnostics.length === before) {
      const pos = lineCounter.linePos((item as Node).range?.[0] ?? 0);
      tests.push({ ...test, file, line: pos.line, column: pos.col });
    }
  });
  return { tests, diagnostics };
}

type At = (node: Node | null | undefined, path: string, message: string) => void;

function unknownKeys(map: YAMLMap, allowed: string[], path: string, at: At): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!allowed.includes(key))
      at(pair.key as Node, `${path}.${key}`, `unknown key "${key}" (expected one of ${allowed.join(', ')})`);
  }
}

function str(map: YAMLMap, key: string, path: string, at: At, required = false): string | undefined {
  const node = map.get(key, true) as Node | undefined;
  if (node === undefined) {
    if (required) at(map, `${path}.${key}`, `missing "${key}"`);
    return undefined;
  }
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number'))
    return String(node.value);
  at(node, `${path}.${key}`, `"${key}" must be a string`);
  return undefined;
}

function stringMap(
  map: YAMLMap,
  key: string,
  path: string,
  at: At,
  allowLists: boolean,
): Record<string, string | string[]> | undefined {
  const node = map.get(key, true) as Node | undefined;
  if (node === undefined) return undefined;
  if (!isMap(node)) {
    at(node, `${path}.${key}`, `"${key}" must be a map of header names to values`);
    return undefined;
  }
  const out: Record<string, string | string[]> = {};
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const v = pair.value as Node | null;
    if (isScalar(v) && v.value !== null) out[name] = String(v.value);
    else if (allowLists && isSeq(v) && v.items.every(isScalar))
      out[name] = v.items.map((x) => String((x as { value: unknown }).value));
    else at(v ?? (pair.key as Node), `${path}.${key}.${name}`, `header "${name}" must be a string`);
  }
  return out;
}

function parseCase(
  node: Node,
  path: string,
  at: At,
): Omit<RouteTest, 'line' | 'column' | 'file'> | undefined {
  if (!isMap(node)) {
    at(node, path, 'a test must be a map with name, request and expect');
    return undefined;
  }
  unknownKeys(node, CASE_KEYS, path, at);
  const name = str(node, 'name', path, at, true) ?? path;
  const reqNode = node.get('request', true) as Node | undefined;
  if (!isMap(reqNode)) {
    at(reqNode ?? node, `${path}.request`, reqNode ? '"request" must be a map' : 'missing "request"');
    return undefined;
  }
  const rp = `${path}.request`;
  unknownKeys(reqNode, REQUEST_KEYS, rp, at);
  const url = str(reqNode, 'url', rp, at, true);
  if (url !== undefined && !/^https?:\/\/[^/]/i.test(url))
    at(reqNode.get('url', true) as Node, `${rp}.url`, 'url must be absolute: http(s)://host/path');
  const clientIP = str(reqNode, 'clientIP', rp, at);
  const request: HttpRequest = {
    method: (str(reqNode, 'method', rp, at) ?? 'GET').toUpperCase(),
    url: url ?? '',
    headers: stringMap(reqNode, 'headers', rp, at, true) ?? {},
    remoteAddr: str(reqNode, 'remoteAddr', rp, at) ?? (clientIP ? remoteAddrOf(clientIP) : '10.0.0.1:54321'),
  };
  const ep = str(reqNode, 'entryPoint', rp, at);
  if (ep) request.entryPoint = ep;
  const seedNode = node.get('seed', true) as Node | undefined;
  let seed: number | undefined;
  if (seedNode !== undefined) {
    if (isScalar(seedNode) && typeof seedNode.value === 'number') seed = seedNode.value;
    else at(seedNode, `${path}.seed`, '"seed" must be a number');
  }
  const expectNode = node.get('expect', true) as Node | undefined;
  const expect: RouteExpectation = {};
  if (expectNode !== undefined) {
    if (!isMap(expectNode)) at(expectNode, `${path}.expect`, '"expect" must be a map');
    else parseExpect(expectNode, `${path}.expect`, at, expect);
  }
  return { name, request, seed, expect };
}

function parseExpect(node: YAMLMap, path: string, at: At, out: RouteExpectation): void {
  unknownKeys(node, EXPECT_KEYS, path, at);
  for (const key of ['ingressRoute', 'router', 'service', 'upstreamUrl', 'redirect'] as const) {
    const v = str(node, key, path, at);
    if (v !== undefined) out[key] = v;
  }
  const status = node.get('status', true) as Node | undefined;
  if (status !== undefined) {
    if (isScalar(status) && Number.isInteger(Number(status.value)) && status.value !== '')
      out.status = Number(status.value);
    else at(status, `${path}.status`, '"status" must be an HTTP status number');
  }
  for (const key of ['upstreamHeaders', 'responseHeaders'] as const) {
    const m = stringMap(node, key, path, at, false);
    if (m) out[key] = m as Record<string, string>;
  }
  const mirrors = node.get('mirrors', true) as Node | undefined;
  if (mirrors !== undefined) {
    if (isSeq(mirrors) && mirrors.items.every(isScalar))
      out.mirrors = mirrors.items.map((x) => String((x as { value: unknown }).value));
    else at(mirrors, `${path}.mirrors`, '"mirrors" must be a list of service names');
  }
}
