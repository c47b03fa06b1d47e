import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.ts';

const reference = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)));

describe('sha256Hex', () => {
  it.each([
    {
      desc: 'the empty string',
      text: '',
      hex: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    },
    {
      desc: 'FIPS 180-4 "abc"',
      text: 'abc',
      hex: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    },
    {
      desc: 'FIPS 180-4 two-block message',
      text: 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      hex: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    },
  ])('gives the published digest of $desc', ({ text, hex }) => {
    expect(sha256Hex(text)).toBe(hex);
  });

  it('agrees with @noble/hashes at every padding boundary and on any text', () => {
    for (let n = 0; n < 200; n++) expect(sha256Hex('x'.repeat(n))).toBe(reference('x'.repeat(n)));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(reference(text));
      }),
      { numRuns: 500, seed: 7 },
    );
    for (const text of ['é', '٣', '\u{1F600}', '\ud800', 'a\udc00b', 'Host(`café.example`)'])
      expect(sha256Hex(text)).toBe(reference(text));
  });
});
