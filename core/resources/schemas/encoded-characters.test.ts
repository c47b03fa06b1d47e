import { describe, expect, it } from 'vitest';
import { resolve } from '../../config/resolve.ts';
import { parseManifests } from '../parse.ts';
import { validateResource } from '../validate.ts';
import { jsonSchemas } from './index.ts';

const MANIFEST = `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: slashes
  namespace: apps
spec:
  encodedCharacters:
    allowEncodedSlash: true
`;

describe('Middleware spec.encodedCharacters', () => {
  it('validates, and resolves to the encodedCharacters middleware', () => {
    const parsed = parseManifests(MANIFEST, 'mw.yaml');
    expect(parsed.diagnostics).toEqual([]);
    const [resource] = parsed.resources;
    expect(validateResource(resource!)).toEqual([]);
    const { config, diagnostics } = resolve(parsed.resources);
    expect(diagnostics).toEqual([]);
    expect(config.http.middlewares['apps-slashes@kubernetescrd']).toMatchObject({
      encodedCharacters: { allowEncodedSlash: true },
    });
  });

  it('reports an option that is not a boolean, or that does not exist', () => {
    const text = MANIFEST.replace(
      'allowEncodedSlash: true',
      'allowEncodedSlash: "yes"\n    allowSlash: true',
    );
    const [resource] = parseManifests(text, 'mw.yaml').resources;
    const messages = validateResource(resource!).map((d) => d.message);
    expect(messages).toHaveLength(2);
    expect(messages.join('\n')).toMatch(/allowEncodedSlash/);
    expect(messages.join('\n')).toMatch(/allowSlash/);
  });

  it('documents every option for the editor, with its default', () => {
    const spec = jsonSchemas()['traefik.io/v1alpha1/Middleware']?.properties?.spec;
    const options = spec?.properties?.encodedCharacters?.properties ?? {};
    expect(Object.keys(options)).toEqual([
      'allowEncodedSlash',
      'allowEncodedBackSlash',
      'allowEncodedNullCharacter',
      'allowEncodedSemicolon',
      'allowEncodedPercent',
      'allowEncodedQuestionMark',
      'allowEncodedHash',
    ]);
    expect(options.allowEncodedSlash?.description).toMatch(/%2F.*\nDefault: false/s);
    expect(
      jsonSchemas()['traefik.containo.us/v1alpha1/Middleware']?.properties?.spec?.properties,
    ).toHaveProperty('encodedCharacters');
  });
});
