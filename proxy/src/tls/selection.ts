import {
  type EntryPoint,
  parseRule,
  providerOf,
  qualifyName,
  type RuleNode,
  type RuntimeConfig,
} from '../../../core/index.ts';
import { BUILTIN_DEFAULT, compileTlsOption, type TlsProfile } from './options.ts';

/** Traefik's ParseDomains: every `Host` argument of a rule, lowercased, whatever operators surround it. */
export function ruleDomains(rule: string): string[] {
  let tree: RuleNode;
  try {
    tree = parseRule(rule);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (n: RuleNode): void => {
    if (n.kind === 'matcher') {
      if (n.name === 'Host') for (const a of n.args) out.push(a.value.toLowerCase());
    } else if (n.kind === 'not') walk(n.operand);
    else {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(tree);
  return out;
}

function getOrCreate<K, V extends Map<unknown, unknown>>(map: Map<K, V>, key: K): V {
  let v = map.get(key);
  if (v === undefined) {
    v = new Map() as V;
    map.set(key, v);
  }
  return v;
}

function defaultEntryPoints(eps: Record<string, EntryPoint>): string[] {
  const names = Object.keys(eps);
  const marked = names.filter((n) => eps[n]?.asDefault === true);
  return marked.length > 0 ? marked : names;
}

/**
 * Which TLS option a handshake gets, decided before routing as Traefik does: per entrypoint, the SNI host is
 * looked up among the `Host` domains of the TLS routers there; a host whose routers name different options, an
 * unknown host, or no SNI gets the `default` option. A profile is a string when its option cannot be built:
 * handshakes for its hosts then fail, as Traefik's do for a broken option.
 */
export class TlsSelection {
  readonly defaultProfile: TlsProfile | string;
  readonly problems: string[] = [];
  private readonly profiles = new Map<string, TlsProfile | string>();
  private readonly byEntryPoint = new Map<string, Map<string, TlsProfile | string>>();

  constructor(config: RuntimeConfig) {
    const options = config.tls?.options ?? {};
    for (const [name, opt] of Object.entries(options)) {
      if (opt.status === 'disabled') continue;
      const p = compileTlsOption(name, opt);
      if (typeof p === 'string') this.problems.push(p);
      this.profiles.set(name, p);
    }
    this.defaultProfile =
      this.profiles.get('default') ?? (compileTlsOption('default', BUILTIN_DEFAULT) as TlsProfile);
    const eps = config.entryPoints ?? {};
    const defaults = defaultEntryPoints(eps);
    // entrypoint -> host -> option names (with one router per name, for the warning).
    const wanted = new Map<string, Map<string, Map<string, string>>>();
    for (const [rname, router] of Object.entries(config.http?.routers ?? {})) {
      if (router.status === 'disabled') continue;
      for (const ep of router.entryPoints ?? defaults) {
        const tls = router.tls ?? eps[ep]?.http?.tls;
        if (tls === undefined) continue;
        let optName = 'default';
        if (tls.options && tls.options !== 'default')
          optName = qualifyName(options, tls.options, providerOf(rname));
        if (!this.profiles.has(optName) && optName !== 'default') {
          this.problems.push(`router "${rname}": unknown TLS options: ${optName}`);
          continue;
        }
        const hosts = getOrCreate(wanted, ep);
        for (const domain of ruleDomains(router.rule)) {
          const names = getOrCreate(hosts, domain);
          if (!names.has(optName)) names.set(optName, rname);
        }
      }
    }
    for (const [ep, hosts] of wanted) {
      const table = new Map<string, TlsProfile | string>();
      for (const [host, names] of hosts) {
        if (names.size > 1) {
          this.problems.push(
            `found different TLS options for routers on the same host ${host} (${[...names.keys()].sort().join(', ')}), so using the default TLS options instead`,
          );
          continue;
        }
        const name = names.keys().next().value as string;
        const profile = name === 'default' ? this.defaultProfile : this.profiles.get(name);
        if (profile !== undefined && profile !== this.defaultProfile) table.set(host, profile);
      }
      this.byEntryPoint.set(ep, table);
    }
  }

  /** The option for a handshake on `entryPoint` naming `serverName` (lowercase), or why it must fail. */
  profileFor(entryPoint: string, serverName: string | undefined): TlsProfile | string {
    if (serverName === undefined) return this.defaultProfile;
    return this.byEntryPoint.get(entryPoint)?.get(serverName) ?? this.defaultProfile;
  }
}
