import type { Command } from 'commander';
import type { ExplainNode, HttpRequest } from '../../core/index.ts';
import { collect } from '../load-dir.ts';
import { type CommandIo, processIo, UsageError } from '../program.ts';

/** Options of `routeyard rule`, as commander parses them. */
export interface RuleOptions {
  url?: string;
  method?: string;
  header?: string[];
  clientIp?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('rule')
    .description('Parse a Traefik v3 rule and, with --url, explain how it matches a request')
    .argument('<rule>', 'the rule, e.g. "Host(`example.com`) && PathPrefix(`/api`)"')
    .option('--url <url>', 'the request URL (absolute: http://host[:port]/path?query)')
    .option('--method <method>', 'the request method', 'GET')
    .option('-H, --header <header>', "a request header 'Name: value' (repeatable)", collect)
    .option('--client-ip <ip>', 'the client address ClientIP sees (the connection peer)')
    .option('--json', 'print a JSON object instead of text')
    .addHelpText(
      'after',
      '\nExit codes: 0 the rule parses (and matches the request), 1 a rule error or no match, 2 usage error.\n',
    )
    .action(async (rule: string, opts: RuleOptions) => {
      process.exitCode = await runRule(rule, opts, processIo());
    });
}

/** Runs `routeyard rule`; returns the exit code. Throws `UsageError` for bad options. */
export async function runRule(rule: string, opts: RuleOptions, io: CommandIo): Promise<number> {
  const core = await import('../../core/index.ts');
  const req = opts.url === undefined ? undefined : buildRequest(opts, core.isIpAddress);
  let compiled: ReturnType<typeof core.compileRule>;
  try {
    compiled = core.compileRule(rule);
  } catch (err) {
    if (!(err instanceof core.RuleSyntaxError)) throw err;
    const error = { code: err.code, message: err.message, offset: err.offset, length: err.length };
    if (opts.json) io.out(`${JSON.stringify({ rule, ok: false, error }, null, 2)}\n`);
    else io.err(formatRuleError(rule, err, io.color === true));
    return 1;
  }
  const hints = compiled.hints;
  // A v2 form that v3 accepts still parses; say so on stderr so the exit code stays Traefik's.
  if (!opts.json)
    for (const h of hints)
      io.err(`${paint('warning', 'yellow', io.color === true)} ${h.code}: ${h.message}\n`);
  if (!req) {
    if (opts.json)
      io.out(
        `${JSON.stringify({ rule, ok: true, priority: compiled.priority, hints, ast: compiled.ast }, null, 2)}\n`,
      );
    else
      io.out(
        `${paint('✓', 'green', io.color === true)} the rule parses; default priority ${compiled.priority}\n`,
      );
    return 0;
  }
  const explain = compiled.explain(req);
  const failing = core.failingClauses(explain);
  if (opts.json) {
    const report = {
      rule,
      ok: true,
      priority: compiled.priority,
      hints,
      request: req,
      matched: explain.result,
      explain,
      failing,
    };
    io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.out(formatExplain(explain, io.color === true));
    io.out(
      explain.result
        ? `${paint('match', 'green', io.color === true)}: ${req.method} ${req.url} matches (priority ${compiled.priority})\n`
        : `${paint('no match', 'red', io.color === true)}: ${req.method} ${req.url}; failing: ${failing.map((n) => n.text).join(', ')}\n`,
    );
  }
  return explain.result ? 0 : 1;
}

function buildRequest(opts: RuleOptions, isIpAddress: (s: string) => boolean): HttpRequest {
  const url = opts.url ?? '';
  if (!/^https?:\/\/[^/?#]*/i.test(url)) {
    throw new UsageError(
      `--url must be an absolute http(s) URL such as http://example.com/path, got ${JSON.stringify(url)}`,
    );
  }
  const headers: Record<string, string | string[]> = {};
  for (const h of opts.header ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new UsageError(`-H expects 'Name: value', got ${JSON.stringify(h)}`);
    const name = h.slice(0, colon).trim();
    const value = h.slice(colon + 1).trim();
    const prev = headers[name];
    headers[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  const method = opts.method ?? 'GET';
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(method))
    throw new UsageError(`--method: not a valid method: ${JSON.stringify(method)}`);
  const req: HttpRequest = { method, url, headers };
  if (opts.clientIp !== undefined) {
    const ip = opts.clientIp;
    if (!isIpAddress(ip))
      throw new UsageError(`--client-ip expects an IPv4 or IPv6 address, got ${JSON.stringify(ip)}`);
    req.remoteAddr = ip.includes(':') ? `[${ip}]:0` : `${ip}:0`;
  }
  return req;
}

type Color = 'green' | 'red' | 'yellow' | 'dim';
const CODES: Record<Color, string> = { green: '32', red: '31', yellow: '33', dim: '2' };

function paint(s: string, color: Color, on: boolean): string {
  return on ? `\x1b[${CODES[color]}m${s}\x1b[0m` : s;
}

/** The rule, then a caret line under the offending column, then the message. */
export function formatRuleError(
  rule: string,
  err: { code: string; message: string; offset: number; length: number },
  color: boolean,
): string {
  // Show the line holding the offset; rules are usually one line but YAML block scalars are not.
  const lineStart = rule.lastIndexOf('\n', err.offset - 1) + 1;
  const nl = rule.indexOf('\n', err.offset);
  const line = rule.slice(lineStart, nl < 0 ? rule.length : nl);
  const col = err.offset - lineStart;
  const width = Math.max(1, Math.min(err.length, line.length - col));
  const caret = `${' '.repeat(col)}${'^'.repeat(width)}`;
  return `${paint(`error ${err.code}`, 'red', color)}: ${err.message}\n  ${line}\n  ${paint(caret, 'red', color)}\n  (column ${col + 1})\n`;
}

/** One line per clause, indented by depth, ✓ or ✗ with the matcher's reason. */
export function formatExplain(node: ExplainNode, color: boolean, depth = 0): string {
  const mark = node.result ? paint('✓', 'green', color) : paint('✗', 'red', color);
  const label = node.kind === 'matcher' ? node.text : node.kind.toUpperCase();
  const reason = node.reason ? `  ${paint(node.reason, 'dim', color)}` : '';
  let out = `${'  '.repeat(depth)}${mark} ${label}${reason}\n`;
  for (const child of node.children ?? []) out += formatExplain(child, color, depth + 1);
  return out;
}
