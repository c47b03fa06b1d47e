import { describe, expect, it } from 'vitest';
import { detectContentType, SNIFF_LENGTH } from './sniff.ts';

/** Go byte-string literals: one char per byte. */
function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

const HTML = 'text/html; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
const BINARY = 'application/octet-stream';

// The cases of Go's net/http sniff_test.go, which DetectContentType (and so Traefik's contentType) must meet.
const GO_CASES: [string, string, string][] = [
  ['empty', '', TEXT],
  ['binary', '\x01\x02\x03', BINARY],
  ['HTML document #1', '<HtMl><bOdY>blah blah blah</body></html>', HTML],
  ['HTML document #2', '<HTML></HTML>', HTML],
  ['HTML document #3 (leading whitespace)', '   <!DOCTYPE HTML>...', HTML],
  ['HTML document #4 (leading CRLF)', '\r\n<html>...', HTML],
  ['XML', '\n<?xml!', 'text/xml; charset=utf-8'],
  ['Windows icon', '\x00\x00\x01\x00', 'image/x-icon'],
  ['Windows cursor', '\x00\x00\x02\x00', 'image/x-icon'],
  ['BMP image', 'BM...', 'image/bmp'],
  ['GIF 87a', 'GIF87a', 'image/gif'],
  ['GIF 89a', 'GIF89a...', 'image/gif'],
  ['WEBP image', 'RIFF\x00\x00\x00\x00WEBPVP', 'image/webp'],
  ['PNG image', '\x89PNG\x0D\x0A\x1A\x0A', 'image/png'],
  ['JPEG image', '\xFF\xD8\xFF', 'image/jpeg'],
  ['MIDI audio', 'MThd\x00\x00\x00\x06\x00\x01', 'audio/midi'],
  ['MP3 audio', 'ID3\x03\x00\x00\x00\x00\x0f', 'audio/mpeg'],
  ['WAV audio #1', 'RIFFb\xb8\x00\x00WAVEfmt \x12\x00\x00\x00\x06', 'audio/wave'],
  ['WAV audio #2', 'RIFF,\x00\x00\x00WAVEfmt \x12\x00\x00\x00\x06', 'audio/wave'],
  [
    'AIFF audio #1',
    'FORM\x00\x00\x00\x00AIFFCOMM\x00\x00\x00\x12\x00\x01\x00\x00\x57\x55\x00\x10\x40\x0d\xf3\x34',
    'audio/aiff',
  ],
  [
    'OGG audio',
    'OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x7e\x46\x00\x00\x00\x00\x00\x00\x1f\xf6\xb4\xfc\x01\x1e\x01\x76\x6f\x72',
    'application/ogg',
  ],
  ['must not match OGG #1', 'owow\x00', BINARY],
  ['must not match OGG #2', 'oooS\x00', BINARY],
  ['must not match OGG #3', 'oggS\x00', BINARY],
  ['MP4 video', '\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom<\x06t\xbfmdat', 'video/mp4'],
  ['AVI video #1', 'RIFF,O\n\x00AVI LIST\xC3\x80', 'video/avi'],
  ['AVI video #2', 'RIFF,\n\x00\x00AVI LIST\xC3\x80', 'video/avi'],
  ['TTF sample I', '\x00\x01\x00\x00\x00\x17\x01\x00\x00\x04\x01\x60\x4f', 'font/ttf'],
  ['TTF sample II', '\x00\x01\x00\x00\x00\x0e\x00\x80\x00\x03\x00\x60\x46', 'font/ttf'],
  ['OTTO sample I', '\x4f\x54\x54\x4f\x00\x0e\x00\x80\x00\x03\x00\x60\x42\x41\x53\x45', 'font/otf'],
  ['woff sample I', '\x77\x4f\x46\x46\x00\x01\x00\x00\x00\x00\x30\x54\x00\x0d\x00\x00', 'font/woff'],
  ['woff2 sample', '\x77\x4f\x46\x32\x00\x01\x00\x00\x00', 'font/woff2'],
  ['wasm sample', '\x00\x61\x73\x6d\x01\x00', 'application/wasm'],
  ['RAR v1.5-v4.0', 'Rar!\x1A\x07\x00', 'application/x-rar-compressed'],
  ['RAR v5+', 'Rar!\x1A\x07\x01\x00', 'application/x-rar-compressed'],
  ['incorrect RAR v1.5-v4.0', 'Rar \x1A\x07\x00', BINARY],
  ['incorrect RAR v5+', 'Rar \x1A\x07\x01\x00', BINARY],
];

describe('detectContentType (Go http.DetectContentType)', () => {
  it.each(GO_CASES)('%s', (_desc, data, type) => {
    expect(detectContentType(bytes(data))).toBe(type);
  });

  it('calls UTF-8 text with non-ASCII characters plain text', () => {
    expect(detectContentType(new TextEncoder().encode('This is not HTML. It has ☃ though.'))).toBe(TEXT);
  });

  it('wants a space or ">" after an HTML tag', () => {
    expect(detectContentType(bytes('<HTML'))).toBe(TEXT);
    expect(detectContentType(bytes('<html\n'))).toBe(TEXT);
    expect(detectContentType(bytes('<p class="x">'))).toBe(HTML);
    expect(detectContentType(bytes('<!-- note -->'))).toBe(HTML);
  });

  it('knows the other table rows', () => {
    expect(detectContentType(bytes('%PDF-1.7'))).toBe('application/pdf');
    expect(detectContentType(bytes('%!PS-Adobe-3.0'))).toBe('application/postscript');
    expect(detectContentType(bytes('\xFE\xFFab'))).toBe('text/plain; charset=utf-16be');
    expect(detectContentType(bytes('\xFF\xFEab'))).toBe('text/plain; charset=utf-16le');
    expect(detectContentType(bytes('\xEF\xBB\xBFab'))).toBe(TEXT);
    expect(detectContentType(bytes('.snd\x00\x00'))).toBe('audio/basic');
    expect(detectContentType(bytes('\x1A\x45\xDF\xA3'))).toBe('video/webm');
    expect(detectContentType(bytes(`${'\x00'.repeat(34)}LP`))).toBe('application/vnd.ms-fontobject');
    expect(detectContentType(bytes('ttcf'))).toBe('font/collection');
    expect(detectContentType(bytes('\x1F\x8B\x08\x00'))).toBe('application/x-gzip');
    expect(detectContentType(bytes('PK\x03\x04'))).toBe('application/zip');
    expect(detectContentType(bytes('{"json": true}'))).toBe(TEXT);
  });

  it('looks at the first 512 bytes only', () => {
    expect(detectContentType(bytes(`${'a'.repeat(SNIFF_LENGTH)}\x00`))).toBe(TEXT);
    expect(detectContentType(bytes(`${'a'.repeat(SNIFF_LENGTH - 1)}\x00`))).toBe(BINARY);
  });

  it('skips leading whitespace for HTML and XML only', () => {
    expect(detectContentType(bytes('  %PDF-1.7'))).toBe(TEXT);
    expect(detectContentType(bytes('\t <?xml version="1.0"?>'))).toBe('text/xml; charset=utf-8');
  });
});
