import type { Command } from 'commander';
import type { HttpRequest, TraceResult, TraceStep } from '../../core/index.ts';
import { collect } from '../load-dir.ts';
import { type CommandIo, processIo, UsageError } from '../program.ts';

/** Options of `routeyard trace`, as commander parses them. */
export interface TraceCommandOptions {
  header?: string[];
  clientIp?: string;
  entrypoint?: string;
  config?: string;
  seed?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('trace')
    .description('Show step by step where a request goes through the routing in a folder of manifests')
    .argument('<dir>', 'folder of Kubernetes manifests (*.yaml, *.yml, read recursively)')
    .argument('<method>', 'the request method, e.g. GET')
    .argument('<url>', 'the absolute request URL, e.g. https://shop.example.com/api/cart')
    .option('-H, --header <header>', "a request header 'Name: value' (repeatable)", collect)
    .option('--client-ip <ip>', 'the client address (the connection peer)')
    .option('--entrypoint <name>', 'the entrypoint the request arrives on (default: from the URL port)')
    .option('--config <file>', 'a Traefik static configuration (traefik.yml) for the entrypoints')
    .option('--seed <n>', 'seed for weighted choices and mirror percentages', '0')
    .option('--json', 'print the trace object as JSON')
    .addHelpText('after', '\nExit codes: 0 traced (whatever the answer), 2 usage error.\n')
    .action(async (dir: string, method: string, url: string, opts: TraceCommandOptions) => {
      process.exitCode = await runTrace(dir, method, url, opts, processIo());
    });
}

