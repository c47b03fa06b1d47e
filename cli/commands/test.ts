import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Diagnostic, RouteTestReport } from '../../core/index.ts';
import { type CommandIo, processIo, UsageError } from '../program.ts';

/** Options of `routeyard test`, as commander parses them. */
export interface TestCommandOptions {
  junit?: string;
  json?: boolean;
  config?: string;
}

export function register(program: Command): void {
  program
    .command('test')
    .description('Run route tests (requests and what they must reach) against a folder of manifests')
    .argument('<dir>', 'folder of Kubernetes manifests (*.yaml, *.yml, read recursively)')
    .argument('<tests>', 'the route tests file (YAML: tests: [{ name, request, seed?, expect }])')
    .option('--junit <file>', 'also write a JUnit XML report to this file')
    .option('--config <file>', 'a Traefik static configuration (traefik.yml) for the entrypoints')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 every test passes, 1 a test fails or the tests file is invalid, 2 usage error.\n',
    )
    .action(async (dir: string, tests: string, opts: TestCommandOptions) => {
      process.exitCode = await runTests(dir, tests, opts, processIo());
    });
}

/** Runs `routeyard test`; returns the exit code. */
export async function runTests(
  dir: string,
  testsFile: string,
  opts: TestCommandOptions,
  io: CommandIo,
): Promise<number> {
  let text: string;
  try {
    text = await readFile(testsFile, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the tests file ${testsFile}: ${(err as Error).message}`);
  }
  const core = await import('../../core/index.ts');
  const { loadDir } = await import('../load-dir.ts');
  const parsed = core.parseRouteTests(text, testsFile);
  const { config } = await loadDir(dir, { config: opts.config, exclude: [testsFile] });
  const report = core.runRouteTests(config, parsed.tests);
  if (opts.junit) await writeFile(opts.junit, junitXml(report, parsed.diagnostics, testsFile));
  if (opts.json) {
    const json = {
      passed: report.passed,
      failed: report.failed,
      invalid: parsed.diagnostics,
      results: report.results.map((r) => ({
        name: r.test.name,
        file: r.test.file,
        line: r.test.line,
        pass: r.pass,
        failures: r.failures,
        outcome: r.outcome,
      })),
      unreachedRouters: report.unreachedRouters,
    };
    io.out(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.out(formatReport(report, parsed.diagnostics, io.color === true));
  }
  return report.failed > 0 || parsed.diagnostics.length > 0 ? 1 : 0;
}

const paint = (s: string, code: string, on: boolean) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** The pass/fail table, the reasons of each failure, and the routers no test reached. */
export function formatReport(
  report: RouteTestReport,
  invalid: readonly Diagnostic[],
  color: boolean,
): string {
  const lines: string[] = [];
  for (const d of invalid) {
    const where = `${d.source.file ?? ''}:${d.source.line}:${d.source.column}`;
    lines.push(
      `${paint('INVALID', '31', color)} ${where}${d.source.path ? ` ${d.source.path}` : ''}: ${d.message}`,
    );
  }
  for (const r of report.results) {
    const where = paint(`(${r.test.file ?? ''}:${r.test.line})`, '2', color);
    lines.push(
      `${r.pass ? paint('PASS', '32', color) : paint('FAIL', '31', color)}  ${r.test.name} ${where}`,
    );
    for (const f of r.failures) lines.push(`      ${f}`);
  }
  const total = report.results.length;
  const summary = `${total} test${total === 1 ? '' : 's'}: ${report.passed} passed, ${report.failed} failed${invalid.length ? `, ${invalid.length} invalid` : ''}`;
  lines.push('', report.failed || invalid.length ? paint(summary, '31', color) : paint(summary, '32', color));
  const all = report.reachedRouters.length + report.unreachedRouters.length;
  lines.push(`coverage: ${report.reachedRouters.length}/${all} routers reached`);
  if (report.unreachedRouters.length) {
    lines.push('routers no test reached:');
    for (const r of report.unreachedRouters) lines.push(`  ${r}`);
  }
  return `${lines.join('\n')}\n`;
}

const xml = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A JUnit XML report: one testcase per route test, invalid entries as errors. */
export function junitXml(report: RouteTestReport, invalid: readonly Diagnostic[], file: string): string {
  const cases: string[] = [];
  for (const r of report.results) {
    const head = `    <testcase classname="${xml(file)}" name="${xml(r.test.name)}"`;
    if (r.pass) cases.push(`${head}/>`);
    else
      cases.push(
        `${head}>\n      <failure message="${xml(r.failures[0] ?? 'failed')}">${xml(r.failures.join('\n'))}</failure>\n    </testcase>`,
      );
  }
  for (const d of invalid) {
    cases.push(
      `    <testcase classname="${xml(file)}" name="${xml(`${d.source.path ?? 'file'} (line ${d.source.line})`)}">\n      <error message="${xml(d.message)}"/>\n    </testcase>`,
    );
  }
  const tests = report.results.length + invalid.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${tests}" failures="${report.failed}" errors="${invalid.length}">\n  <testsuite name="routeyard route tests" tests="${tests}" failures="${report.failed}" errors="${invalid.length}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
