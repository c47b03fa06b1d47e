/**
 * A fast non-cryptographic 64-bit hash of strings, as two 32-bit lanes: FNV-1a over the UTF-16 code units and an
 * independent multiply-xorshift lane, each part preceded by its length so that parts cannot trade characters. The
 * configuration's version only has to change when its content does and be the same for the same content; nobody
 * chooses the input to collide it, so a crypto hash buys nothing. Code units, not UTF-8 bytes: equal strings give
 * equal hashes.
 *
 * @example
 * const [hi, lo] = hash64('f.yaml', 'kind: Service');
 */
export function hash64(...parts: string[]): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (const text of parts) {
    a = Math.imul(a ^ text.length ^ 0x40000000, 0x01000193);
    b = Math.imul(b ^ text.length, 0x5bd1e995);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
  }
  // Final avalanche, so that near-identical inputs spread over the whole lane before they are summed.
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b ^= b >>> 16;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  return [a >>> 0, b >>> 0];
}
