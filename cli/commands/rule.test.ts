import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgram, runProgram } from '../program.ts';
import { register, runRule } from './rule.ts';

function capture(): {
  io: { out: (s: string) => void; err: (s: string) => void; color: boolean };
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    io: { out: (s) => (out += s), err: (s) => (err += s), color: false },
    out: () => out,
    err: () => err,
  };
}

describe('runRule', () => {
  it('reports that a rule parses, with its priority', async () => {
    const c = capture();
    expect(await runRule('Host(`a.com`)', {}, c.io)).toBe(0);
    expect(c.out()).toContain('default priority 13');
  });

  it('shows a syntax error with a caret under the offending column', async () => {
    const c = capture();
    expect(await runRule('Host(`a.com`) && Path(/x)', {}, c.io)).toBe(1);
    const lines = c.err().split('\n');
    expect(lines[0]).toMatch(/^error RULE001: unexpected/);
    expect(lines[1]).toBe('  Host(`a.com`) && Path(/x)');
    expect(lines[2]).toBe(`  ${' '.repeat(22)}^`);
    expect(c.out()).toBe('');
  });

  it('says v2 syntax is v2 syntax', async () => {
    const c = capture();
    expect(await runRule('Headers(`X-A`, `1`)', {}, c.io)).toBe(1);
    expect(c.err()).toMatch(/RULE002: Headers is Traefik v2 syntax/);
    expect(c.err()).toContain('  ^^^^^^^');
  });

  it('warns about a v2 placeholder that v3 accepts and reads literally', async () => {
    // Traefik v3 matcher_test.go "... with Traefik v2 syntax": the rule compiles, so the exit code is 0.
    const c = capture();
    expect(await runRule('Path(`/users/{id}`)', {}, c.io)).toBe(0);
    expect(c.err()).toMatch(/^warning RULE004: the placeholder \{id\} in Path is Traefik v2 syntax/);
    expect(c.err()).toContain('PathRegexp(`^/users/[^/]+$`)');
    expect(c.out()).toContain('the rule parses');
  });

  it('explains a match clause by clause', async () => {
    const c = capture();
    const code = await runRule(
      'Host(`a.com`) && (Header(`X-A`, `1`) || ClientIP(`10.0.0.0/8`))',
      { url: 'http://a.com/x', method: 'GET', header: ['x-a: 2'], clientIp: '10.1.2.3' },
      c.io,
    );
    expect(code).toBe(0);
    expect(c.out()).toContain('✓ AND');
    expect(c.out()).toContain('  ✓ Host(`a.com`)');
    expect(c.out()).toContain('    ✗ Header(`X-A`, `1`)');
    expect(c.out()).toContain('    ✓ ClientIP(`10.0.0.0/8`)  client 10.1.2.3 vs 10.0.0.0/8');
    expect(c.out()).toMatch(/^match: GET http:\/\/a.com\/x matches/m);
    expect(c.out()).not.toContain('\x1b[');
  });

  it('names the failing clauses of a miss and exits 1', async () => {
    const c = capture();
    expect(await runRule('Host(`a.com`) && PathPrefix(`/api`)', { url: 'http://a.com/web' }, c.io)).toBe(1);
    expect(c.out()).toMatch(/no match: GET http:\/\/a.com\/web; failing: PathPrefix\(`\/api`\)/);
  });

  it('prints JSON with --json', async () => {
    const c = capture();
    await runRule('Method(`POST`)', { url: 'http://a.com/', method: 'GET', json: true }, c.io);
    const report = JSON.parse(c.out());
    expect(report).toMatchObject({
      ok: true,
      matched: false,
      priority: 14,
      explain: { kind: 'matcher', result: false },
    });
    expect(report.failing).toHaveLength(1);
    const e = capture();
    expect(await runRule('Host(', { json: true }, e.io)).toBe(1);
    expect(JSON.parse(e.out())).toMatchObject({ ok: false, error: { code: 'RULE001', offset: 5 } });
  });

  it('colors only when asked to', async () => {
    const c = capture();
    await runRule('Host(`a.com`)', { url: 'http://a.com/' }, { ...c.io, color: true });
    expect(c.out()).toContain('\x1b[32m✓\x1b[0m');
  });
});

describe('routeyard rule (through the program)', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out += String(s);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      err += String(s);
      return true;
    });
    const program = createProgram('0.0.0');
    register(program);
    const code = await runProgram(program, ['node', 'routeyard', 'rule', ...args]);
    process.exitCode = undefined;
    return { code, out, err };
  }

  it('exits 0, 1 and 2', async () => {
    expect((await run('PathPrefix(`/`)', '--url', 'http://a.com/x')).code).toBe(0);
    expect((await run('PathPrefix(`/y`)', '--url', 'http://a.com/x')).code).toBe(1);
    expect((await run('Host(`a`')).code).toBe(1);
    const bad = await run('Host(`a`)', '--url', 'http://a.com/', '-H', 'no-colon');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("-H expects 'Name: value'");
    expect((await run('Host(`a`)', '--url', 'a.com/x')).code).toBe(2);
    expect((await run('Host(`a`)', '--url', 'http://a/', '--client-ip', '1.2.3')).code).toBe(2);
    expect((await run()).code).toBe(2);
  });

  it('passes repeated -H as a multi-valued header', async () => {
    const r = await run(
      'Header(`X-A`, `2`)',
      '--url',
      'http://a.com/',
      '-H',
      'X-A: 1',
      '-H',
      'x-a: 2',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).request.headers).toEqual({ 'X-A': '1', 'x-a': '2' });
  });
});
