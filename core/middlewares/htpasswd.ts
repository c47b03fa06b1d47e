import { md5, sha1 } from '@noble/hashes/legacy.js';
import bcrypt from 'bcryptjs';
import { base64Encode, utf8 } from './encoding.ts';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The MD5-crypt hash of `password` (Poul-Henning Kamp's algorithm): `$apr1$salt$hash` with Apache's magic,
 * `$1$salt$hash` with the original one. The salt is cut at 8 characters or at `$`.
 */
export function md5Crypt(password: string, salt: string, magic = '$apr1$'): string {
  const pw = utf8(password);
  const saltText = salt.split('$')[0]?.slice(0, 8) ?? '';
  const s = utf8(saltText);
  const mg = utf8(magic);
  let alt = md5(concat(pw, s, pw));
  const parts: Uint8Array[] = [pw, mg, s];
  for (let left = pw.length; left > 0; left -= 16) parts.push(alt.subarray(0, Math.min(left, 16)));
  for (let i = pw.length; i > 0; i >>= 1) parts.push(i & 1 ? new Uint8Array([0]) : pw.subarray(0, 1));
  alt = md5(concat(...parts));
  for (let i = 0; i < 1000; i++) {
    const round: Uint8Array[] = [i & 1 ? pw : alt];
    if (i % 3) round.push(s);
    if (i % 7) round.push(pw);
    round.push(i & 1 ? alt : pw);
    alt = md5(concat(...round));
  }
  const f = (i: number) => alt[i] as number;
  const to64 = (v: number, n: number) => {
    let out = '';
    for (let k = 0; k < n; k++, v >>= 6) out += ITOA64[v & 0x3f];
    return out;
  };
  const encoded =
    to64((f(0) << 16) | (f(6) << 8) | f(12), 4) +
    to64((f(1) << 16) | (f(7) << 8) | f(13), 4) +
    to64((f(2) << 16) | (f(8) << 8) | f(14), 4) +
    to64((f(3) << 16) | (f(9) << 8) | f(15), 4) +
    to64((f(4) << 16) | (f(10) << 8) | f(5), 4) +
    to64(f(11), 2);
  return `${magic}${saltText}$${encoded}`;
}

/** `{SHA}` followed by the base64 SHA-1 of the password, as htpasswd -s writes. */
export function sha1Secret(password: string): string {
  return `{SHA}${base64Encode(sha1(utf8(password)))}`;
}

/** Which htpasswd hash scheme a secret uses, as Traefik's goauth `CheckSecret` picks it by prefix. */
export function secretScheme(secret: string): 'sha1' | 'apr1' | 'bcrypt' | 'md5-crypt' {
  if (secret.startsWith('{SHA}')) return 'sha1';
  if (secret.startsWith('$apr1$')) return 'apr1';
  if (secret.startsWith('$2')) return 'bcrypt';
  return 'md5-crypt';
}

/**
 * Whether `password` matches an htpasswd secret: `{SHA}` SHA-1, `$apr1$` Apache MD5, `$2a$/$2b$/$2y$` bcrypt,
 * and otherwise any `$magic$salt$hash` MD5-crypt (goauth's default). Plain text never matches.
 */
export function checkSecret(password: string, secret: string): boolean {
  switch (secretScheme(secret)) {
    case 'sha1':
      return constantTimeEqual(sha1Secret(password), secret);
    case 'bcrypt':
      try {
        // bcryptjs reads $2y$ like $2a$; normalise to be sure.
        return bcrypt.compareSync(password, secret.replace(/^\$2y\$/, '$2a$'));
      } catch {
        return false;
      }
    default: {
      const parts = secret.split('$');
      if (parts.length !== 4) return false;
      return constantTimeEqual(md5Crypt(password, parts[2] as string, `$${parts[1]}$`), secret);
    }
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
