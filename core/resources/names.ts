import type { KubeObject } from './types.ts';

// Kubernetes' name rules (k8s.io/apimachinery/pkg/util/validation): the API server rejects an object whose name
// breaks them, so an editor should say so before an apply does.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

interface NameRule {
  test(value: string): boolean;
  text: string;
}

const LABEL: NameRule = {
  test: (v) => v.length <= 63 && DNS1123_LABEL.test(v),
  text: "an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
};
const SUBDOMAIN: NameRule = {
  test: (v) => v.length <= 253 && DNS1123_SUBDOMAIN.test(v),
  text: "an RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit",
};
const SERVICE: NameRule = {
  test: (v) => v.length <= 63 && DNS1035_LABEL.test(v),
  text: "an RFC 1035 label: at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit",
};

/** A name rule violation: the metadata field and what it must be. */
export interface NameViolation {
  field: 'name' | 'namespace';
  message: string;
}

/**
 * Checks metadata.name and metadata.namespace against Kubernetes' rules for the kind: Service and Namespace names
 * are DNS labels (Service: RFC 1035, Namespace: RFC 1123), every other kind's name an RFC 1123 subdomain.
 */
export function checkNames(obj: KubeObject): NameViolation[] {
  const out: NameViolation[] = [];
  const nameRule =
    obj.apiVersion === 'v1' && obj.kind === 'Service'
      ? SERVICE
      : obj.apiVersion === 'v1' && obj.kind === 'Namespace'
        ? LABEL
        : SUBDOMAIN;
  const { name, namespace } = obj.metadata;
  if (!nameRule.test(name)) {
    out.push({
      field: 'name',
      message: `${JSON.stringify(name)} is not a valid ${obj.kind} name: it must be ${nameRule.text}`,
    });
  }
  if (typeof namespace === 'string' && namespace !== '' && !LABEL.test(namespace)) {
    out.push({
      field: 'namespace',
      message: `${JSON.stringify(namespace)} is not a valid namespace: it must be ${LABEL.text}`,
    });
  }
  return out;
}
