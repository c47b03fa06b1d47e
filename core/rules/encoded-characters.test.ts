import { describe, expect, it } from 'vitest';
import type { EncodedCharacters } from '../config/types.ts';
import {
  compileEncodedCharacters,
  describeEncodedRejection,
  findDeniedEncoding,
  findDeniedEncodingInUrl,
} from './encoded-characters.ts';

// Rows after Traefik's pkg/middlewares/encodedcharacters tests and pkg/server/router/deny.go.
const DENY_ALL = compileEncodedCharacters({}, false);

describe('compileEncodedCharacters', () => {
  it('allows everything by default on an entrypoint (Traefik v3.6.7+): nothing to scan', () => {
    expect(compileEncodedCharacters(undefined, true)).toBeUndefined();
    expect(compileEncodedCharacters({}, true)).toBeUndefined();
  });

  it('denies everything by default in the middleware', () => {
    expect(DENY_ALL).toBeDefined();
  });

  it('a middleware allowing every character scans nothing', () => {
    const all: EncodedCharacters = {
      allowEncodedSlash: true,
      allowEncodedBackSlash: true,
      allowEncodedNullCharacter: true,
      allowEncodedSemicolon: true,
      allowEncodedPercent: true,
      allowEncodedQuestionMark: true,
      allowEncodedHash: true,
    };
    expect(compileEncodedCharacters(all, false)).toBeUndefined();
  });
});

describe('findDeniedEncoding', () => {
  it.each([
    { desc: 'encoded slash, lower case', path: '/foo%2fbar', encoded: '%2f', character: 'slash' },
    { desc: 'encoded slash, upper case', path: '/foo%2Fbar', encoded: '%2F', character: 'slash' },
    { desc: 'encoded backslash', path: '/foo%5cbar', encoded: '%5c', character: 'backslash' },
    { desc: 'encoded null character', path: '/foo%00bar', encoded: '%00', character: 'null character' },
    { desc: 'encoded semicolon', path: '/foo%3Bbar', encoded: '%3B', character: 'semicolon' },
    { desc: 'encoded percent', path: '/foo%25bar', encoded: '%25', character: 'percent' },
    { desc: 'encoded question mark', path: '/foo%3fbar', encoded: '%3f', character: 'question mark' },
    { desc: 'encoded hash', path: '/foo%23bar', encoded: '%23', character: 'hash' },
    { desc: 'an encoded slash ending the path', path: '/foo%2F', encoded: '%2F', character: 'slash' },
    { desc: 'a percent at the very end', path: '/foo%', encoded: '%', character: 'incomplete escape' },
    {
      desc: 'a percent and one digit at the end',
      path: '/foo%2',
      encoded: '%2',
      character: 'incomplete escape',
    },
  ])('rejects $desc', ({ path, encoded, character }) => {
    expect(findDeniedEncoding(path, DENY_ALL!)).toMatchObject({ encoded, character });
  });

  it.each([
    { desc: 'a path without escapes', path: '/foo/bar' },
    { desc: 'an encoded space', path: '/foo%20bar' },
    { desc: 'an encoded asterisk (not filterable)', path: '/foo%2A' },
    { desc: 'an invalid escape, skipped whole as Traefik does', path: '/foo%zzbar' },
  ])('accepts $desc', ({ path }) => {
    expect(findDeniedEncoding(path, DENY_ALL!)).toBeUndefined();
  });

  it('skips an escape whole: %252F is a percent then "2F", allowed when only slashes are denied', () => {
    const slashOnly = compileEncodedCharacters({ allowEncodedSlash: false }, true);
    expect(findDeniedEncoding('/a%252Fb', slashOnly!)).toBeUndefined();
    expect(findDeniedEncoding('/a%252Fb', DENY_ALL!)).toMatchObject({ encoded: '%25' });
  });

  it('denies only the characters whose option is false', () => {
    const slashAllowed = compileEncodedCharacters({ allowEncodedSlash: true }, false);
    expect(findDeniedEncoding('/a%2Fb', slashAllowed!)).toBeUndefined();
    expect(findDeniedEncoding('/a%2Fb%5C', slashAllowed!)).toMatchObject({
      encoded: '%5C',
      option: 'allowEncodedBackSlash',
    });
  });
});

describe('findDeniedEncodingInUrl', () => {
  it('scans the path of an absolute URL, never its query', () => {
    expect(findDeniedEncodingInUrl('http://a.com/x?next=%2Fhome', DENY_ALL!)).toBeUndefined();
    expect(findDeniedEncodingInUrl('http://a.com/x%2F?next=1', DENY_ALL!)).toMatchObject({ encoded: '%2F' });
  });

  it('scans an origin-form request target', () => {
    expect(findDeniedEncodingInUrl('/a%3bb?c=%3b', DENY_ALL!)).toMatchObject({ character: 'semicolon' });
    expect(findDeniedEncodingInUrl('/a?c=%3b', DENY_ALL!)).toBeUndefined();
  });

  it('does not read a percent in the authority as part of the path', () => {
    expect(findDeniedEncodingInUrl('http://a.com', DENY_ALL!)).toBeUndefined();
  });
});

describe('describeEncodedRejection', () => {
  it('names the escape and the option that allows it', () => {
    const r = findDeniedEncoding('/a%2fb', DENY_ALL!);
    expect(describeEncodedRejection(r!, 'entrypoint web')).toBe(
      'entrypoint web rejects the path: it contains the encoded slash "%2f" (allowEncodedSlash is false)',
    );
  });
});
