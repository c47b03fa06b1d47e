export { CODES, type CodeInfo, type DiagnosticCode } from './codes.ts';
export type { Diagnostic, RelatedRef, Severity, SourceRef } from './diagnostic.ts';
