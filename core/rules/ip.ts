// IP parsing and matching as Traefik's `ip.Checker` (pkg/ip/checker.go) does with Go's net
// and net/netip packages. Addresses are 16-byte arrays; IPv4 is held IPv4-mapped.

export type Ip16 = number[];

const V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseV4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // Go rejects leading zeros (ambiguous octal) and anything but decimal digits.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseV6(s: string): Ip16 | undefined {
  let head: string[] = [];
  let tail: string[] = [];
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return undefined;
    head = s.slice(0, dbl) === '' ? [] : s.slice(0, dbl).split(':');
    tail = s.slice(dbl + 2) === '' ? [] : s.slice(dbl + 2).split(':');
  } else {
    head = s.split(':');
  }
  const toBytes = (groups: string[], allowV4Last: boolean): number[] | undefined => {
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as string;
      if (allowV4Last && i === groups.length - 1 && g.includes('.')) {
        const v4 = parseV4(g);
        if (!v4) return undefined;
        out.push(...v4);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        const n = Number.parseInt(g, 16);
        out.push(n >> 8, n & 0xff);
      }
    }
    return out;
  };
  const h = toBytes(head, tail.length === 0 && dbl < 0);
  const t = toBytes(tail, true);
  if (!h || !t) return undefined;
  if (dbl < 0) return h.length === 16 ? h : undefined;
  if (h.length + t.length > 14) return undefined;
  return [...h, ...new Array(16 - h.length - t.length).fill(0), ...t];
}

/** Go's `net.ParseIP` (no zone). */
export function parseIp(s: string): Ip16 | undefined {
  if (s.includes(':')) return parseV6(s);
  const v4 = parseV4(s);
  return v4 ? [...V4_PREFIX, ...v4] : undefined;
}

/** Go's `netip.ParseAddr(...).As16()`: like `parseIp`, but an IPv6 zone (`fe80::1%eth0`) is allowed and dropped. */
export function parseAddr(s: string): Ip16 | undefined {
  const pct = s.indexOf('%');
  if (pct >= 0) {
    if (!s.includes(':') || pct === s.length - 1) return undefined;
    return parseV6(s.slice(0, pct));
  }
  return parseIp(s);
}

function isV4Mapped(ip: Ip16): boolean {
  return V4_PREFIX.every((b, i) => ip[i] === b);
}

/** A CIDR network: its bytes (4 for IPv4, 16 for IPv6, as Go keeps them) and prefix length. */
export interface IpNet {
  bytes: number[];
  bits: number;
}

/** Go's `net.ParseCIDR`; `undefined` on error. The host bits may be set (`10.0.0.1/8`). */
export function parseCidr(s: string): IpNet | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const len = s.slice(slash + 1);
  if (addr.includes('%') || !/^[0-9]+$/.test(len)) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const v4 = !addr.includes(':');
  const bits = Number(len);
  if (bits > (v4 ? 32 : 128)) return undefined;
  return { bytes: v4 ? ip.slice(12) : ip, bits };
}

/** Go's `IPNet.Contains`: an IPv4(-mapped) address only falls in IPv4 networks. */
export function netContains(net: IpNet, ip: Ip16): boolean {
  const addr = isV4Mapped(ip) ? ip.slice(12) : ip;
  if (addr.length !== net.bytes.length) return false;
  let bits = net.bits;
  for (let i = 0; i < addr.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((addr[i] as number) & mask) !== ((net.bytes[i] as number) & mask)) return false;
  }
  return true;
}

export function ipEqual(a: Ip16, b: Ip16): boolean {
  return a.every((x, i) => x === b[i]);
}

/** Whether `s` is an IPv4 or IPv6 address (an IPv6 zone allowed), as Go's `netip.ParseAddr` reads it. */
export function isIpAddress(s: string): boolean {
  return parseAddr(s) !== undefined;
}
