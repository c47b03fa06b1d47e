import { describe, expect, it } from 'vitest';
import { sanitizePath, sanitizeUrlPath } from './sanitize-path.ts';

describe('sanitizePath (Traefik docs, security/request-path.md)', () => {
  it.each([
    ['/foo/../bar', '/bar'],
    ['/foo/bar//', '/foo/bar/'],
    ['/./foo/../bar//', '/bar/'],
    ['/../..', '/'],
    ['/', '/'],
    ['/a%2Fb/../c', '/c'],
    ['/x//y', '/x/y'],
  ])('%s becomes %s', (raw, clean) => {
    expect(sanitizePath(raw)).toBe(clean);
  });

  it('keeps the query of a URL', () => {
    expect(sanitizeUrlPath('http://a.com/x/../y?q=/../z')).toBe('http://a.com/y?q=/../z');
    expect(sanitizeUrlPath('http://a.com')).toBe('http://a.com');
  });
});