/** Builds the request from the command line; throws `UsageError` for a bad URL, header or address. */
export function requestFromArgs(
  method: string,
  url: string,
  opts: TraceCommandOptions,
  isIp: (s: string) => boolean,
): HttpRequest {
  if (!/^https?:\/\/[^/?#]+/i.test(url)) {
    throw new UsageError(
      `the URL must be absolute, such as https://example.com/path, got ${JSON.stringify(url)}`,
    );
  }
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(method))
    throw new UsageError(`not a valid method: ${JSON.stringify(method)}`);
  const headers: Record<string, string | string[]> = {};
  for (const h of opts.header ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new UsageError(`-H expects 'Name: value', got ${JSON.stringify(h)}`);
    const name = h.slice(0, colon).trim();
    const value = h.slice(colon + 1).trim();
    const prev = headers[name];
    headers[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  const req: HttpRequest = { method: method.toUpperCase(), url, headers, remoteAddr: '10.0.0.1:54321' };
  if (opts.clientIp !== undefined) {
    if (!isIp(opts.clientIp))
      throw new UsageError(`--client-ip expects an IP address, got ${JSON.stringify(opts.clientIp)}`);
    req.remoteAddr = opts.clientIp.includes(':') ? `[${opts.clientIp}]:54321` : `${opts.clientIp}:54321`;
  }
  return req;
}

/** Runs `routeyard trace`; returns the exit code. */
export async function runTrace(
  dir: string,
  method: string,
  url: string,
  opts: TraceCommandOptions,
  io: CommandIo,
): Promise<number> {
  const core = await import('../../core/index.ts');
  const seed = Number(opts.seed ?? '0');
  if (!Number.isInteger(seed))
    throw new UsageError(`--seed expects an integer, got ${JSON.stringify(opts.seed)}`);
  const req = requestFromArgs(method, url, opts, (s) => core.parseIp(s) !== undefined);
  const { loadDir } = await import('../load-dir.ts');
  const { config } = await loadDir(dir, { config: opts.config });
  const result = core.trace(config, req, { seed, entryPoint: opts.entrypoint });
  if (opts.json) io.out(`${JSON.stringify({ request: req, seed, ...result }, null, 2)}\n`);
  else io.out(formatTrace(req, result, io.color === true));
  return 0;
}

type Color = 'green' | 'red' | 'yellow' | 'dim' | 'bold';
const ANSI: Record<Color, string> = { green: '32', red: '31', yellow: '33', dim: '2', bold: '1' };

function paint(s: string, color: Color, on: boolean): string {
  return on ? `\x1b[${ANSI[color]}m${s}\x1b[0m` : s;
}

const label = (s: string) => s.padEnd(11);

function stepLines(step: TraceStep, c: boolean): string[] {
  switch (step.kind) {
    case 'entrypoint': {
      const where = step.name
        ? `${step.name}${step.address ? ` (${step.address})` : ''}, chosen by ${step.chosenBy}`
        : 'none';
      const lines = [`${label('entrypoint')}${where}${step.tls ? ', TLS' : ''}`];
      if (step.note) lines.push(`${label('')}${paint(step.note, 'dim', c)}`);
      return lines;
    }
    case 'routers-skipped':
      return [`${label('routers')}${paint(`${step.count} skipped: ${step.reason}`, 'dim', c)}`];
    case 'router': {
      if (step.verdict === 'match')
        return [
          `${label('router')}${paint('✓', 'green', c)} ${step.name}  ${paint(`[${step.priority}] ${step.rule}`, 'dim', c)}`,
        ];
      const why = (step.failed ?? []).map((f) => `${f.text}${f.reason ? `: ${f.reason}` : ''}`).join('; ');
      return [
        `${label('router')}${paint('✗', 'red', c)} ${step.name}  ${paint(`[${step.priority}] ${why}`, 'dim', c)}`,
      ];
    }
    case 'router-disabled':
      return [
        `${label('router')}${paint('⊘', 'yellow', c)} ${step.name} matches but is disabled: ${step.errors.join('; ')}`,
      ];
    case 'no-match': {
      const lines = [`${label('no router')}${paint('404', 'red', c)}`];
      for (const m of step.closestMisses)
        lines.push(
          `${label('')}closest: ${m.router} fails only ${m.clause.text}${m.clause.reason ? ` (${m.clause.reason})` : ''}`,
        );
      return lines;
    }
    case 'middleware': {
      const head = `${label('middleware')}${step.name} (${step.type})${step.via.length ? paint(` via ${step.via.join(' > ')}`, 'dim', c) : ''}`;
      const lines = [head];
      const ch = step.changed;
      if (ch?.method) lines.push(`${label('')}method ${ch.method.from} → ${ch.method.to}`);
      if (ch?.url) lines.push(`${label('')}url ${ch.url.from} → ${ch.url.to}`);
      if (ch?.headers.length) lines.push(`${label('')}headers changed: ${ch.headers.join(', ')}`);
      if (step.responseHeaders?.length)
        lines.push(
          `${label('')}response headers: ${step.responseHeaders.map((o) => (o.op === 'delete' ? `-${o.name}` : `${o.name}: ${o.value}`)).join(', ')}`,
        );
      if (step.call)
        lines.push(
          `${label('')}calls ${step.call.middleware === 'forwardAuth' ? step.call.address : step.call.service}`,
        );
      if (step.response) lines.push(`${label('')}${paint(`answers ${step.response.status}`, 'yellow', c)}`);
      for (const n of step.notes) lines.push(`${label('')}${paint(n, 'dim', c)}`);
      return lines;
    }
    case 'service': {
      const lines = [
        `${label('service')}${step.name} (${step.type})${step.chosen ? ` → ${step.chosen}` : ''}`,
      ];
      if (step.seed !== undefined)
        lines.push(`${label('')}${paint(`random pick with seed ${step.seed}`, 'dim', c)}`);
      if (step.candidates && step.candidates.length > 1)
        lines.push(
          `${label('')}${paint(step.candidates.map((x) => `${x.name} weight ${x.weight}`).join(', '), 'dim', c)}`,
        );
      if (step.mirrors?.length)
        lines.push(
          `${label('')}mirrors: ${step.mirrors.map((m) => `${m.name} ${m.percent}%${m.mirrored ? ' (mirrored)' : ''}`).join(', ')}`,
        );
      if (step.sticky)
        lines.push(
          `${label('')}sticky cookie ${step.sticky.cookie}: ${step.sticky.honoured ? 'honoured' : step.sticky.value === undefined ? 'absent' : 'unknown value'}`,
        );
      for (const n of step.notes) lines.push(`${label('')}${paint(n, 'dim', c)}`);
      return lines;
    }
    case 'server':
      return [`${label('server')}${step.url}${step.passHostHeader ? '' : ' (passHostHeader: false)'}`];
    case 'error':
      return [
        `${label('error')}${paint(`${step.status} ${step.message}`, 'red', c)} at ${step.at} ${step.name}`,
      ];
    case 'upstream': {
      const lines = [`${label('upstream')}${step.method} ${step.url}  Host: ${step.host}`];
      for (const [k, v] of Object.entries(step.headers))
        if (k !== 'Host')
          lines.push(`${label('')}${paint(`${k}: ${Array.isArray(v) ? v.join(', ') : v}`, 'dim', c)}`);
      return lines;
    }
    case 'error-page':
      return [
        `${label('errors')}${step.originalStatus} → page ${step.query} of ${step.service} (status ${step.status})`,
      ];
    case 'response':
      return [`${label('response')}${step.status} from ${step.from}`];
  }
}

/** The trace as readable lines, one step per line (details indented), ending with the outcome. */
export function formatTrace(req: HttpRequest, result: TraceResult, color: boolean): string {
  const lines = [paint(`${req.method} ${req.url}`, 'bold', color)];
  for (const step of result.steps) lines.push(...stepLines(step, color));
  const o = result.outcome;
  const ok = o.status < 400;
  const summary = o.upstreamUrl
    ? `${o.status} forwarded to ${o.upstreamUrl} (${o.service})`
    : o.redirect
      ? `${o.status} redirect to ${o.redirect}`
      : `${o.status} answered by ${o.router ? `router ${o.router}` : 'Traefik'}`;
  lines.push(`${paint('=>', 'bold', color)} ${paint(summary, ok ? 'green' : 'red', color)}`);
  return `${lines.join('\n')}\n`;
}
