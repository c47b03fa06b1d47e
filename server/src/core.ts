// The server's one door into core: every server module imports core through here, and this file imports core
// through core/index.ts.

export type {
  Diagnostic,
  FieldPath,
  HttpRequest,
  KubeObject,
  ParsedResource,
  RuntimeConfig,
  SourceRef,
} from '../../core/index.ts';
export {
  loadJsonSchemas,
  parseManifests,
  readCertificateFromSecretData,
  resourceKey,
  sanitizeSecret,
  validateResource,
} from '../../core/index.ts';
