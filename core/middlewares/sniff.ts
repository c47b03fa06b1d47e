// Content-Type sniffing as Go's net/http DetectContentType (the WHATWG MIME sniffing subset), which Traefik's
// contentType middleware applies to answers that come without a Content-Type.

/** Go considers at most this many leading bytes of the body. */
export const SNIFF_LENGTH = 512;

/**
 * One signature, in table order. Patterns are byte strings written one char per byte (\xNN escapes).
 * html: case-insensitive tag after leading whitespace, then a space or '>'.
 * exact: a prefix of the body as is. masked: (byte & mask) equals the pattern, optionally after whitespace.
 */
type Signature =
  | { kind: 'html'; pattern: string }
  | { kind: 'exact'; pattern: string; type: string }
  | { kind: 'masked'; pattern: string; mask: string; type: string; skipWhitespace?: true }
  | { kind: 'mp4' };

const HTML = 'text/html; charset=utf-8';
const HTML_TAGS = [
  '<!DOCTYPE HTML',
  '<HTML',
  '<HEAD',
  '<SCRIPT',
  '<IFRAME',
  '<H1',
  '<DIV',
  '<FONT',
  '<TABLE',
  '<A',
  '<STYLE',
  '<TITLE',
  '<B',
  '<BODY',
  '<BR',
  '<P',
  '<!--',
];
const RIFF_MASK = '\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF';
const EOT_ZEROS = '\x00'.repeat(34);

const SIGNATURES: readonly Signature[] = [
  ...HTML_TAGS.map((pattern): Signature => ({ kind: 'html', pattern })),
  {
    kind: 'masked',
    pattern: '<?xml',
    mask: '\xFF'.repeat(5),
    type: 'text/xml; charset=utf-8',
    skipWhitespace: true,
  },
  { kind: 'exact', pattern: '%PDF-', type: 'application/pdf' },
  { kind: 'exact', pattern: '%!PS-Adobe-', type: 'application/postscript' },
  // Byte order marks; Go's masks ask for four bytes even though only the mark's bytes are compared.
  {
    kind: 'masked',
    pattern: '\xFE\xFF\x00\x00',
    mask: '\xFF\xFF\x00\x00',
    type: 'text/plain; charset=utf-16be',
  },
  {
    kind: 'masked',
    pattern: '\xFF\xFE\x00\x00',
    mask: '\xFF\xFF\x00\x00',
    type: 'text/plain; charset=utf-16le',
  },
  {
    kind: 'masked',
    pattern: '\xEF\xBB\xBF\x00',
    mask: '\xFF\xFF\xFF\x00',
    type: 'text/plain; charset=utf-8',
  },
  { kind: 'exact', pattern: '\x00\x00\x01\x00', type: 'image/x-icon' },
  { kind: 'exact', pattern: '\x00\x00\x02\x00', type: 'image/x-icon' },
  { kind: 'exact', pattern: 'BM', type: 'image/bmp' },
  { kind: 'exact', pattern: 'GIF87a', type: 'image/gif' },
  { kind: 'exact', pattern: 'GIF89a', type: 'image/gif' },
  { kind: 'masked', pattern: 'RIFF\x00\x00\x00\x00WEBPVP', mask: `${RIFF_MASK}\xFF\xFF`, type: 'image/webp' },
  { kind: 'exact', pattern: '\x89PNG\x0D\x0A\x1A\x0A', type: 'image/png' },
  { kind: 'exact', pattern: '\xFF\xD8\xFF', type: 'image/jpeg' },
  // Audio and video, in the order the WHATWG spec prescribes.
  { kind: 'masked', pattern: '.snd', mask: '\xFF'.repeat(4), type: 'audio/basic' },
  { kind: 'masked', pattern: 'FORM\x00\x00\x00\x00AIFF', mask: RIFF_MASK, type: 'audio/aiff' },
  { kind: 'masked', pattern: 'ID3', mask: '\xFF'.repeat(3), type: 'audio/mpeg' },
  { kind: 'masked', pattern: 'OggS\x00', mask: '\xFF'.repeat(5), type: 'application/ogg' },
  { kind: 'masked', pattern: 'MThd\x00\x00\x00\x06', mask: '\xFF'.repeat(8), type: 'audio/midi' },
  { kind: 'masked', pattern: 'RIFF\x00\x00\x00\x00AVI ', mask: RIFF_MASK, type: 'video/avi' },
  { kind: 'masked', pattern: 'RIFF\x00\x00\x00\x00WAVE', mask: RIFF_MASK, type: 'audio/wave' },
  { kind: 'mp4' },
  { kind: 'exact', pattern: '\x1A\x45\xDF\xA3', type: 'video/webm' },
  // Fonts: an Embedded OpenType file has "LP" at offset 34.
  {
    kind: 'masked',
    pattern: `${EOT_ZEROS}LP`,
    mask: `${EOT_ZEROS}\xFF\xFF`,
    type: 'application/vnd.ms-fontobject',
  },
  { kind: 'exact', pattern: '\x00\x01\x00\x00', type: 'font/ttf' },
  { kind: 'exact', pattern: 'OTTO', type: 'font/otf' },
  { kind: 'exact', pattern: 'ttcf', type: 'font/collection' },
  { kind: 'exact', pattern: 'wOFF', type: 'font/woff' },
  { kind: 'exact', pattern: 'wOF2', type: 'font/woff2' },
  // Archives; RAR follows RAR Labs' signatures (v1.5-4.0 and v5+), as Go does.
  { kind: 'exact', pattern: '\x1F\x8B\x08', type: 'application/x-gzip' },
  { kind: 'exact', pattern: 'PK\x03\x04', type: 'application/zip' },
  { kind: 'exact', pattern: 'Rar!\x1A\x07\x00', type: 'application/x-rar-compressed' },
  { kind: 'exact', pattern: 'Rar!\x1A\x07\x01\x00', type: 'application/x-rar-compressed' },
  { kind: 'exact', pattern: '\x00asm', type: 'application/wasm' },
];

