import type { Middleware } from '../config/types.ts';
import type { MiddlewareDef } from './types.ts';

/** chain: a named list of middlewares; callers expand it with {@link expandMiddlewares}, so applying it is a no-op. */
export const chain: MiddlewareDef<'chain'> = {
  type: 'chain',
  validate(cfg) {
    return Array.isArray(cfg.middlewares) && cfg.middlewares.length > 0
      ? []
      : ['chain.middlewares: must list at least one middleware'];
  },
  compile() {
    return (req) => ({ kind: 'next', request: req });
  },
};

/** One middleware after chain expansion, with the chains it came through (outermost first). */
export interface ExpandedMiddleware {
  /** The qualified name found in the configuration (`name@provider`). */
  name: string;
  middleware?: Middleware;
  via: string[];
  /** Why it cannot be used: missing, or a chain that includes itself. */
  error?: string;
}

/**
 * Flattens `names` in order, replacing every chain by its members (recursively), as Traefik builds chains.
 * A name without `@provider` is looked up with the referrer's provider, as Traefik qualifies it.
 */
export function expandMiddlewares(
  middlewares: Record<string, Middleware>,
  names: readonly string[],
  provider?: string,
): ExpandedMiddleware[] {
  const out: ExpandedMiddleware[] = [];
  const walk = (list: readonly string[], via: string[], prov: string | undefined, depth: number) => {
    for (const raw of list) {
      const name = qualifyName(middlewares, raw, prov);
      const mw = middlewares[name];
      if (!mw) {
        out.push({ name, via, error: `middleware "${name}" does not exist` });
        continue;
      }
      if (via.includes(name) || depth > 32) {
        out.push({ name, via, middleware: mw, error: `chain "${name}" includes itself` });
        continue;
      }
      if (mw.chain) walk(mw.chain.middlewares ?? [], [...via, name], providerOf(name) ?? prov, depth + 1);
      else out.push({ name, middleware: mw, via });
    }
  };
  walk(names, [], provider, 0);
  return out;
}

/** The provider part of `name@provider`. */
export function providerOf(name: string): string | undefined {
  const at = name.lastIndexOf('@');
  return at < 0 ? undefined : name.slice(at + 1);
}

/** `name` as it is keyed in `elements`: as given, or qualified with the referrer's provider. */
export function qualifyName(elements: Record<string, unknown>, name: string, provider?: string): string {
  if (name in elements || name.includes('@') || !provider) return name;
  return `${name}@${provider}`;
}
