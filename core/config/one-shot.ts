import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { type OutSection, sectionsOf } from './assembly.ts';
import {
  type CoreInfo,
  checkMiddleware,
  checkRouter,
  checkService,
  forEachReference,
  type Lookup,
  type Section,
} from './element-checks.ts';
import { addError, type Fragment, type Info } from './fragment.ts';
import type { EffectiveOptions } from './options.ts';
import { outputElement, sortDiagnostics } from './output.ts';
import { PriorityIndex, type RouterFindings } from './priority-index.ts';
import { reportDefaults } from './slots.ts';
import { DEFAULT_TLS_NAME } from './tls.ts';
import type { Middleware, Router, RuntimeConfig, Service } from './types.ts';

/** One element of the configuration and everything the checks find about it. */
interface Element {
  section: OutSection;
  name: string;
  /** The winning definition; `undefined` for a `default` TLSOption or TLSStore defined in several namespaces. */
  value: object | undefined;
  frag: Fragment;
  own: Info | undefined;
  /** The fragments defining a `default` TLSOption or TLSStore, in processing order. */
  definers?: Fragment[];
  composite: boolean;
  /** Composites only: where the current status computation stands (a cycle reads as enabled). */
  round?: 'busy' | 'done';
  core?: CoreInfo;
  extras?: RouterFindings;
  users?: string[];
}

function isComposite(section: OutSection, value: object): boolean {
  if (section === 'services') return (value as Service).loadBalancer === undefined;
  return section === 'middlewares' && (value as Middleware).chain !== undefined;
}

/**
 * The configuration of a full resolve built in one pass over the fragments, in Traefik's processing order. It
 * applies the same rules as the incremental `Assembly` (later definition wins, the first for a certificate, none
 * for a `default` TLSOption or TLSStore defined twice; the same checks, `usedBy`, priority findings and output) but
 * keeps no bookkeeping for later changes, so it gives the same bytes for less work.
 */
