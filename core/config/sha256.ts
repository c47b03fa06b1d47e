/**
 * SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, as hex. Router names need it for every distinct match rule
 * (Traefik's `makeServiceKey`); a general-purpose hash library allocated several kilobytes per call, which made it one
 * of the larger sources of garbage in a full resolve. This one reuses its buffers: it allocates the hex string only.
 * Lone surrogates encode as U+FFFD, as `TextEncoder` encodes them.
 */

// Int32Array, not Uint32Array: words above 2^31 read back as doubles from a Uint32Array, which kept the rounds off
// V8's integer path; the bits are the same.
const K = new Int32Array(64);
const H0 = new Int32Array(8);
// The constants are defined as the first 32 bits of the fractional parts of the cube roots (K) and square roots
// (H0) of the first primes; computing them keeps 72 magic numbers out of the source (the tests check the digests).
{
  const primes: number[] = [];
  for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  primes.forEach((p, i) => {
    const c = Math.cbrt(p);
    K[i] = ((c - Math.floor(c)) * 2 ** 32) >>> 0;
    if (i < 8) {
      const s = Math.sqrt(p);
      H0[i] = ((s - Math.floor(s)) * 2 ** 32) >>> 0;
    }
  });
}

const W = new Int32Array(64);
const H = new Int32Array(8);
let bytes = new Uint8Array(256);

// Byte to two hex digits: `Number#toString(16)` per word was most of the time of hashing a short rule.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/** UTF-8 encodes `text` into the shared buffer, padded as SHA-256 wants; returns the padded length. */
function encodePadded(text: string): number {
  // At most 3 bytes per UTF-16 unit, plus padding.
  if (bytes.length < text.length * 3 + 72) bytes = new Uint8Array(text.length * 3 + 72);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else c = 0xfffd;
    }
    if (c < 0x80) bytes[n++] = c;
    else if (c < 0x800) {
      bytes[n++] = 0xc0 | (c >> 6);
      bytes[n++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      bytes[n++] = 0xe0 | (c >> 12);
      bytes[n++] = 0x80 | ((c >> 6) & 63);
      bytes[n++] = 0x80 | (c & 63);
    } else {
      bytes[n++] = 0xf0 | (c >> 18);
      bytes[n++] = 0x80 | ((c >> 12) & 63);
      bytes[n++] = 0x80 | ((c >> 6) & 63);
      bytes[n++] = 0x80 | (c & 63);
    }
  }
  const bits = n * 8;
  bytes[n++] = 0x80;
  while (n % 64 !== 56) bytes[n++] = 0;
  // The bit length as a 64-bit big-endian number; a string here is far below 2^32 bits.
  for (let k = 0; k < 4; k++) bytes[n++] = 0;
  bytes[n++] = (bits >>> 24) & 255;
  bytes[n++] = (bits >>> 16) & 255;
  bytes[n++] = (bits >>> 8) & 255;
  bytes[n++] = bits & 255;
  return n;
}

function compress(off: number): void {
  for (let t = 0; t < 16; t++) {
    const o = off + t * 4;
    W[t] =
      ((bytes[o] as number) << 24) |
      ((bytes[o + 1] as number) << 16) |
      ((bytes[o + 2] as number) << 8) |
      (bytes[o + 3] as number);
  }
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15] as number;
    const w2 = W[t - 2] as number;
    const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
    W[t] = ((W[t - 16] as number) + s0 + (W[t - 7] as number) + s1) | 0;
  }
  let a = H[0] as number;
  let b = H[1] as number;
  let c = H[2] as number;
  let d = H[3] as number;
  let e = H[4] as number;
  let f = H[5] as number;
  let g = H[6] as number;
  let h = H[7] as number;
  for (let t = 0; t < 64; t++) {
    const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + s1 + ch + (K[t] as number) + (W[t] as number)) | 0;
    const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (s0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = (H[0] as number) + a;
  H[1] = (H[1] as number) + b;
  H[2] = (H[2] as number) + c;
  H[3] = (H[3] as number) + d;
  H[4] = (H[4] as number) + e;
  H[5] = (H[5] as number) + f;
  H[6] = (H[6] as number) + g;
  H[7] = (H[7] as number) + h;
}

/**
 * The SHA-256 digest of `text` (UTF-8) in lowercase hex.
 *
 * @example
 * sha256Hex('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256Hex(text: string): string {
  const n = encodePadded(text);
  H.set(H0);
  for (let off = 0; off < n; off += 64) compress(off);
  let hex = '';
  for (let i = 0; i < 8; i++) {
    const w = H[i] as number;
    hex +=
      (HEX[(w >>> 24) & 255] as string) +
      (HEX[(w >>> 16) & 255] as string) +
      (HEX[(w >>> 8) & 255] as string) +
      (HEX[w & 255] as string);
  }
  return hex;
}
