import { describe, expect, it } from 'vitest';
import { compileLabelSelector } from './labels.ts';

describe('label selectors', () => {
  it.each([
    { desc: 'equality', selector: 'app=shop', labels: { app: 'shop' }, expected: true },
    { desc: 'double equals', selector: 'app==shop', labels: { app: 'web' }, expected: false },
    { desc: 'inequality holds when absent', selector: 'tier!=db', labels: {}, expected: true },
    {
      desc: 'set membership',
      selector: 'env in (prod, staging)',
      labels: { env: 'staging' },
      expected: true,
    },
    { desc: 'set exclusion', selector: 'env notin (prod)', labels: { env: 'prod' }, expected: false },
    { desc: 'existence', selector: 'team', labels: { team: 'x' }, expected: true },
    { desc: 'absence', selector: '!team', labels: { team: 'x' }, expected: false },
    {
      desc: 'all requirements',
      selector: 'app=shop,env in (prod)',
      labels: { app: 'shop', env: 'dev' },
      expected: false,
    },
  ])('$desc', ({ selector, labels, expected }) => {
    expect(compileLabelSelector(selector)?.(labels as Record<string, string>)).toBe(expected);
  });

  it('refuses a selector that does not parse', () => {
    expect(compileLabelSelector('a b c')).toBeUndefined();
  });
});
