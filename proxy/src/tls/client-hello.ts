/** How many bytes the first TLS record takes (header included), or 0 while the 5-byte header is incomplete. */
export function firstRecordLength(buf: Buffer): number {
  if (buf.length < 5) return 0;
  return 5 + buf.readUInt16BE(3);
}

/**
 * The server name (SNI) of a ClientHello that fits in its first record, lowercased; undefined when the hello
 * names none or cannot be read (then the default TLS option applies, as for a client without SNI).
 */
export function readServerName(buf: Buffer): string | undefined {
  const end = Math.min(buf.length, firstRecordLength(buf));
  // Record header (5), handshake type and length (4), client version (2), random (32).
  let p = 5;
  if (end < p + 4 || buf[0] !== 0x16 || buf[p] !== 0x01) return undefined;
  p += 4 + 2 + 32;
  if (p + 1 > end) return undefined;
  p += 1 + (buf[p] as number);
  if (p + 2 > end) return undefined;
  p += 2 + buf.readUInt16BE(p);
  if (p + 1 > end) return undefined;
  p += 1 + (buf[p] as number);
  if (p + 2 > end) return undefined;
  const extEnd = Math.min(end, p + 2 + buf.readUInt16BE(p));
  p += 2;
  while (p + 4 <= extEnd) {
    const type = buf.readUInt16BE(p);
    const len = buf.readUInt16BE(p + 2);
    p += 4;
    if (type === 0 && p + len <= extEnd) return firstHostName(buf, p, p + len);
    p += len;
  }
  return undefined;
}

/** The first `host_name` entry of a server_name extension body. */
function firstHostName(buf: Buffer, start: number, end: number): string | undefined {
  let p = start + 2;
  while (p + 3 <= end) {
    const kind = buf[p] as number;
    const len = buf.readUInt16BE(p + 1);
    p += 3;
    if (p + len > end) return undefined;
    if (kind === 0) return buf.toString('latin1', p, p + len).toLowerCase();
    p += len;
  }
  return undefined;
}
