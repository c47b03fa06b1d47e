import type { RuntimeConfig } from '../config/types.ts';
import { splitHostPort, splitUrl } from '../middlewares/url.ts';
import type { HttpRequest } from '../request.ts';

/** The entrypoint a request arrives on, and how it was decided. */
export interface EntryPointChoice {
  name?: string;
  address?: string;
  chosenBy: 'request' | 'port' | 'scheme' | 'only' | 'none';
  note?: string;
}

/** The port of an entrypoint address (`:8000`, `0.0.0.0:443`, `[::]:80`, `:53/udp`); '' when it names none. */
export function addressPort(address: string): string {
  const [hostPort = '', proto] = address.split('/');
  if (proto && proto.toLowerCase() === 'udp') return '';
  return splitHostPort(hostPort).port;
}

/**
 * Picks the entrypoint: the one named by the caller or the request, else the one listening on the URL's port
 * (80/443 by default), else by scheme (`websecure` for https, `web` for http), else the only one there is.
 */
export function chooseEntryPoint(config: RuntimeConfig, req: HttpRequest, named?: string): EntryPointChoice {
  const eps = config.entryPoints ?? {};
  const names = Object.keys(eps);
  const parts = splitUrl(req.url);
  const https = parts?.scheme === 'https';
  const wanted = named ?? req.entryPoint;
  if (wanted) {
    if (eps[wanted] || names.length === 0)
      return { name: wanted, address: eps[wanted]?.address, chosenBy: 'request' };
    return {
      chosenBy: 'none',
      note: `entrypoint "${wanted}" is not defined (${names.join(', ') || 'none'})`,
    };
  }
  const port = parts?.port || (https ? '443' : '80');
  const byPort = names.find((n) => addressPort(eps[n]?.address ?? '') === port);
  if (byPort) return { name: byPort, address: eps[byPort]?.address, chosenBy: 'port' };
  const conventional = https ? ['websecure', 'https'] : ['web', 'http'];
  const byScheme = conventional.find((n) => n in eps) ?? (names.length === 0 ? conventional[0] : undefined);
  if (byScheme) {
    return {
      name: byScheme,
      address: eps[byScheme]?.address,
      chosenBy: 'scheme',
      note: names.length
        ? `no entrypoint listens on port ${port}; using "${byScheme}" for ${parts?.scheme ?? 'http'}`
        : 'no entrypoints configured; assumed from the scheme',
    };
  }
  if (names.length === 1)
    return { name: names[0], address: eps[names[0] as string]?.address, chosenBy: 'only' };
  return { chosenBy: 'none', note: `no entrypoint listens on port ${port}` };
}
