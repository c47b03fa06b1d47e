import { CODES } from '../diagnostics/codes.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { ENCODED_CHARACTER_OPTIONS } from '../rules/encoded-characters.ts';
import type { EncodedCharacters } from './types.ts';
import { asDict, type Dict } from './values.ts';

type Locate = (path: string[]) => { line: number; column: number };

/**
 * `http` with its `encodedCharacters` section (any case) replaced by {@link readEncodedCharacters}'s reading,
 * under the canonical key; `http` itself when it has no such section.
 */
export function withEncodedCharacters(
  http: Dict,
  at: string[],
  epName: string,
  locate: Locate,
  file: string,
  diagnostics: Diagnostic[],
): Dict {
  const encoded = readEncodedCharacters(http, at, epName, locate, file, diagnostics);
  if (encoded === undefined) return http;
  const out: Dict = {};
  for (const [k, v] of Object.entries(http)) if (k.toLowerCase() !== 'encodedcharacters') out[k] = v;
  out.encodedCharacters = encoded;
  return out;
}

/**
 * Reads `entryPoints.<ep>.http.encodedCharacters` into its canonical spelling: Traefik's static keys match
 * case-insensitively (paerser), so `encodedcharacters.allowencodedslash` is `encodedCharacters.allowEncodedSlash`.
 * Returns undefined when the section is absent (every character allowed, Traefik's default since v3.6.7); an
 * option that is not a boolean is reported with its place and left at its default.
 */
export function readEncodedCharacters(
  http: Dict,
  at: string[],
  epName: string,
  locate: Locate,
  file: string,
  diagnostics: Diagnostic[],
): EncodedCharacters | undefined {
  const sectionKey = Object.keys(http).find((k) => k.toLowerCase() === 'encodedcharacters');
  if (sectionKey === undefined) return undefined;
  const section = asDict(http[sectionKey]);
  const where = `entryPoints.${epName}.http.encodedCharacters`;
  const report = (keys: string[], dotted: string, what: string) =>
    diagnostics.push({
      code: 'SCHEMA001',
      severity: CODES.SCHEMA001.severity,
      message: `${dotted} ${what}`,
      source: { file, ...locate([...at, sectionKey, ...keys]), path: dotted },
    });
  if (section === undefined) {
    if (http[sectionKey] != null) report([], where, 'must be a map of allow* options');
    return {};
  }
  const out: EncodedCharacters = {};
  for (const key of Object.keys(section)) {
    const known = ENCODED_CHARACTER_OPTIONS.find((c) => c.option.toLowerCase() === key.toLowerCase());
    if (known === undefined) continue;
    const value = section[key];
    if (typeof value === 'boolean') out[known.option] = value;
    else report([key], `${where}.${known.option}`, 'must be a boolean');
  }
  return out;
}
