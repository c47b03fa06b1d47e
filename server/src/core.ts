// The server's one door into core: every server module imports core through here, and this file imports core
// through core/index.ts.

export type {
  Diagnostic,
  FieldPath,
  HttpRequest,
  ImpactEntry,
  KubeObject,
  KubernetesCRDOptions,
  ParsedResource,
  RuntimeConfig,
  SampleRequest,
  SourceRef,
  StaticConfig,
  TraceOptions,
  TraceResult,
} from '../../core/index.ts';
export {
  findDuplicates,
  loadJsonSchemas,
  parseManifests,
  readCertificateFromSecretData,
  resourceKey,
  sanitizeSecret,
  validateResource,
} from '../../core/index.ts';
