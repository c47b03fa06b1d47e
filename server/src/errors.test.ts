import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ApiError, Errors } from './errors.ts';

const samples: ApiError[] = [
  Errors.badRequest('x'),
  Errors.pathOutsideRoot('../x'),
  Errors.unauthorized(),
  Errors.forbiddenOrigin('http://x'),
  Errors.forbiddenHost('x'),
  Errors.notFound('x'),
  Errors.noBackup('x'),
  Errors.conflict('v', 'y'),
  Errors.alreadyExists('k', 'f'),
  Errors.tooLarge(1),
  Errors.unsupportedMediaType('text/plain'),
  Errors.invalid('x', []),
  Errors.secretDataHidden('f'),
  Errors.writeFailed('f', new Error('EACCES')),
  Errors.proxyUnavailable('x'),
  Errors.internal('x'),
];

/** The error table of server/API.md: code to status. */
function documented(): Map<string, number> {
  const doc = readFileSync(new URL('../API.md', import.meta.url), 'utf8');
  return new Map(
    [...doc.matchAll(/^\|\s*([a-z_]+)\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [m[1]!, Number(m[2])]),
  );
}

describe('error catalogue', () => {
  it('covers every factory, and server/API.md documents each code with its status', () => {
    expect(samples).toHaveLength(Object.keys(Errors).length);
    const rows = documented();
    for (const e of samples) expect(rows.get(e.code)).toBe(e.status);
  });

  it('documents no code that does not exist', () => {
    expect(new Set(documented().keys())).toEqual(new Set(samples.map((e) => e.code)));
  });
});
