import { describe, expect, it } from 'vitest';
import { constraintOf } from './constraints.ts';
import { parseRule } from './parser.ts';

const of = (rule: string) => {
  const c = constraintOf(parseRule(rule));
  return { hosts: c.hosts && [...c.hosts], prefixes: c.prefixes, exact: c.exact };
};

describe('constraintOf', () => {
  it.each([
    ['Host(`A.com`)', { hosts: ['a.com'], prefixes: null, exact: true }],
    ['Host(`a.com`) && PathPrefix(`/x`)', { hosts: ['a.com'], prefixes: ['/x'], exact: true }],
    ['PathPrefix(`/x`) && Host(`a.com`)', { hosts: ['a.com'], prefixes: ['/x'], exact: true }],
    ['Host(`a.com`) && Path(`/x`)', { hosts: ['a.com'], prefixes: ['/x'], exact: false }],
    ['Host(`a.com`) && Method(`GET`)', { hosts: ['a.com'], prefixes: null, exact: false }],
    ['Host(`a.com`) || Host(`b.com`)', { hosts: ['a.com', 'b.com'], prefixes: null, exact: false }],
    ['Host(`a.com`) || Method(`GET`)', { hosts: null, prefixes: null, exact: false }],
    ['Host(`a.com`) && Host(`b.com`)', { hosts: [], prefixes: null, exact: false }],
    ['PathPrefix(`/a`) && PathPrefix(`/abc`)', { hosts: null, prefixes: ['/abc'], exact: false }],
    ['!Host(`a.com`)', { hosts: null, prefixes: null, exact: false }],
    ['Host(`*.a.com`)', { hosts: null, prefixes: null, exact: false }],
    [
      '(Host(`a.com`) || Host(`b.com`)) && PathPrefix(`/x`)',
      { hosts: ['a.com', 'b.com'], prefixes: ['/x'], exact: false },
    ],
  ])('%s', (rule, want) => {
    expect(of(rule)).toEqual(want);
  });
});
