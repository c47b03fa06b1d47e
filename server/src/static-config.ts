import { readFile } from 'node:fs/promises';
import type { StaticConfig } from './core.ts';
import type { Engine } from './engine.ts';

/** Reads a Traefik static configuration file (YAML, or TOML by its extension) with core's parser. */
export async function loadStaticConfig(engine: Engine, path: string, shownAs: string): Promise<StaticConfig> {
  return engine.parseStaticConfig(await readFile(path, 'utf8'), shownAs);
}
