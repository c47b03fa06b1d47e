import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { Diagnostic, RuntimeConfig } from './core.ts';
import type { Engine } from './engine.ts';

/** The entrypoints of a Traefik static configuration file, and what is wrong with it. */
export interface StaticConfig {
  entryPoints: RuntimeConfig['entryPoints'];
  diagnostics: Diagnostic[];
}

/**
 * Reads `entryPoints.<name>.address` (and `asDefault`, `http`) from a Traefik static file. Used only when core has
 * no static configuration parser; core's covers TOML and every option.
 */
export function readEntryPointsYaml(text: string, file: string): StaticConfig {
  const doc = parseDocument(text, { prettyErrors: false });
  const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
    code: 'YAML001',
    severity: 'error',
    message: `invalid YAML: ${e.message.split('\n')[0]}`,
    source: { file, line: e.linePos?.[0]?.line ?? 1, column: e.linePos?.[0]?.col ?? 1 },
  }));
  const value = (doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : {}) as Record<
    string,
    unknown
  > | null;
  const eps = (value?.entryPoints ?? {}) as Record<string, Record<string, unknown> | null>;
  const entryPoints: RuntimeConfig['entryPoints'] = {};
  for (const [name, ep] of Object.entries(eps)) {
    if (typeof ep?.address !== 'string') continue;
    entryPoints[name] = {
      address: ep.address,
      ...(ep.asDefault === true ? { asDefault: true } : {}),
      ...(ep.http !== undefined && ep.http !== null ? { http: ep.http as never } : {}),
    };
  }
  return { entryPoints, diagnostics };
}

/** Loads the static configuration file with core's parser when there is one. */
export async function loadStaticConfig(engine: Engine, path: string, shownAs: string): Promise<StaticConfig> {
  const text = await readFile(path, 'utf8');
  try {
    return engine.parseStaticConfig(text, shownAs);
  } catch {
    return readEntryPointsYaml(text, shownAs);
  }
}
