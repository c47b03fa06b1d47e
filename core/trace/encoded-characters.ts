import type { EntryPoint } from '../config/types.ts';
import type { HttpRequest, HttpResponse } from '../request.ts';
import {
  compileEncodedCharacters,
  type DeniedEncodedCharacters,
  describeEncodedRejection,
  findDeniedEncodingInUrl,
} from '../rules/encoded-characters.ts';
import type { TraceStep } from './types.ts';

const compiled = new WeakMap<object, DeniedEncodedCharacters | undefined>();

/** The entrypoint's denied characters, compiled once per option object; undefined when it allows them all. */
function deniedOf(ep: EntryPoint | undefined): DeniedEncodedCharacters | undefined {
  const cfg = ep?.http?.encodedCharacters;
  if (cfg === undefined || cfg === null || typeof cfg !== 'object') return undefined;
  if (!compiled.has(cfg)) compiled.set(cfg, compileEncodedCharacters(cfg, true));
  return compiled.get(cfg);
}

/**
 * The entrypoint's `http.encodedCharacters` check, where Traefik v3 makes it: on the winning router, after the
 * entrypoint cleaned the path (sanitizePath) and before any middleware (pkg/server/router/router.go appends
 * `denyEncodedPathCharacters` ahead of the router's middleware chain). A request no router takes is a 404 first.
 * Returns Traefik's answer, a 400 with an empty body, after pushing a step that names the character.
 */
export function rejectEncodedCharacters(
  epName: string,
  ep: EntryPoint | undefined,
  router: string,
  req: HttpRequest,
  steps: TraceStep[],
): HttpResponse | undefined {
  const denied = deniedOf(ep);
  if (denied === undefined) return undefined;
  const rejection = findDeniedEncodingInUrl(req.url, denied);
  if (rejection === undefined) return undefined;
  const where = `entrypoint ${epName} (http.encodedCharacters)`;
  steps.push({
    kind: 'error',
    at: 'router',
    name: router,
    message: describeEncodedRejection(rejection, where),
    status: 400,
  });
  return { status: 400, headers: {}, body: '' };
}
