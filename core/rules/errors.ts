/**
 * A rule that Traefik v3 would refuse. `offset` and `length` point at the offending token in the
 * rule text (UTF-16 offsets), so an editor can underline it.
 *
 * - `RULE001`: a syntax error or an invalid matcher argument.
 * - `RULE002`: Traefik v2 syntax (`Headers`, `HostHeader`, several values, `{name:re}`, ...).
 */
export class RuleSyntaxError extends Error {
  readonly offset: number;
  readonly length: number;
  readonly code: 'RULE001' | 'RULE002';

  constructor(message: string, offset: number, length: number, code: 'RULE001' | 'RULE002' = 'RULE001') {
    super(message);
    this.name = 'RuleSyntaxError';
    this.offset = offset;
    this.length = Math.max(0, length);
    this.code = code;
  }
}