export function assembleOnce(
  opts: EffectiveOptions,
  fragments: readonly Fragment[],
  version: string,
): { config: RuntimeConfig; diagnostics: Diagnostic[] } {
  const bySection = new Map<OutSection, Map<string, Element>>();
  const sectionMap = (s: OutSection): Map<string, Element> => {
    let m = bySection.get(s);
    if (m === undefined) {
      m = new Map();
      bySection.set(s, m);
    }
    return m;
  };
  // Elements in the order they first appear: the order the incremental assembly meets them in.
  const all: Element[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const frag of fragments) {
    const own = frag.routerInfo.length > 0 ? new Map(frag.routerInfo) : undefined;
    for (const [section, list] of sectionsOf(frag)) {
      if (list.length === 0) continue;
      const map = sectionMap(section);
      const mayDefault = section === 'tlsOptions' || section === 'tlsStores';
      for (const [name, value] of list) {
        const info = section === 'routers' ? own?.get(name) : undefined;
        let el = map.get(name);
        if (el === undefined) {
          el = { section, name, value, frag, own: info, composite: false };
          map.set(name, el);
          all.push(el);
        } else if (section !== 'certificates' || el.frag === frag) {
          el.value = value;
          el.frag = frag;
          el.own = info;
        }
        if (mayDefault && name === DEFAULT_TLS_NAME) {
          el.definers ??= [];
          if (el.definers[el.definers.length - 1] !== frag) el.definers.push(frag);
        }
      }
    }
    if (frag.diagnostics.length > 0) diagnostics.push(...frag.diagnostics);
  }

  const defaultsDiagnostics: Diagnostic[] = [];
  for (const el of all) {
    if (el.definers !== undefined && el.definers.length > 1) {
      el.value = undefined;
      defaultsDiagnostics.push(...reportDefaults(el.section, el.definers));
    }
  }
  const present = all.filter((el) => el.value !== undefined);
  for (const el of present) el.composite = isComposite(el.section, el.value as object);
  const get = (section: Section, name: string): Element | undefined => {
    const el = bySection.get(section)?.get(name);
    return el?.value === undefined ? undefined : el;
  };

  // `usedBy`: every element another one references, present or not.
  for (const user of present) {
    if (user.section === 'certificates') continue;
    forEachReference(user.section, user.value as object, (section, name) => {
      const map = sectionMap(section);
      let el = map.get(name);
      if (el === undefined) {
        el = { section, name, value: undefined, frag: user.frag, own: undefined, composite: false };
        map.set(name, el);
      }
      if (el.users === undefined) el.users = [user.name];
      else el.users.push(user.name);
    });
  }

  const compute = (el: Element): void => {
    if (el.composite) el.round = 'busy';
    const value = el.value as object;
    if (el.section === 'routers') el.core = checkRouter(lookup, value as Router, el.own);
    else if (el.section === 'services') el.core = checkService(lookup, el.name, value as Service);
    else if (el.section === 'middlewares') el.core = checkMiddleware(lookup, value as Middleware);
    else el.core = { info: {}, diagnostics: [] };
    if (el.composite) el.round = 'done';
  };
  const lookup: Lookup = {
    has: (section, name) => get(section, name) !== undefined,
    status: (section, name) => {
      const el = get(section, name);
      if (el === undefined) return undefined;
      if (el.composite && el.round === undefined) compute(el);
      return el.core?.info.status;
    },
    errors: (section, name) => get(section, name)?.core?.info.errors ?? [],
  };
  for (const el of present) if (el.section !== 'routers' && !el.composite) compute(el);
  for (const el of present) if (el.composite && el.round !== 'done') compute(el);
  // Every enabled router goes in the index, then each one's findings are read: no change tracking needed.
  const prio = new PriorityIndex();
  const enabled: Element[] = [];
  for (const el of present) {
    if (el.section !== 'routers') continue;
    compute(el);
    if (el.core?.info.status === 'disabled') continue;
    prio.add(el.name, el.value as Router);
    enabled.push(el);
  }
  for (const el of enabled) {
    const findings = prio.findings(el.name);
    if (findings.errors.length > 0 || findings.diagnostics.length > 0) el.extras = findings;
  }

  for (const el of present) {
    if (el.core !== undefined) diagnostics.push(...el.core.diagnostics);
    if (el.extras !== undefined) diagnostics.push(...el.extras.diagnostics);
  }
  diagnostics.push(...defaultsDiagnostics);

  const record = (section: OutSection): Record<string, object> => {
    const map = bySection.get(section) ?? new Map<string, Element>();
    const names: string[] = [];
    for (const [name, el] of map) if (el.value !== undefined) names.push(name);
    names.sort();
    const out: Record<string, object> = {};
    for (const name of names) {
      const el = map.get(name) as Element;
      out[name] = outputElement(section, el.value as object, infoOf(el));
    }
    return out;
  };
  const certificates = bySection.get('certificates') ?? new Map<string, Element>();
  const certNames = [...certificates.keys()].filter((n) => certificates.get(n)?.value !== undefined).sort();
  const config: RuntimeConfig = {
    http: {
      routers: record('routers') as RuntimeConfig['http']['routers'],
      middlewares: record('middlewares') as RuntimeConfig['http']['middlewares'],
      services: record('services') as RuntimeConfig['http']['services'],
      serversTransports: record('serversTransports') as RuntimeConfig['http']['serversTransports'],
    },
    tls: {
      certificates: certNames.map((n) => certificates.get(n)?.value) as RuntimeConfig['tls']['certificates'],
      options: record('tlsOptions') as RuntimeConfig['tls']['options'],
      stores: record('tlsStores') as RuntimeConfig['tls']['stores'],
    },
    entryPoints: opts.entryPoints,
    version,
  };
  return { config, diagnostics: sortDiagnostics(diagnostics) };
}

function infoOf(el: Element): Info {
  const core = el.core?.info ?? {};
  const info: Info = {};
  if (core.status !== undefined) info.status = core.status;
  if (core.errors !== undefined) info.errors = [...core.errors];
  for (const e of el.extras?.errors ?? []) addError(info, e, false);
  const users = el.users;
  // Most elements have one user: nothing to de-duplicate or sort.
  if (users !== undefined) info.usedBy = users.length <= 1 ? users : [...new Set(users)].sort();
  return info;
}
