import { bufferingProblems } from '../middlewares/buffering.ts';
import type { ParsedResource } from '../resources/types.ts';
import type { BuildContext } from './context.ts';
import { locateInScalar } from './scalar-position.ts';
import type { Middleware } from './types.ts';

/**
 * Settings the provider copies as they are but Traefik refuses when it builds the middleware (buffering: oxy's
 * buffer.New). As Traefik's runtime does, the middleware keeps its first error, which disables it and the routers
 * using it; every problem gets an MW002 at its field, inside `retryExpression` at the refused character.
 */
export function checkMiddlewareBuild(
  ctx: BuildContext,
  r: ParsedResource,
  name: string,
  mw: Middleware,
): void {
  if (mw.buffering === undefined) return;
  const problems = bufferingProblems(mw.buffering);
  for (const p of problems) {
    const path = ['spec', 'buffering', p.field];
    ctx.report(r, 'MW002', path, `middleware "${name}" cannot be built: ${p.message}`);
    const d = ctx.diagnostics[ctx.diagnostics.length - 1];
    if (d !== undefined && p.offset !== undefined) d.source = locateInScalar(r, path, p.offset, p.length);
  }
  // Traefik stops at the first option oxy refuses.
  const first = problems[0];
  if (first !== undefined) mw.error = [first.message];
}
