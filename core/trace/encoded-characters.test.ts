import { describe, expect, it } from 'vitest';
import type { EncodedCharacters, EntryPoint } from '../config/types.ts';
import { get, withMiddlewares } from './case-helpers.ts';
import { trace } from './trace.ts';

function config(encodedCharacters: EncodedCharacters) {
  const cfg = withMiddlewares({ 'allow@file': { ipAllowList: { sourceRange: ['0.0.0.0/0'] } } })();
  (cfg.entryPoints.web as EntryPoint).http = { encodedCharacters };
  return cfg;
}

describe('trace: entrypoint http.encodedCharacters', () => {
  it('shows the rejection on the matched router, naming the character and the option, before any middleware', () => {
    const { steps, outcome } = trace(config({ allowEncodedSlash: false }), get('http://a.com/x%2fy'));
    expect(outcome).toMatchObject({ status: 400, entryPoint: 'web', router: 'r@file' });
    expect(steps.map((s) => s.kind)).toEqual(['entrypoint', 'router', 'error', 'response']);
    expect(steps[2]).toEqual({
      kind: 'error',
      at: 'router',
      name: 'r@file',
      status: 400,
      message:
        'entrypoint web (http.encodedCharacters) rejects the path: it contains the encoded slash "%2f" (allowEncodedSlash is false)',
    });
    expect(steps[3]).toEqual({
      kind: 'response',
      status: 400,
      headers: {},
      body: '',
      from: 'entrypoint web',
    });
  });

  it('adds no step when the option allows the character', () => {
    const { steps, outcome } = trace(config({ allowEncodedSlash: true }), get('http://a.com/x%2fy'));
    expect(outcome.status).toBe(200);
    expect(steps.some((s) => s.kind === 'error')).toBe(false);
  });

  it('the encodedCharacters middleware answers as a middleware step with its reason', () => {
    const cfg = withMiddlewares({ 'ec@file': { encodedCharacters: {} } })();
    const { steps } = trace(cfg, get('http://a.com/x%3By'));
    const step = steps.find((s) => s.kind === 'middleware');
    expect(step).toMatchObject({
      name: 'ec@file',
      type: 'encodedCharacters',
      effect: 'respond',
      response: { status: 400, body: '' },
      notes: [
        'encodedCharacters rejects the path: it contains the encoded semicolon "%3B" (allowEncodedSemicolon is false)',
      ],
    });
  });
});
