/**
 * Core's public surface: the rule engine, resources, resolver, middlewares, tracer and diagnostics.
 * Server, proxy, CLI and dashboard import core through this file only.
 */

export * from './config/index.ts';
export type * from './config/types.ts';
export * from './convert/index.ts';
export * from './diagnostics/index.ts';
export * from './middlewares/index.ts';
export type { HttpRequest, HttpResponse } from './request.ts';
export * from './resources/index.ts';
export type * from './resources/types.ts';
export * from './rules/index.ts';
export * from './trace/index.ts';
