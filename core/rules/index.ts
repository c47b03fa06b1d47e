// Public surface of the rule engine; core/index.ts re-exports it.

export { type CompiledRule, compileRule } from './compile.ts';
export {
  compileEncodedCharacters,
  type DeniedEncodedCharacters,
  describeEncodedRejection,
  ENCODED_CHARACTER_OPTIONS,
  type EncodedCharacterOption,
  type EncodedCharacterRejection,
  findDeniedEncoding,
  findDeniedEncodingIn,
  findDeniedEncodingInUrl,
} from './encoded-characters.ts';
export { RuleSyntaxError } from './errors.ts';
export { failingClauses } from './explain.ts';
export { isIpAddress } from './ip.ts';
export { parseRule } from './parser.ts';
export { rulePriority, sortRouters } from './priority.ts';
export { clientIpOf, hostOf, routingPathOf } from './request-view.ts';
export { sanitizePath, sanitizeUrlPath } from './sanitize-path.ts';
export { MATCHER_ARITY, type V2SyntaxHint, v2SyntaxHints } from './syntax.ts';
export { buildRouterTable, type RouterInput, type RouterTable, type RouterTableOptions } from './table.ts';
export type { BinaryNode, ExplainNode, MatcherNode, NotNode, RuleArg, RuleNode, Span } from './types.ts';
