// Public surface of this area; core/index.ts re-exports it.

export { type BufferingProblem, bufferingProblems } from './buffering.ts';
export { authRequest, statusInRanges } from './calls.ts';
export { type ExpandedMiddleware, expandMiddlewares, providerOf, qualifyName } from './chain.ts';
export { compileGoRegexp, expandTemplate, type GoRegexp } from './go-regexp.ts';
export {
  applyHeaderOps,
  applyResponseEdits,
  changedHeaderNames,
  getHeader,
  getHeaderValues,
  withHeader,
  withoutHeader,
} from './http-headers.ts';
export { compileIpChecker, compileIpStrategy, parseIp } from './ip.ts';
export { redirectStatus } from './redirect.ts';
export {
  applyMiddleware,
  type CompiledMiddleware,
  compileMiddleware,
  compileMiddlewareElement,
  MIDDLEWARES,
  middlewareTypes,
} from './registry.ts';
export { REPLACED_PATH_HEADER } from './replace-path.ts';
export {
  parseRetryExpression,
  type RetryContext,
  RetryExpressionError,
  type RetryPredicate,
} from './retry-expression.ts';
export { detectContentType, SNIFF_LENGTH } from './sniff.ts';
export { parseDuration } from './stateful.ts';
export { FORWARDED_PREFIX_HEADER } from './strip-prefix.ts';
export type {
  HeaderOp,
  MiddlewareConfigs,
  MiddlewareDef,
  MiddlewareEnv,
  MiddlewareHandler,
  MiddlewareResult,
  MiddlewareType,
  ServiceCall,
  StatefulVerdicts,
  TLSClientCert,
} from './types.ts';
export { joinUrl, remoteIp, requestHost, splitHostPort, splitUrl, type UrlParts } from './url.ts';
