import type { DiagnosticCode } from '../diagnostics/codes.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { FieldPath } from '../resources/types.ts';
import { makeDiagnostic, originOf } from './context.ts';
import { addError, type Info } from './fragment.ts';
import { PROVIDER_CRD, PROVIDER_SEPARATOR } from './naming.ts';
import type { Middleware, Router, Service } from './types.ts';

/** The sections of the configuration whose elements carry a status. */
export type Section =
  | 'routers'
  | 'services'
  | 'middlewares'
  | 'serversTransports'
  | 'tlsOptions'
  | 'tlsStores';

/** An element's identity across sections: `<section>\0<name>`. */
export function elementId(section: Section, name: string): string {
  return `${section}\u0000${name}`;
}

const CRD_SUFFIX = `${PROVIDER_SEPARATOR}${PROVIDER_CRD}`;
const INGRESS_SUFFIX = `${PROVIDER_SEPARATOR}kubernetes`;

/** True when a reference points into the providers Routeyard resolves, so its absence is certain. */
export function ours(name: string): boolean {
  return name.endsWith(CRD_SUFFIX) || name.endsWith(INGRESS_SUFFIX);
}

/** What the reference checks found about one element: its status, errors and the diagnostics they raised. */
export interface CoreInfo {
  info: Info;
  diagnostics: Diagnostic[];
}

/** Read access to the current configuration for the checks. */
export interface Lookup {
  has(section: Section, name: string): boolean;
  /** The status the reference checks gave an existing element (`undefined` for enabled). */
  status(section: Section, name: string): Info['status'];
  errors(section: Section, name: string): string[];
}

/** The members a service points at, with the field (relative to the service's own field) of each reference. */
export function serviceMembers(svc: Service): [string, FieldPath][] {
  if (svc.weighted) return svc.weighted.services.map((s, i) => [s.name, ['services', i, 'name']]);
  if (svc.highestRandomWeight)
    return svc.highestRandomWeight.services.map((s, i) => [s.name, ['services', i, 'name']]);
  if (svc.mirroring) {
    const mirrors = (svc.mirroring.mirrors ?? []).map((s, i): [string, FieldPath] => [
      s.name,
      ['mirrors', i, 'name'],
    ]);
    return [[svc.mirroring.service, ['name']], ...mirrors];
  }
  if (svc.failover) {
    return [
      [svc.failover.service, ['service', 'name']],
      [svc.failover.fallback, ['fallback', 'name']],
    ];
  }
  return [];
}

/** Calls `visit` with the section and name of every element another element references. */
export function forEachReference(
  section: Section,
  element: object,
  visit: (section: Section, name: string) => void,
): void {
  if (section === 'routers') {
    const r = element as Router;
    for (const mw of r.middlewares ?? []) visit('middlewares', mw);
    visit('services', r.service);
    const options = r.tls?.options;
    if (options !== undefined && options !== 'default') visit('tlsOptions', options);
  } else if (section === 'services') {
    const s = element as Service;
    for (const [member] of serviceMembers(s)) visit('services', member);
    const transport = s.loadBalancer?.serversTransport;
    if (transport !== undefined) visit('serversTransports', transport);
  } else if (section === 'middlewares') {
    const m = element as Middleware;
    for (const member of m.chain?.middlewares ?? []) visit('middlewares', member);
    if (m.errors?.service !== undefined) visit('services', m.errors.service);
  }
}

/** Every element another element references, as element ids (for `usedBy` and change propagation). */
export function referencesOf(section: Section, element: object): string[] {
  const out: string[] = [];
  forEachReference(section, element, (s, name) => out.push(elementId(s, name)));
  return out;
}

function diag(
  element: object,
  code: DiagnosticCode,
  path: FieldPath,
  message: string,
  out: Diagnostic[],
): void {
  const origin = originOf(element);
  if (origin !== undefined)
    out.push(makeDiagnostic(origin.resource, code, [...origin.path, ...path], message));
}

