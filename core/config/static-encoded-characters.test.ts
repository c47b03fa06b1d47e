import { describe, expect, it } from 'vitest';
import { parseStaticConfig } from './static-config.ts';

describe('static entryPoints.<ep>.http.encodedCharacters', () => {
  it('reads the options, keys case-insensitively, under their canonical names', () => {
    const text = `entryPoints:
  web:
    address: ":80"
    http:
      sanitizePath: false
      encodedcharacters:
        allowencodedslash: false
        AllowEncodedHash: true
`;
    expect(parseStaticConfig(text, 'traefik.yml').entryPoints.web).toEqual({
      address: ':80',
      http: {
        sanitizePath: false,
        encodedCharacters: { allowEncodedSlash: false, allowEncodedHash: true },
      },
    });
  });

  it('reads TOML', () => {
    const text =
      '[entryPoints.web]\naddress = ":80"\n[entryPoints.web.http.encodedCharacters]\nallowEncodedPercent = false\n';
    expect(parseStaticConfig(text, 'traefik.toml').entryPoints.web?.http).toEqual({
      encodedCharacters: { allowEncodedPercent: false },
    });
  });

  it('leaves http as it is without the section (every character allowed)', () => {
    const text = 'entryPoints:\n  web:\n    address: ":80"\n    http:\n      sanitizePath: true\n';
    expect(parseStaticConfig(text, 'traefik.yml').entryPoints.web?.http).toEqual({ sanitizePath: true });
  });

  it('says where an option is not a boolean, and keeps its default', () => {
    const text = `entryPoints:
  web:
    address: ":80"
    http:
      encodedCharacters:
        allowEncodedSlash: "no"
`;
    const parsed = parseStaticConfig(text, 'traefik.yml');
    expect(parsed.entryPoints.web?.http?.encodedCharacters).toEqual({});
    expect(parsed.diagnostics).toEqual([
      {
        code: 'SCHEMA001',
        severity: 'error',
        message: 'entryPoints.web.http.encodedCharacters.allowEncodedSlash must be a boolean',
        source: {
          file: 'traefik.yml',
          line: 6,
          column: 9,
          path: 'entryPoints.web.http.encodedCharacters.allowEncodedSlash',
        },
      },
    ]);
  });
});
