import { sha1 } from '@noble/hashes/legacy.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { ParsedResource } from '../resources/types.ts';
import { BuildError } from './context.ts';
import { asDict } from './values.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

function base64ToBytes(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s=]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const c of clean) {
    const v = B64_INDEX.get(c);
    if (v === undefined) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63];
    out += B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

function bytesToText(bytes: Uint8Array): string {
  let escaped = '';
  for (const b of bytes) escaped += `%${b.toString(16).padStart(2, '0')}`;
  try {
    return decodeURIComponent(escaped);
  } catch {
    // Not UTF-8: keep the bytes as Latin-1 rather than failing.
    return String.fromCharCode(...bytes);
  }
}

/** A Secret's entries as text: `data` decoded from base64, overlaid by `stringData` as the API server does. */
export function secretData(secret: ParsedResource): Record<string, string> {
  const out: Record<string, string> = {};
  const data = asDict(secret.object.data) ?? {};
  for (const key of Object.keys(data).sort()) {
    const value = data[key];
    const bytes = typeof value === 'string' ? base64ToBytes(value) : undefined;
    if (bytes !== undefined) out[key] = bytesToText(bytes);
  }
  const stringData = asDict(secret.object.stringData) ?? {};
  for (const key of Object.keys(stringData).sort()) {
    const value = stringData[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** Traefik's `getCertificateBlocks`: `tls.crt` and `tls.key`, both present and non-empty. */
export function certificateBlocks(
  secret: ParsedResource,
  id: string,
): { cert: string; key: string } | BuildError {
  const data = secretData(secret);
  const missing = ['tls.crt', 'tls.key'].filter((k) => data[k] === undefined);
  if (missing.length > 0) {
    return new BuildError(
      'REF006',
      [],
      `secret ${id} is missing the following TLS data entries: ${missing.join(', ')}`,
    );
  }
  const empty = ['tls.crt', 'tls.key'].filter((k) => data[k] === '');
  if (empty.length > 0) {
    return new BuildError(
      'REF006',
      [],
      `secret ${id} contains the following empty TLS data entries: ${empty.join(', ')}`,
    );
  }
  return { cert: data['tls.crt'] ?? '', key: data['tls.key'] ?? '' };
}

/** Traefik's `getCABlocks`: `tls.ca`, else `ca.crt`. */
export function caBlock(secret: ParsedResource, id: string): string | BuildError {
  const data = secretData(secret);
  const ca = data['tls.ca'] ?? data['ca.crt'];
  return ca ?? new BuildError('REF006', [], `secret ${id} contains neither tls.ca nor ca.crt`);
}

/**
 * Users of a basicAuth or digestAuth Secret, as Traefik reads them: a `kubernetes.io/basic-auth` Secret gives
 * `user:{SHA}<base64 sha1(password)>`; any other must hold exactly one entry of `user:hash` lines.
 */
export function authUsers(secret: ParsedResource, id: string, basic: boolean): string[] | BuildError {
  const data = secretData(secret);
  if (basic && secret.object.type === 'kubernetes.io/basic-auth') {
    const { username, password } = data;
    if (username === undefined || password === undefined) {
      return new BuildError('REF006', [], `secret '${id}' must contain both username and password keys`);
    }
    return [`${username}:{SHA}${bytesToBase64(sha1(utf8ToBytes(password)))}`];
  }
  const values = Object.values(data);
  if (values.length !== 1) {
    return new BuildError(
      'REF006',
      [],
      `found ${values.length} elements for secret '${id}', must be single element exactly`,
    );
  }
  const users = (values[0] ?? '').split(/\r?\n/).filter((line) => line !== '');
  if (users.length === 0)
    return new BuildError('REF006', [], `secret '${id}' does not contain any credentials`);
  return users;
}
