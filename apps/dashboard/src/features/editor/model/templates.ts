/** Starting points for new resources: an IngressRoute, each middleware type, a TraefikService. */
export interface Template {
  id: string;
  label: string;
  yaml: string;
}

const middleware = (type: string, spec: string): Template => ({
  id: `middleware:${type}`,
  label: `Middleware · ${type}`,
  yaml: `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: my-${type.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}
  namespace: default
spec:
  ${type}:
${spec
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`,
});

export const TEMPLATES: Template[] = [
  {
    id: 'ingressroute',
    label: 'IngressRoute',
    yaml: `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: my-route
  namespace: default
spec:
  entryPoints:
    - websecure
  routes:
    - match: Host(\`example.localhost\`) && PathPrefix(\`/\`)
      kind: Rule
      services:
        - name: my-service
          port: 80
  tls: {}
`,
  },
  {
    id: 'traefikservice',
    label: 'TraefikService · weighted',
    yaml: `apiVersion: traefik.io/v1alpha1
kind: TraefikService
metadata:
  name: my-canary
  namespace: default
spec:
  weighted:
    services:
      - name: my-service
        port: 80
        weight: 90
      - name: my-service-next
        port: 80
        weight: 10
`,
  },
  middleware('addPrefix', 'prefix: /api'),
  middleware('basicAuth', 'secret: my-users\nrealm: restricted'),
  middleware('buffering', 'maxRequestBodyBytes: 2000000'),
  middleware('chain', 'middlewares:\n  - name: my-strip-prefix'),
  middleware('circuitBreaker', 'expression: NetworkErrorRatio() > 0.30'),
  middleware('compress', 'minResponseBodyBytes: 1024'),
  middleware('contentType', 'autoDetect: false'),
  middleware('digestAuth', 'secret: my-users'),
  middleware('encodedCharacters', 'allowEncodedSlash: true'),
  middleware(
    'errors',
    'status:\n  - "500-599"\nquery: /{status}.html\nservice:\n  name: my-error-pages\n  port: 80',
  ),
  middleware('forwardAuth', 'address: http://auth.default.svc:8080/verify\ntrustForwardHeader: true'),
  middleware('grpcWeb', 'allowOrigins:\n  - "*"'),
  middleware(
    'headers',
    'customRequestHeaders:\n  X-Script-Name: test\ncustomResponseHeaders:\n  X-Served-By: routeyard',
  ),
  middleware('inFlightReq', 'amount: 10'),
  middleware('ipAllowList', 'sourceRange:\n  - 10.0.0.0/8\n  - 127.0.0.1/32'),
  middleware('passTLSClientCert', 'pem: true'),
  middleware('rateLimit', 'average: 100\nburst: 50'),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: `${1}` is a regex group in Traefik's replacement syntax.
  middleware('redirectRegex', 'regex: ^http://localhost/(.*)\nreplacement: http://example.localhost/${1}'),
  middleware('redirectScheme', 'scheme: https\npermanent: true'),
  middleware('replacePath', 'path: /foo'),
  middleware('replacePathRegex', 'regex: ^/foo/(.*)\nreplacement: /bar/$1'),
  middleware('retry', 'attempts: 4\ninitialInterval: 100ms'),
  middleware('stripPrefix', 'prefixes:\n  - /api'),
  middleware('stripPrefixRegex', 'regex:\n  - ^/[a-z]+/'),
];

export function findTemplate(id: string | undefined): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

/** The kind and apiVersion a YAML text declares, for the schema lookup. */
export function declaredType(yaml: string): { apiVersion?: string; kind?: string } {
  const apiVersion = /^apiVersion:\s*["']?([^\s"'#]+)/m.exec(yaml)?.[1];
  const kind = /^kind:\s*["']?([^\s"'#]+)/m.exec(yaml)?.[1];
  return { ...(apiVersion ? { apiVersion } : {}), ...(kind ? { kind } : {}) };
}
