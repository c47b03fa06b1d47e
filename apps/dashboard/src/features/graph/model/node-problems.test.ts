import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../../../../core/index.ts';
import { nodeProblems, problemText } from './node-problems.ts';

const ref001: Diagnostic = {
  code: 'REF001',
  severity: 'error',
  message: 'middleware "shop-promo-banner@kubernetescrd" does not exist',
  source: { file: 'shop/routes/promo.yaml', line: 16, column: 17 },
  object: { kind: 'IngressRoute', namespace: 'shop', name: 'promo' },
};

describe('nodeProblems', () => {
  it('shows the element error and the diagnostic for the same problem once, with code and place', () => {
    const problems = nodeProblems(['middleware "shop-promo-banner@kubernetescrd" does not exist'], [ref001]);
    expect(problems).toEqual([
      {
        code: 'REF001',
        severity: 'error',
        message: ref001.message,
        place: { file: 'shop/routes/promo.yaml', line: 16, column: 17 },
        resource: { kind: 'IngressRoute', namespace: 'shop', name: 'promo' },
      },
    ]);
    expect(problemText(problems[0]!)).toBe(`REF001: ${ref001.message}`);
  });

  it('keeps element errors no diagnostic describes', () => {
    const problems = nodeProblems(['service "x" has no servers'], [ref001]);
    expect(problems.map(problemText)).toEqual([`REF001: ${ref001.message}`, 'service "x" has no servers']);
  });
});