/** Services: missing members (REF004), missing transports (REF008), zero weights (SVC003), failing members. */
export function checkService(look: Lookup, name: string, svc: Service): CoreInfo {
  const info: Info = {};
  const diagnostics: Diagnostic[] = [];
  const members = serviceMembers(svc);
  for (const [member, path] of members) {
    if (ours(member) && !look.has('services', member)) {
      addError(info, `the service "${member}" does not exist`, true);
      diag(svc, 'REF004', path, `service "${member}" does not exist`, diagnostics);
    }
  }
  const weighted = svc.weighted?.services;
  if (weighted !== undefined && weighted.length > 0 && weighted.every((s) => (s.weight ?? 1) === 0)) {
    addError(info, 'all weights are zero: the service never answers', false);
    diag(svc, 'SVC003', ['services'], `every member of weighted service "${name}" has weight 0`, diagnostics);
  }
  const transport = svc.loadBalancer?.serversTransport;
  if (transport !== undefined && ours(transport) && !look.has('serversTransports', transport)) {
    addError(info, `servers transport not found ${transport}`, true);
    diag(svc, 'REF008', ['serversTransport'], `ServersTransport "${transport}" does not exist`, diagnostics);
  }
  // A parent of a disabled member cannot be built either.
  if (info.status !== 'disabled') {
    const bad = members.find(
      ([member]) => look.has('services', member) && look.status('services', member) === 'disabled',
    );
    if (bad !== undefined) addError(info, `the service "${bad[0]}" is disabled`, true);
  }
  return { info, diagnostics };
}

/** Middlewares: the runtime error it was built with (MW001), chain members (REF005), the errors page (REF009). */
export function checkMiddleware(look: Lookup, mw: Middleware): CoreInfo {
  const info: Info = {};
  const diagnostics: Diagnostic[] = [];
  for (const e of mw.error ?? []) addError(info, e, true);
  (mw.chain?.middlewares ?? []).forEach((member, i) => {
    if (ours(member) && !look.has('middlewares', member)) {
      addError(info, `middleware "${member}" does not exist`, true);
      diag(
        mw,
        'REF005',
        ['spec', 'chain', 'middlewares', i, 'name'],
        `chain member "${member}" does not exist`,
        diagnostics,
      );
    }
  });
  const page = mw.errors?.service;
  if (page !== undefined && ours(page) && !look.has('services', page)) {
    addError(info, `the service "${page}" does not exist`, true);
    diag(
      mw,
      'REF009',
      ['spec', 'errors', 'service', 'name'],
      `errors page service "${page}" does not exist`,
      diagnostics,
    );
  }
  if (info.status !== 'disabled') {
    const bad = (mw.chain?.middlewares ?? []).find(
      (x) => look.has('middlewares', x) && look.status('middlewares', x) === 'disabled',
    );
    if (bad !== undefined) addError(info, `middleware "${bad}" is disabled`, true);
  }
  return { info, diagnostics };
}

/** Routers: their own findings, then middlewares (REF001), service (REF002) and TLS options (REF007). */
export function checkRouter(look: Lookup, router: Router, own: Info | undefined): CoreInfo {
  const info: Info = own === undefined ? {} : { ...own, errors: [...(own.errors ?? [])] };
  const diagnostics: Diagnostic[] = [];
  const mws = router.middlewares ?? [];
  for (let i = 0; i < mws.length; i++) {
    const name = mws[i] as string;
    const exists = look.has('middlewares', name);
    if (!exists && ours(name)) {
      addError(info, `middleware "${name}" does not exist`, true);
      diag(router, 'REF001', ['middlewares', i, 'name'], `middleware "${name}" does not exist`, diagnostics);
    } else if (exists && look.status('middlewares', name) === 'disabled') {
      addError(
        info,
        `middleware "${name}" is disabled: ${look.errors('middlewares', name).join('; ')}`,
        true,
      );
    }
  }
  const exists = look.has('services', router.service);
  if (!exists && ours(router.service)) {
    addError(info, `the service "${router.service}" does not exist`, true);
    diag(router, 'REF002', ['services'], `service "${router.service}" does not exist`, diagnostics);
  } else if (exists && look.status('services', router.service) === 'disabled') {
    addError(info, `the service "${router.service}" is disabled`, true);
  }
  const options = router.tls?.options;
  if (options !== undefined && options !== 'default' && ours(options) && !look.has('tlsOptions', options)) {
    addError(info, `unknown TLS options: ${options}`, true);
    const origin = originOf(router);
    if (origin !== undefined) {
      const path = ['spec', 'tls', 'options', 'name'];
      diagnostics.push(
        makeDiagnostic(origin.resource, 'REF007', path, `TLSOption "${options}" does not exist`),
      );
    }
  }
  return { info, diagnostics };
}
