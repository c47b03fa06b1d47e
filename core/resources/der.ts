// Minimal DER (ASN.1 distinguished encoding) and base64 readers for X.509 certificates. core may not use Buffer or
// atob, so both are written out here. Every read is bounds-checked: a malformed certificate gives a DerError, never
// an out-of-range read or a loop.

/** A malformed DER or base64 input; caught by x509.ts and turned into an error result. */
export class DerError extends Error {}

/** One DER element: its tag byte, where its content starts and ends in the buffer. */
export interface DerNode {
  tag: number;
  start: number;
  end: number;
  /** Offset just past this element, where its next sibling starts. */
  next: number;
}

/** Reads the element at `offset`, which must end by `limit`. */
export function readNode(buf: Uint8Array, offset: number, limit = buf.length): DerNode {
  if (offset + 2 > limit) throw new DerError('truncated element');
  const tag = buf[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used in certificates');
  let len = buf[offset + 1] as number;
  let start = offset + 2;
  if (len & 0x80) {
    const bytes = len & 0x7f;
    if (bytes === 0 || bytes > 4) throw new DerError('unsupported length encoding');
    if (start + bytes > limit) throw new DerError('truncated length');
    len = 0;
    for (let i = 0; i < bytes; i++) len = len * 256 + (buf[start + i] as number);
    start += bytes;
  }
  const end = start + len;
  if (end > limit) throw new DerError('element runs past its container');
  return { tag, start, end, next: end };
}

/** The children of a constructed element (SEQUENCE, SET, explicit tag). */
export function children(buf: Uint8Array, node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  let at = node.start;
  while (at < node.end) {
    const child = readNode(buf, at, node.end);
    out.push(child);
    at = child.next;
  }
  return out;
}

/** Decodes an OBJECT IDENTIFIER's content to dotted form, e.g. `2.5.4.3`. */
export function readOid(buf: Uint8Array, node: DerNode): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = node.start; i < node.end; i++) {
    const b = buf[i] as number;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** Decodes a string element's content (UTF8String, PrintableString, IA5String, BMPString, …). */
export function readString(buf: Uint8Array, node: DerNode): string {
  const bytes = buf.subarray(node.start, node.end);
  if (node.tag === 0x1e) {
    // BMPString is UTF-16 big-endian.
    let s = '';
    for (let i = 0; i + 1 < bytes.length; i += 2)
      s += String.fromCharCode(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
    return s;
  }
  let ascii = true;
  let escaped = '';
  for (const b of bytes) {
    if (b >= 0x80) ascii = false;
    escaped += `%${b.toString(16).padStart(2, '0')}`;
  }
  if (ascii) return String.fromCharCode(...bytes);
  // TextDecoder is not part of ES2022; percent-decoding is, and it validates UTF-8.
  try {
    return decodeURIComponent(escaped);
  } catch {
    return String.fromCharCode(...bytes);
  }
}

/** Decodes a UTCTime (tag 0x17) or GeneralizedTime (tag 0x18) to epoch milliseconds. */
export function readTime(buf: Uint8Array, node: DerNode): number {
  const s = readString(buf, node);
  const m =
    node.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s);
  if (m === null) throw new DerError(`unsupported time ${JSON.stringify(s)}`);
  let year = Number(m[1]);
  // RFC 5280 §4.1.2.5.1: two-digit years 50-99 are 19YY, 00-49 are 20YY.
  if (node.tag === 0x17) year += year >= 50 ? 1900 : 2000;
  return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Decodes standard base64 (whitespace ignored; URL-safe letters accepted). */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (clean.length % 4 === 1) throw new DerError('invalid base64 length');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (const c of clean) {
    const v = B64_INDEX.get(c);
    if (v === undefined) throw new DerError(`invalid base64 character ${JSON.stringify(c)}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, j);
}
