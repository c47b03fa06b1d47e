import { parse as parseToml, TomlError } from 'smol-toml';
import { isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import { CODES } from '../diagnostics/codes.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { KubernetesCRDOptions, KubernetesIngressOptions } from './options.ts';
import { withEncodedCharacters } from './static-encoded-characters.ts';
import type { EntryPoint } from './types.ts';
import { asBool, asDict, asString, type Dict } from './values.ts';

/** What Routeyard reads from a Traefik static configuration. */
export interface StaticConfig {
  /** `entryPoints`; empty when the file names none (the resolver then uses its defaults). */
  entryPoints: Record<string, EntryPoint>;
  /** `providers.kubernetesCRD`, or `undefined` when the file does not enable that provider. */
  kubernetesCRD: KubernetesCRDOptions | undefined;
  /** `providers.kubernetesIngress`, or `undefined` when the file does not enable that provider. */
  kubernetesIngress: KubernetesIngressOptions | undefined;
  diagnostics: Diagnostic[];
}

type Locate = (path: string[]) => { line: number; column: number };

// Traefik's static configuration keys are case-insensitive (paerser), so `entrypoints` works as `entryPoints`.
function field(d: Dict | undefined, name: string): [string, unknown] | undefined {
  if (d === undefined) return undefined;
  const lower = name.toLowerCase();
  const key = Object.keys(d).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : [key, d[key]];
}

function yamlLocator(text: string): { data: unknown; locate: Locate; errors: Diagnostic[]; file?: string } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const errors = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return { line: pos.line, column: pos.col, message: e.message.split('\n')[0] ?? e.message };
  });
  const locate: Locate = (path) => {
    let node: unknown = doc.contents;
    let offset = 0;
    for (const seg of path) {
      if (!isMap(node)) break;
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (pair === undefined) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    }
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const data = errors.length > 0 ? undefined : doc.toJS();
  return {
    data,
    locate,
    errors: errors.map((e) => ({
      code: 'YAML001',
      severity: CODES.YAML001.severity,
      message: `invalid YAML: ${e.message}`,
      source: { line: e.line, column: e.column },
    })),
  };
}

function tomlLocator(text: string): { data: unknown; locate: Locate; errors: Diagnostic[] } {
  try {
    return { data: parseToml(text), locate: () => ({ line: 1, column: 1 }), errors: [] };
  } catch (err) {
    const e = err as TomlError;
    const message = (e.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
    const source = {
      line: err instanceof TomlError ? e.line : 1,
      column: err instanceof TomlError ? e.column : 1,
    };
    return {
      data: undefined,
      locate: () => source,
      errors: [
        { code: 'YAML001', severity: CODES.YAML001.severity, message: `invalid TOML: ${message}`, source },
      ],
    };
  }
}

function readEntryPoints(
  root: Dict,
  locate: Locate,
  file: string,
  diagnostics: Diagnostic[],
): Record<string, EntryPoint> {
  const out: Record<string, EntryPoint> = {};
  const found = field(root, 'entryPoints');
  const eps = asDict(found?.[1]);
  if (found === undefined || eps === undefined) return out;
  for (const name of Object.keys(eps).sort()) {
    const ep = asDict(eps[name]) ?? {};
    const address = asString(field(ep, 'address')?.[1]);
    if (address === undefined) {
      diagnostics.push({
        code: 'SCHEMA001',
        severity: CODES.SCHEMA001.severity,
        message: `entryPoints.${name}.address must be a string such as ":8000"`,
        source: { file, ...locate([found[0], name]), path: `entryPoints.${name}.address` },
      });
      continue;
    }
    const entry: EntryPoint = { address };
    if (asBool(field(ep, 'asDefault')?.[1]) === true) entry.asDefault = true;
    const httpField = field(ep, 'http');
    const http = asDict(httpField?.[1]);
    if (http !== undefined && httpField !== undefined) {
      const at = [found[0], name, httpField[0]];
      entry.http = withEncodedCharacters(http, at, name, locate, file, diagnostics) as EntryPoint['http'];
    }
    out[name] = entry;
  }
  return out;
}

type OptionType = 'boolean' | 'string' | 'list';

const INGRESS_OPTIONS: readonly [keyof KubernetesIngressOptions, OptionType][] = [
  ['allowExternalNameServices', 'boolean'],
  ['allowEmptyServices', 'boolean'],
  ['ingressClass', 'string'],
  ['labelSelector', 'string'],
  ['namespaces', 'list'],
];

const CRD_OPTIONS: readonly [keyof KubernetesCRDOptions, OptionType][] = [
  ['allowCrossNamespace', 'boolean'],
  ['allowExternalNameServices', 'boolean'],
  ['allowEmptyServices', 'boolean'],
  ['nativeLBByDefault', 'boolean'],
  ['ingressClass', 'string'],
  ['labelSelector', 'string'],
  ['namespaces', 'list'],
];

function readProvider(
  root: Dict,
  locate: Locate,
  file: string,
  diagnostics: Diagnostic[],
  providerName: string,
  options: readonly [string, OptionType][],
): Record<string, unknown> | undefined {
  const providers = field(root, 'providers');
  const crd = field(asDict(providers?.[1]), providerName);
  if (providers === undefined || crd === undefined) return undefined;
  const spec = asDict(crd[1]) ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, type] of options) {
    const f = field(spec, name);
    if (f === undefined) continue;
    const ok =
      type === 'list'
        ? Array.isArray(f[1]) && f[1].every((v) => typeof v === 'string')
        : typeof f[1] === type;
    if (ok) {
      out[name] = f[1];
      continue;
    }
    diagnostics.push({
      code: 'SCHEMA001',
      severity: CODES.SCHEMA001.severity,
      message: `providers.${providerName}.${name} must be ${type === 'list' ? 'a list of strings' : `a ${type}`}`,
      source: { file, ...locate([providers[0], crd[0], f[0]]), path: `providers.${providerName}.${name}` },
    });
  }
  return out;
}

/**
 * Reads the parts of a Traefik static configuration (YAML, or TOML when the file name ends in `.toml`) that
 * change what the providers build: `entryPoints`, `providers.kubernetesCRD` and `providers.kubernetesIngress`. Keys match case-insensitively,
 * as in Traefik. Problems come back as diagnostics with their place, never as exceptions.
 *
 * @example
 * const { entryPoints, kubernetesCRD } = parseStaticConfig('entryPoints:\n  web:\n    address: ":80"\n', 'traefik.yml');
 * resolve(resources, { entryPoints, kubernetesCRD });
 */
export function parseStaticConfig(text: string, file: string): StaticConfig {
  const parsed = file.toLowerCase().endsWith('.toml') ? tomlLocator(text) : yamlLocator(text);
  const diagnostics = parsed.errors.map((d) => ({ ...d, source: { file, ...d.source } }));
  const root = asDict(parsed.data);
  if (root === undefined)
    return { entryPoints: {}, kubernetesCRD: undefined, kubernetesIngress: undefined, diagnostics };
  const entryPoints = readEntryPoints(root, parsed.locate, file, diagnostics);
  const kubernetesCRD = readProvider(root, parsed.locate, file, diagnostics, 'kubernetesCRD', CRD_OPTIONS);
  const kubernetesIngress = readProvider(
    root,
    parsed.locate,
    file,
    diagnostics,
    'kubernetesIngress',
    INGRESS_OPTIONS,
  );
  return { entryPoints, kubernetesCRD, kubernetesIngress, diagnostics };
}
