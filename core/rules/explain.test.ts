import { describe, expect, it } from 'vitest';
import { compileRule } from './compile.ts';
import { failingClauses } from './explain.ts';
import { request } from './test-helpers.ts';

const req = request('https://shop.example.com/api/cart?debug=1', { method: 'POST' });

describe('explain', () => {
  it('gives every clause its verdict, text and span', () => {
    const rule = 'Host(`shop.example.com`) && (Path(`/a`) || !Method(`POST`))';
    const tree = compileRule(rule).explain(req);
    expect(tree).toMatchObject({ kind: 'and', result: false, start: 0, end: rule.length });
    const [host, or] = tree.children ?? [];
    expect(host).toMatchObject({
      kind: 'matcher',
      matcher: 'Host',
      args: ['shop.example.com'],
      result: true,
    });
    expect(host?.reason).toContain('shop.example.com');
    expect(or).toMatchObject({ kind: 'or', text: '(Path(`/a`) || !Method(`POST`))', result: false });
    const not = or?.children?.[1];
    expect(not).toMatchObject({ kind: 'not', result: false, children: [{ kind: 'matcher', result: true }] });
  });
  it('evaluates both sides even when the left decides', () => {
    const tree = compileRule('Path(`/nope`) && Method(`POST`)').explain(req);
    expect(tree.children?.map((c) => c.result)).toEqual([false, true]);
  });
});

describe('failingClauses', () => {
  const failing = (rule: string): string[] =>
    failingClauses(compileRule(rule).explain(req)).map((n) => n.text);
  it('is empty for a match', () => {
    expect(failing('Host(`shop.example.com`)')).toEqual([]);
  });
  it('names the one clause of a closest miss', () => {
    expect(failing('Host(`shop.example.com`) && PathPrefix(`/web`) && Method(`POST`)')).toEqual([
      'PathPrefix(`/web`)',
    ]);
  });
  it('names every false branch of an OR', () => {
    expect(failing('Host(`a.com`) || Host(`b.com`)')).toEqual(['Host(`a.com`)', 'Host(`b.com`)']);
  });
  it('looks through negations to the clause that was true', () => {
    expect(failing('Host(`shop.example.com`) && !Query(`debug`, `1`)')).toEqual(['Query(`debug`, `1`)']);
    expect(failing('!(Method(`POST`) && Host(`shop.example.com`)) && PathPrefix(`/api`)')).toEqual([
      'Method(`POST`)',
      'Host(`shop.example.com`)',
    ]);
  });
});
