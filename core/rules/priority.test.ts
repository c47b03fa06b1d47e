import { describe, expect, it } from 'vitest';
import { providerRank, rulePriority, sortRouters } from './priority.ts';

describe('rulePriority', () => {
  it('is the rule length in bytes', () => {
    expect(rulePriority('Host(`a.com`)')).toBe(13);
    expect(rulePriority('Host(`a.com`) && PathPrefix(`/api`)')).toBe(35);
    // Go's len counts UTF-8 bytes: é is two.
    expect(rulePriority('Path(`/é`)')).toBe(11);
    // A rule that does not parse still has a length.
    expect(rulePriority('Host(')).toBe(5);
  });
  it('does not count the stars of a positive double-wildcard host', () => {
    expect(rulePriority('Host(`**.example.com`)')).toBe(22 - 2);
    expect(rulePriority('Host(`*.example.com`)')).toBe(21);
    expect(rulePriority('!Host(`**.example.com`)')).toBe(23);
    expect(rulePriority('!!Host(`**.example.com`)')).toBe(24 - 2);
  });
});

describe('sortRouters', () => {
  it('orders by priority, highest first, explicit priority winning over length', () => {
    const routers = [
      { name: 'short', rule: 'PathPrefix(`/`)' },
      { name: 'long', rule: 'PathPrefix(`/api/v1`)' },
      { name: 'explicit', rule: 'PathPrefix(`/`)', priority: 100 },
      { name: 'low', rule: 'PathPrefix(`/a/very/long/prefix`)', priority: 1 },
    ];
    expect(sortRouters(routers).map((r) => r.name)).toEqual(['explicit', 'long', 'short', 'low']);
  });
  it('treats priority 0 as unset, as Traefik does', () => {
    const routers = [
      { name: 'zero', rule: 'PathPrefix(`/abc`)', priority: 0 },
      { name: 'default', rule: 'PathPrefix(`/ab`)' },
    ];
    expect(sortRouters(routers).map((r) => r.name)).toEqual(['zero', 'default']);
  });
  it('breaks ties by provider precedence, then by name', () => {
    const routers = [
      { name: 'c', rule: 'Path(`/x`)', provider: 'file' },
      { name: 'b', rule: 'Path(`/x`)', provider: 'kubernetescrd' },
      { name: 'a', rule: 'Path(`/x`)', provider: 'docker' },
      { name: 'd', rule: 'Path(`/x`)' },
    ];
    expect(sortRouters(routers, ['kubernetescrd', 'file']).map((r) => r.name)).toEqual(['b', 'c', 'a', 'd']);
    expect(sortRouters(routers).map((r) => r.name)).toEqual(['a', 'b', 'c', 'd']);
  });
  it('ranks providers as Traefik: first listed highest, unlisted -1', () => {
    expect(providerRank('a', ['a', 'b'])).toBe(1);
    expect(providerRank('b', ['a', 'b'])).toBe(0);
    expect(providerRank('c', ['a', 'b'])).toBe(-1);
    expect(providerRank(undefined, ['a'])).toBe(-1);
  });
  it('does not change its input', () => {
    const routers = [
      { name: 'a', rule: 'Path(`/`)' },
      { name: 'b', rule: 'Path(`/bb`)' },
    ];
    sortRouters(routers);
    expect(routers.map((r) => r.name)).toEqual(['a', 'b']);
  });
});
