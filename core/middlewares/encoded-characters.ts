import type { EncodedCharacters } from '../config/types.ts';
import {
  compileEncodedCharacters,
  describeEncodedRejection,
  ENCODED_CHARACTER_OPTIONS,
  findDeniedEncodingInUrl,
} from '../rules/encoded-characters.ts';
import type { MiddlewareDef } from './types.ts';

/**
 * encodedCharacters (Traefik v3.6.7+, pkg/middlewares/encodedcharacters): rejects a request whose escaped path
 * holds an encoded character its options do not allow, with a 400 and an empty body (Go's bare WriteHeader).
 * Unlike the entrypoint option, every character is denied unless allowed. It runs where it sits in the chain, so
 * it sees the path as earlier middlewares left it; it cannot let through what the entrypoint already rejected.
 */
export const encodedCharacters: MiddlewareDef<'encodedCharacters'> = {
  type: 'encodedCharacters',
  validate(cfg) {
    const problems: string[] = [];
    for (const { option } of ENCODED_CHARACTER_OPTIONS) {
      const value = (cfg as Record<string, unknown>)[option];
      if (value !== undefined && typeof value !== 'boolean')
        problems.push(`encodedCharacters.${option}: must be a boolean`);
    }
    return problems;
  },
  compile(cfg: EncodedCharacters) {
    const denied = compileEncodedCharacters(cfg, false);
    return (req) => {
      const rejection = denied === undefined ? undefined : findDeniedEncodingInUrl(req.url, denied);
      if (rejection === undefined) return { kind: 'next', request: req };
      return {
        kind: 'respond',
        response: { status: 400, headers: {}, body: '' },
        notes: [describeEncodedRejection(rejection, 'encodedCharacters')],
      };
    };
  },
};
