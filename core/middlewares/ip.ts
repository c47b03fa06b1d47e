import type { IPStrategy } from '../config/types.ts';
import type { HttpRequest } from '../request.ts';
import { getHeader } from './http-headers.ts';
import { remoteIp } from './url.ts';

/** An address as 16 bytes (IPv4 mapped into IPv6), so that v4 and v6 compare the same way, as Go's net.IP. */
export type IpBytes = Uint8Array;

/** Parses an IPv4 or IPv6 address (no zone); undefined when it is not one. */
export function parseIp(text: string): IpBytes | undefined {
  const s = text.trim();
  if (s.includes(':')) return parseIpv6(s);
  const v4 = parseIpv4(s);
  if (!v4) return undefined;
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out.set(v4, 12);
  return out;
}

function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out.push(Number(p));
  }
  return out;
}

function parseIpv6(s: string): IpBytes | undefined {
  let text = s;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail.push((v4[0] as number) * 256 + (v4[1] as number), (v4[2] as number) * 256 + (v4[3] as number));
    text = `${text.slice(0, lastColon + 1)}0`;
    tail.length = 2;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0] as string);
  const rest = halves.length === 2 ? group(halves[1] as string) : [];
  const words: number[] = [];
  for (const g of [...head, ...rest]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
  }
  const total = head.length + rest.length;
  if (halves.length === 1 && total !== 8) return undefined;
  if (halves.length === 2 && total > 7) return undefined;
  for (const g of head) words.push(Number.parseInt(g, 16));
  for (let i = 0; i < 8 - total; i++) words.push(0);
  for (const g of rest) words.push(Number.parseInt(g, 16));
  if (tail.length) {
    words[6] = tail[0] as number;
    words[7] = tail[1] as number;
  }
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

function isV4Mapped(ip: IpBytes): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/** A CIDR block or a single address. */
export interface IpNet {
  text: string;
  ip: IpBytes;
  /** Prefix length over the 16-byte form. */
  bits: number;
}

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address; undefined when malformed. */
export function parseCidr(text: string): IpNet | undefined {
  const [addr, len] = text.trim().split('/');
  const ip = parseIp(addr ?? '');
  if (!ip) return undefined;
  const v4 = isV4Mapped(ip) && !(addr ?? '').includes(':');
  const max = v4 ? 32 : 128;
  let bits = max;
  if (len !== undefined) {
    if (!/^\d+$/.test(len) || Number(len) > max) return undefined;
    bits = Number(len);
  }
  return { text: text.trim(), ip, bits: v4 ? bits + 96 : bits };
}

/** Whether `ip` lies in `net`. */
export function cidrContains(net: IpNet, ip: IpBytes): boolean {
  let bits = net.bits;
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((net.ip[i] as number) & mask) !== ((ip[i] as number) & mask)) return false;
  }
  return true;
}

/** A compiled set of CIDR blocks. */
export interface IpChecker {
  contains(ip: string): boolean;
}

/** Compiles `ranges`; the problems name the malformed entries. */
export function compileIpChecker(ranges: readonly string[]): { checker: IpChecker; problems: string[] } {
  const nets: IpNet[] = [];
  const problems: string[] = [];
  for (const r of ranges) {
    const net = parseCidr(r);
    if (net) nets.push(net);
    else problems.push(`"${r}" is not an IP address or CIDR block`);
  }
  return {
    checker: {
      contains(text) {
        const ip = parseIp(text);
        return ip !== undefined && nets.some((n) => cidrContains(n, ip));
      },
    },
    problems,
  };
}

/** Masks an IPv6 address to `/bits`, leaving IPv4 as is (Traefik's ipv6Subnet). */
function maskIpv6(text: string, bits: number | undefined): string {
  if (!bits || !text.includes(':')) return text;
  const ip = parseIp(text);
  if (!ip) return text;
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const b = bits - i * 8;
    out[i] = (ip[i] as number) & (b >= 8 ? 0xff : b <= 0 ? 0 : (0xff << (8 - b)) & 0xff);
  }
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(((out[i * 2] as number) << 8) | (out[i * 2 + 1] as number));
  return formatIpv6(words);
}

/** An IPv6 address as Go prints it (RFC 5952): the longest run of two or more zero groups, first on a tie, is `::`. */
export function formatIpv6(words: readonly number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (w: number[]) => w.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex([...words]);
  return `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}

/** Traefik's IPStrategy.Get check: an ipv6Subnet outside 1..128 is refused, except beside excludedIPs. */
export function ipStrategyProblems(strategy: IPStrategy | undefined, field: string): string[] {
  const subnet = strategy?.ipv6Subnet;
  if (subnet === undefined || subnet === null) return [];
  if ((strategy?.depth ?? 0) <= 0 && strategy?.excludedIPs?.length) return [];
  return subnet > 0 && subnet <= 128
    ? []
    : [
        `${field}.ipv6Subnet: invalid IPv6 subnet ${subnet} value, should be greater to 0 and lower or equal to 128`,
      ];
}

/**
 * Picks the client IP as Traefik's ipStrategy: `depth` counts from the right of X-Forwarded-For (empty when too
 * short), `excludedIPs` takes the right-most address not excluded, and neither means the connection's address.
 */
export function compileIpStrategy(strategy: IPStrategy | undefined): (req: HttpRequest) => string {
  const depth = strategy?.depth ?? 0;
  const excluded = compileIpChecker(strategy?.excludedIPs ?? []).checker;
  const subnet = strategy?.ipv6Subnet;
  if (depth > 0) {
    return (req) => {
      const xff = (getHeader(req.headers, 'X-Forwarded-For') ?? '').split(',');
      if (xff.length < depth) return '';
      return maskIpv6((xff[xff.length - depth] as string).trim(), subnet);
    };
  }
  if (strategy?.excludedIPs?.length) {
    return (req) => {
      const xff = (getHeader(req.headers, 'X-Forwarded-For') ?? '').split(',');
      for (let i = xff.length - 1; i >= 0; i--) {
        const candidate = (xff[i] as string).trim();
        // Traefik's PoolStrategy ignores ipv6Subnet (it applies to the depth and remote-address strategies).
        if (candidate !== '' && !excluded.contains(candidate)) return candidate;
      }
      return '';
    };
  }
  return (req) => maskIpv6(remoteIp(req.remoteAddr), subnet);
}
