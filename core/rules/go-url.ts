// Go's net/url and net/http behaviour that Traefik's matchers depend on, on byte strings
// (one char per byte, 0-255), so that escaping works on UTF-8 bytes as Go does.

/** Encodes a JS string as a byte string of its UTF-8 bytes. */
export function toByteString(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out += ch;
    else if (cp < 0x800) out += String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) {
      out += String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    } else {
      out += String.fromCharCode(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
    }
  }
  return out;
}

/** Decodes a byte string as UTF-8; invalid sequences become U+FFFD, as Go's range over a string does. */
export function fromByteString(b: string): string {
  // Fast path: pure ASCII needs no work.
  if (!/[\x80-\xff]/.test(b)) return b;
  let out = '';
  for (let i = 0; i < b.length; ) {
    const c = b.charCodeAt(i);
    const need =
      c < 0x80
        ? 0
        : c >= 0xc2 && c <= 0xdf
          ? 1
          : c >= 0xe0 && c <= 0xef
            ? 2
            : c >= 0xf0 && c <= 0xf4
              ? 3
              : -1;
    if (need < 0) {
      out += '\ufffd';
      i++;
      continue;
    }
    let cp = need === 0 ? c : c & ([0x7f, 0x1f, 0x0f, 0x07][need] as number);
    let ok = i + need < b.length;
    for (let k = 1; ok && k <= need; k++) {
      const cc = b.charCodeAt(i + k);
      if ((cc & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (cc & 63);
    }
    const min = [0, 0x80, 0x800, 0x10000][need] as number;
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

const HEX = '0123456789ABCDEF';

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

/** Go's `shouldEscape(c, encodePath)`. */
function shouldEscapePath(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return false;
  const ch = String.fromCharCode(c);
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) return ch === '?';
  return true;
}

// ASCII path characters that Go neither escapes nor decodes: the path is its own routing path.
const PLAIN = (() => {
  const table = new Uint8Array(128);
  for (let c = 0x21; c < 0x7f; c++) {
    const ch = String.fromCharCode(c);
    if (ch !== '%' && ("!$&'()*+,;=:@[]".includes(ch) || !shouldEscapePath(c))) table[c] = 1;
  }
  return table;
})();

function isPlainPath(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || PLAIN[c] === 0) return false;
  }
  return true;
}

/** Go's `validEncoded(s, encodePath)`. */
function validEncodedPath(b: string): boolean {
  for (let i = 0; i < b.length; i++) {
    const ch = b[i] as string;
    if ("!$&'()*+,;=:@[]%".includes(ch)) continue;
    if (shouldEscapePath(b.charCodeAt(i))) return false;
  }
  return true;
}

/** Go's `unescape`: `undefined` for a malformed escape. `plusIsSpace` for query components. */
export function unescapeBytes(b: string, plusIsSpace: boolean): string | undefined {
  if (!b.includes('%') && !(plusIsSpace && b.includes('+'))) return b;
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const ch = b[i] as string;
    if (ch === '%') {
      if (!isHex(b[i + 1]) || !isHex(b[i + 2])) return undefined;
      out += String.fromCharCode(Number.parseInt(b.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === '+' && plusIsSpace) out += ' ';
    else out += ch;
  }
  return out;
}

function escapePath(b: string): string {
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const c = b.charCodeAt(i);
    out += shouldEscapePath(c) ? `%${HEX[c >> 4]}${HEX[c & 15]}` : b[i];
  }
  return out;
}

// RFC 3986 §2.2 reserved characters, and '%', stay encoded in the routing path (Traefik's
// `reservedCharacters` in pkg/muxer/http/mux.go). The lookup is by the upper-case form only, as
// Traefik's map is, so a lower-case `%2f` is decoded.
const RESERVED = new Set([
  '%3A',
  '%2F',
  '%3F',
  '%23',
  '%5B',
  '%5D',
  '%40',
  '%21',
  '%24',
  '%26',
  '%27',
  '%28',
  '%29',
  '%2A',
  '%2B',
  '%2C',
  '%3B',
  '%3D',
  '%25',
]);

/**
 * The path Traefik's Path, PathPrefix and PathRegexp matchers see: Go's `URL.EscapedPath()` with
 * the non-reserved percent-encodings decoded (Traefik's `withRoutingPath`). `undefined` when the
 * path has a malformed escape, which Go and Traefik answer with 400 before any router matches.
 */
export function routingPath(rawPath: string): string | undefined {
  if (rawPath === '') return '/';
  if (isPlainPath(rawPath)) return rawPath;
  const raw = toByteString(rawPath === '' ? '/' : rawPath);
  const decoded = unescapeBytes(raw, false);
  if (decoded === undefined) return undefined;
  const escaped = validEncodedPath(raw) ? raw : escapePath(decoded);
  if (!escaped.includes('%')) return fromByteString(escaped);
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const ch = escaped[i] as string;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const enc = escaped.slice(i, i + 3);
    out += RESERVED.has(enc) ? enc : String.fromCharCode(Number.parseInt(enc.slice(1), 16));
    i += 2;
  }
  return fromByteString(out);
}

/** Go's `url.ParseQuery` as `URL.Query()` uses it: pairs with a `;` or a bad escape are dropped. */
export function parseQuery(rawQuery: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  if (rawQuery === '') return values;
  const bytes = toByteString(rawQuery);
  for (const part of bytes.split('&')) {
    if (part === '' || part.includes(';')) continue;
    const eq = part.indexOf('=');
    const key = unescapeBytes(eq < 0 ? part : part.slice(0, eq), true);
    const value = unescapeBytes(eq < 0 ? '' : part.slice(eq + 1), true);
    if (key === undefined || value === undefined) continue;
    const k = fromByteString(key);
    const list = values.get(k);
    if (list) list.push(fromByteString(value));
    else values.set(k, [fromByteString(value)]);
  }
  return values;
}

/** Go's `http.CanonicalHeaderKey`: `x-forwarded-for` → `X-Forwarded-For`; keys with invalid bytes unchanged. */
export function canonicalHeaderKey(key: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return key;
  let out = '';
  let upper = true;
  for (const ch of key) {
    out += upper ? ch.toUpperCase() : ch.toLowerCase();
    upper = ch === '-';
  }
  return out;
}

/** Go's `net.SplitHostPort`; `undefined` where Go returns an error. */
export function splitHostPort(hostport: string): { host: string; port: string } | undefined {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return undefined;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0 || end + 1 !== i) return undefined;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return undefined;
  }
  if (hostport.slice(j).includes('[') || hostport.slice(k).includes(']')) return undefined;
  return { host, port: hostport.slice(i + 1) };
}