function isWhitespace(b: number): boolean {
  return b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d || b === 0x20;
}

/** Bytes that make a body binary for the final text/plain check. */
function isBinary(b: number): boolean {
  return b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f);
}

function hasPrefix(data: Uint8Array, at: number, pattern: string): boolean {
  if (data.length - at < pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) if (data[at + i] !== pattern.charCodeAt(i)) return false;
  return true;
}

function matchHtml(data: Uint8Array, at: number, tag: string): boolean {
  if (data.length - at < tag.length + 1) return false;
  for (let i = 0; i < tag.length; i++) {
    const want = tag.charCodeAt(i);
    let got = data[at + i] as number;
    // Letters of the tag compare case-insensitively, everything else exactly.
    if (want >= 0x41 && want <= 0x5a) got &= 0xdf;
    if (got !== want) return false;
  }
  const next = data[at + tag.length];
  return next === 0x20 || next === 0x3e;
}

function matchMasked(data: Uint8Array, at: number, pattern: string, mask: string): boolean {
  if (data.length - at < mask.length) return false;
  for (let i = 0; i < mask.length; i++) {
    if (((data[at + i] as number) & mask.charCodeAt(i)) !== pattern.charCodeAt(i)) return false;
  }
  return true;
}

/** An ftyp box whose major brand or a compatible brand starts with "mp4" (the minor version is skipped). */
function matchMp4(data: Uint8Array): boolean {
  if (data.length < 12) return false;
  const boxSize =
    (((data[0] as number) << 24) >>> 0) +
    ((data[1] as number) << 16) +
    ((data[2] as number) << 8) +
    (data[3] as number);
  if (boxSize % 4 !== 0 || data.length < boxSize) return false;
  if (!hasPrefix(data, 4, 'ftyp')) return false;
  for (let at = 8; at < boxSize; at += 4) {
    if (at === 12) continue;
    if (hasPrefix(data, at, 'mp4')) return true;
  }
  return false;
}

/**
 * The Content-Type Go's `http.DetectContentType` gives `body`: it looks at the first 512 bytes and always
 * answers, with `application/octet-stream` when nothing else fits.
 */
export function detectContentType(body: Uint8Array): string {
  const data = body.length > SNIFF_LENGTH ? body.subarray(0, SNIFF_LENGTH) : body;
  let firstNonWs = 0;
  while (firstNonWs < data.length && isWhitespace(data[firstNonWs] as number)) firstNonWs++;
  for (const sig of SIGNATURES) {
    if (sig.kind === 'html') {
      if (matchHtml(data, firstNonWs, sig.pattern)) return HTML;
    } else if (sig.kind === 'exact') {
      if (hasPrefix(data, 0, sig.pattern)) return sig.type;
    } else if (sig.kind === 'masked') {
      if (matchMasked(data, sig.skipWhitespace ? firstNonWs : 0, sig.pattern, sig.mask)) return sig.type;
    } else if (matchMp4(data)) {
      return 'video/mp4';
    }
  }
  for (let i = firstNonWs; i < data.length; i++) {
    if (isBinary(data[i] as number)) return 'application/octet-stream';
  }
  return 'text/plain; charset=utf-8';
}
