/**
 * Traefik v3's encoded-character filtering (`entryPoints.<name>.http.encodedCharacters` and the
 * `encodedCharacters` middleware): a request whose escaped path holds one of the denied percent-encodings is
 * answered 400 with an empty body. Only the path is scanned, never the query (Traefik's docs: "This check is not
 * done against the request query parameters").
 */

import type { EncodedCharacters } from '../config/types.ts';

/** One filterable character: the option that allows it, the byte it encodes and its name in messages. */
export interface EncodedCharacterOption {
  option: keyof EncodedCharacters;
  byte: number;
  name: string;
}

/** Every character Traefik can reject, in the order of its docs' table. */
export const ENCODED_CHARACTER_OPTIONS: readonly EncodedCharacterOption[] = [
  { option: 'allowEncodedSlash', byte: 0x2f, name: 'slash' },
  { option: 'allowEncodedBackSlash', byte: 0x5c, name: 'backslash' },
  { option: 'allowEncodedNullCharacter', byte: 0x00, name: 'null character' },
  { option: 'allowEncodedSemicolon', byte: 0x3b, name: 'semicolon' },
  { option: 'allowEncodedPercent', byte: 0x25, name: 'percent' },
  { option: 'allowEncodedQuestionMark', byte: 0x3f, name: 'question mark' },
  { option: 'allowEncodedHash', byte: 0x23, name: 'hash' },
];

/**
 * The denied characters, compiled once per configuration: per byte, its index in
 * {@link ENCODED_CHARACTER_OPTIONS} plus one, or 0 when the byte may appear encoded.
 */
export interface DeniedEncodedCharacters {
  byByte: Uint8Array;
}

/** Why a path is rejected: the escape as sent, the character's name and the option that would allow it. */
export interface EncodedCharacterRejection {
  /** The three characters as the client sent them (`%2f`), or the truncated escape at the end of the path. */
  encoded: string;
  /** `slash`, `backslash`...; `incomplete escape` for a `%` too close to the end. */
  character: string;
  /** The option that allows it; undefined for an incomplete escape, which nothing allows. */
  option?: keyof EncodedCharacters;
}

/**
 * Compiles the options: an unset option takes `allowByDefault` (true for an entrypoint since Traefik v3.6.7, false
 * for the middleware). Returns undefined when every character is allowed, so that callers skip the scan.
 *
 * @example
 * const denied = compileEncodedCharacters({ allowEncodedSlash: false }, true);
 * findDeniedEncoding('/a%2fb', denied); // { encoded: '%2f', character: 'slash', option: 'allowEncodedSlash' }
 */
export function compileEncodedCharacters(
  cfg: EncodedCharacters | undefined,
  allowByDefault: boolean,
): DeniedEncodedCharacters | undefined {
  const byByte = new Uint8Array(256);
  let denied = 0;
  ENCODED_CHARACTER_OPTIONS.forEach((c, i) => {
    const allowed = cfg?.[c.option] ?? allowByDefault;
    if (allowed === true) return;
    byByte[c.byte] = i + 1;
    denied += 1;
  });
  return denied === 0 ? undefined : { byByte };
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/**
 * Scans `text[start, end)`, an escaped path, the way Traefik's `denyEncodedPathCharacters` does: each `%` and its
 * two hex digits (either case) is looked up, then skipped whole, so `%252F` is a percent followed by `2F`. A `%`
 * without two characters after it is rejected. Allocates nothing unless the path is rejected.
 */
export function findDeniedEncodingIn(
  text: string,
  start: number,
  end: number,
  denied: DeniedEncodedCharacters,
): EncodedCharacterRejection | undefined {
  let i = text.indexOf('%', start);
  while (i >= 0 && i < end) {
    if (i + 2 >= end) return { encoded: text.slice(i, end), character: 'incomplete escape' };
    const hi = hexValue(text.charCodeAt(i + 1));
    const lo = hexValue(text.charCodeAt(i + 2));
    const index = hi < 0 || lo < 0 ? 0 : (denied.byByte[(hi << 4) | lo] ?? 0);
    if (index > 0) {
      const c = ENCODED_CHARACTER_OPTIONS[index - 1] as EncodedCharacterOption;
      return { encoded: text.slice(i, i + 3), character: c.name, option: c.option };
    }
    i = text.indexOf('%', i + 3);
  }
  return undefined;
}

/** {@link findDeniedEncodingIn} over a whole escaped path (no query). */
export function findDeniedEncoding(
  path: string,
  denied: DeniedEncodedCharacters,
): EncodedCharacterRejection | undefined {
  return findDeniedEncodingIn(path, 0, path.length, denied);
}

/** The end of the path in a request target or absolute URL: the first `?` or `#` at or after `from`. */
function pathEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) return i;
  }
  return text.length;
}

/**
 * {@link findDeniedEncodingIn} over the path of an absolute URL (`http://host/path?query`) or of an origin-form
 * request target (`/path?query`); the query is never scanned.
 */
export function findDeniedEncodingInUrl(
  url: string,
  denied: DeniedEncodedCharacters,
): EncodedCharacterRejection | undefined {
  const first = url.indexOf('%');
  if (first < 0) return undefined;
  const scheme = url.charCodeAt(0) === 47 /* / */ ? -1 : url.indexOf('://');
  const start = scheme < 0 ? 0 : url.indexOf('/', scheme + 3);
  if (start < 0) return undefined;
  return findDeniedEncodingIn(url, start, pathEnd(url, start), denied);
}

/** A sentence for traces and logs: which escape was found and what would allow it. */
export function describeEncodedRejection(r: EncodedCharacterRejection, where: string): string {
  if (r.option === undefined)
    return `${where} rejects the path: it ends with an incomplete escape "${r.encoded}"`;
  return `${where} rejects the path: it contains the encoded ${r.character} "${r.encoded}" (${r.option} is false)`;
}
