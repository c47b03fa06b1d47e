import { describe, expect, it } from 'vitest';
import type { EncodedCharacters } from '../config/types.ts';
import { compileMiddleware } from './registry.ts';
import { get, run } from './test-helpers.ts';

// Rows after Traefik's pkg/middlewares/encodedcharacters/encoded_characters_test.go: deny by default, allow by option.
const ROWS: { desc: string; cfg: EncodedCharacters; path: string; status: number }[] = [
  { desc: 'deny encoded slash', cfg: {}, path: '/foo%2fbar', status: 400 },
  { desc: 'allow encoded slash', cfg: { allowEncodedSlash: true }, path: '/foo%2fbar', status: 0 },
  { desc: 'deny encoded backslash', cfg: {}, path: '/foo%5cbar', status: 400 },
  { desc: 'allow encoded backslash', cfg: { allowEncodedBackSlash: true }, path: '/foo%5cbar', status: 0 },
  { desc: 'deny encoded null character', cfg: {}, path: '/foo%00bar', status: 400 },
  {
    desc: 'allow encoded null character',
    cfg: { allowEncodedNullCharacter: true },
    path: '/foo%00bar',
    status: 0,
  },
  { desc: 'deny encoded semicolon', cfg: {}, path: '/foo%3bbar', status: 400 },
  { desc: 'allow encoded semicolon', cfg: { allowEncodedSemicolon: true }, path: '/foo%3bbar', status: 0 },
  { desc: 'deny encoded percent', cfg: {}, path: '/foo%25bar', status: 400 },
  { desc: 'allow encoded percent', cfg: { allowEncodedPercent: true }, path: '/foo%25bar', status: 0 },
  { desc: 'deny encoded question mark', cfg: {}, path: '/foo%3fbar', status: 400 },
  {
    desc: 'allow encoded question mark',
    cfg: { allowEncodedQuestionMark: true },
    path: '/foo%3fbar',
    status: 0,
  },
  { desc: 'deny encoded hash', cfg: {}, path: '/foo%23bar', status: 400 },
  { desc: 'allow encoded hash', cfg: { allowEncodedHash: true }, path: '/foo%23bar', status: 0 },
  { desc: 'the query is not checked', cfg: {}, path: '/foo?next=%2F', status: 0 },
];

describe('encodedCharacters middleware', () => {
  it.each(ROWS)('$desc', ({ cfg, path, status }) => {
    const result = run('encodedCharacters', cfg, get(`http://a.com${path}`));
    if (status === 0) {
      expect(result.kind).toBe('next');
      return;
    }
    expect(result).toMatchObject({ kind: 'respond', response: { status, headers: {}, body: '' } });
  });

  it('says which character it rejected', () => {
    const result = run('encodedCharacters', {}, get('http://a.com/a%2Fb'));
    expect(result.notes).toEqual([
      'encodedCharacters rejects the path: it contains the encoded slash "%2F" (allowEncodedSlash is false)',
    ]);
  });

  it('refuses an option that is not a boolean', () => {
    const compiled = compileMiddleware('encodedCharacters', { allowEncodedSlash: 'yes' as never });
    expect(compiled).toEqual({
      ok: false,
      type: 'encodedCharacters',
      problems: ['encodedCharacters.allowEncodedSlash: must be a boolean'],
    });
  });
});
