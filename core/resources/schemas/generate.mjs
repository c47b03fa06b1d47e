#!/usr/bin/env node
// Generates schemas.generated.ts (documented, for editors) and validation.generated.ts (compact, for
// validateResource): one JSON Schema per recognised kind, with field descriptions, enums and CRD constraints,
// derived from the published type declarations and validators of:
//   - @kubernetes-models/traefik@1.0.1 (Traefik v3.6 CRDs; the installed 0.2.4 holds Traefik v2.10's),
//   - @kubernetes-models/gateway-api@2.0.0 (Gateway API v1 CRDs),
//   - kubernetes-types (the Kubernetes API types, from node_modules).
// The two @kubernetes-models releases declare Node >= 22, which the runtime must not require (Node 20.19), so they
// are read here at build time only: `npm pack` fetches their tarballs into a temporary folder. Nothing of them is
// imported at run time. Shapes and descriptions come from their .d.ts files (dts-parse.mjs); constraints the
// declarations lack come from running their compiled validators on probe objects (probe-constraints.mjs).
//
// Run by hand after changing an input version: `node core/resources/schemas/generate.mjs`, then review the diff.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDeclarations } from './dts-parse.mjs';
import { isolateValidators, loadValidator, probeConstraints } from './probe-constraints.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../../..');
const INPUTS = {
  traefik: '@kubernetes-models/traefik@1.0.1',
  gateway: '@kubernetes-models/gateway-api@2.0.0',
};

const TRAEFIK_KINDS = [
  'IngressRoute',
  'Middleware',
  'TraefikService',
  'ServersTransport',
  'TLSOption',
  'TLSStore',
  'IngressRouteTCP',
  'IngressRouteUDP',
  'MiddlewareTCP',
];

// Kubernetes validates these string fields against a fixed set (apimachinery validation); the TypeScript
// declarations only say `string`, so the sets are stated here.
const CORE_ENUMS = {
  'ServiceSpec.type': ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
  'ServiceSpec.sessionAffinity': ['ClientIP', 'None'],
  'ServiceSpec.externalTrafficPolicy': ['Cluster', 'Local'],
  'ServiceSpec.internalTrafficPolicy': ['Cluster', 'Local'],
  'ServiceSpec.ipFamilyPolicy': ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
  'ServicePort.protocol': ['TCP', 'UDP', 'SCTP'],
  'EndpointPort.protocol': ['TCP', 'UDP', 'SCTP'],
  'HTTPIngressPath.pathType': ['Exact', 'Prefix', 'ImplementationSpecific'],
  'EndpointSlice.addressType': ['IPv4', 'IPv6', 'FQDN'],
};

function fetchPackage(spec, into) {
  const out = execFileSync('npm', ['pack', spec, '--json', '--pack-destination', into], { encoding: 'utf8' });
  const [{ filename, integrity }] = JSON.parse(out.slice(out.indexOf('[')));
  const dir = join(into, filename.replace(/\.tgz$/, ''));
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('tar', ['xzf', join(into, filename), '-C', dir]);
  return { dir: join(dir, 'package'), integrity };
}

const cache = new Map();
function load(file) {
  let parsed = cache.get(file);
  if (parsed === undefined) {
    parsed = parseDeclarations(readFileSync(file, 'utf8'), file);
    cache.set(file, parsed);
  }
  return parsed;
}

const KTYPES = join(REPO, 'node_modules/kubernetes-types');

/** Maps an import specifier to a declaration file, or undefined for types the schemas treat specially. */
function importTarget(from, fromFile, name) {
  if (from.startsWith('.')) {
    const base = resolve(dirname(fromFile), from.replace(/\.js$/, ''));
    for (const f of [`${base}.d.ts`, join(base, 'index.d.ts')]) if (existsSync(f)) return { file: f, name };
    throw new Error(`cannot resolve ${from} from ${fromFile}`);
  }
  // @kubernetes-models/apimachinery mirrors Kubernetes' meta/v1: use kubernetes-types' copy.
  const meta = /^@kubernetes-models\/apimachinery\/apis\/meta\/v1\/(\w+)$/.exec(from);
  if (meta) return { file: join(KTYPES, 'meta/v1.d.ts'), name: meta[1] };
  if (/^@kubernetes-models\/apimachinery\/.*IntOrString$/.test(from)) return { intOrString: true };
  if (from.startsWith('@kubernetes-models/base')) return { ignore: true };
  throw new Error(`unknown import ${from} in ${fromFile}`);
}

function resolveRef(name, file) {
  const { decls, imports } = load(file);
  const decl = decls.get(name);
  if (decl) return { decl, file, name };
  const imp = imports.get(name);
  if (imp === undefined) throw new Error(`unknown type ${name} in ${file}`);
  const target = importTarget(imp.from, file, imp.name);
  if (target.file === undefined) return target;
  return resolveRef(target.name, target.file);
}

/** Follows type aliases (`export type { IX as IIoK8s…X }`) to the interface they name. */
function resolveInterface(name, file) {
  let target = resolveRef(name, file);
  for (let i = 0; i < 8 && target.decl?.type.k === 'ref'; i++)
    target = resolveRef(target.decl.type.name, target.file);
  return target.decl?.type.k === 'obj' ? target : undefined;
}

/** The members an interface inherits through `extends`, nearest first. */
function inheritedMembers(ext, file) {
  const out = [];
  for (const e of ext) {
    if (e.k !== 'ref') continue;
    const target = resolveInterface(e.name, file);
    if (target === undefined) continue;
    out.push(...target.decl.type.members, ...inheritedMembers(target.decl.ext, target.file));
  }
  return out;
}

const intOrString = () => ({ type: ['integer', 'string'], 'x-kubernetes-int-or-string': true });

/** Builds one kind's schema; named interfaces become `definitions` so shared types appear once. */
function buildKindSchema(rootFile, rootName, apiVersion, kind) {
  const definitions = {};
  const defNames = new Map();

  function describe(schema, doc) {
    if (doc === undefined || doc === '') return schema;
    return { ...schema, description: doc };
  }

  function objectSchema(type, file, ext = [], owner = '') {
    const properties = {};
    const required = [];
    const members = [...type.members];
    for (const m of inheritedMembers(ext, file))
      if (!members.some((own) => own.name === m.name)) members.push(m);
    for (const m of members) {
      let schema = typeSchema(m.type, file);
      const enumValues = CORE_ENUMS[`${owner}.${m.name}`];
      if (enumValues) schema = { ...schema, type: 'string', enum: enumValues };
      properties[m.name] = describe(schema, m.doc ?? properties[m.name]?.description);
      if (!m.optional && !required.includes(m.name)) required.push(m.name);
    }
    if (members.length === 0 && type.index === undefined) return { type: 'object' };
    const out = { type: 'object' };
    if (members.length > 0) out.properties = properties;
    if (required.length > 0) out.required = required;
    out.additionalProperties = type.index === undefined ? false : typeSchema(type.index, file);
    if (out.additionalProperties && Object.keys(out.additionalProperties).length === 0)
      out.additionalProperties = true;
    return out;
  }

  function refSchema(name, file) {
    if (name === 'IntOrString') return intOrString();
    const target = resolveRef(name, file);
    if (target.intOrString) return intOrString();
    if (target.ignore) return {};
    const { decl } = target;
    if (decl.type.k !== 'obj') return describe(typeSchema(decl.type, target.file), decl.doc);
    const key = `${target.file}#${target.name}`;
    let defName = defNames.get(key);
    if (defName === undefined) {
      defName = target.name
        .replace(/^I(?=[A-Z])/, '')
        .replace(/^IoK8s(SigsGatewayApiApis|ApimachineryPkgApis)?/, '');
      while (Object.values(definitions).length > 0 && defName in definitions) defName += '_';
      defNames.set(key, defName);
      definitions[defName] = {};
      definitions[defName] = describe(objectSchema(decl.type, target.file, decl.ext, target.name), decl.doc);
    }
    return { $ref: `#/definitions/${defName}` };
  }

  function typeSchema(t, file) {
    switch (t.k) {
      case 'prim':
        if (t.name === 'string') return { type: 'string' };
        if (t.name === 'number') return { type: 'number' };
        if (t.name === 'boolean') return { type: 'boolean' };
        return {};
      case 'lit':
        return { type: typeof t.v === 'number' ? 'number' : typeof t.v, enum: [t.v] };
      case 'arr':
        return { type: 'array', items: typeSchema(t.of, file) };
      case 'obj':
        return objectSchema(t, file);
      case 'and': {
        const merged = { k: 'obj', members: [], index: undefined };
        for (const part of t.of) {
          const obj = part.k === 'ref' ? resolveInterface(part.name, file)?.decl.type : part;
          if (obj?.k === 'obj') merged.members.push(...obj.members);
        }
        return objectSchema(merged, file);
      }
      case 'ref':
        return refSchema(t.name, file);
      case 'union': {
        const parts = t.of.filter((p) => !(p.k === 'prim' && (p.name === 'null' || p.name === 'undefined')));
        if (parts.length === 1) return typeSchema(parts[0], file);
        if (parts.every((p) => p.k === 'lit' && typeof p.v === 'string')) {
          return { type: 'string', enum: parts.map((p) => p.v) };
        }
        const prims = parts.map((p) => (p.k === 'prim' ? p.name : '')).sort();
        if (prims.join() === 'number,string') return intOrString();
        return { anyOf: parts.map((p) => typeSchema(p, file)) };
      }
      default:
        throw new Error(`unsupported type node ${t.k}`);
    }
  }

  const root = resolveRef(rootName, rootFile);
  const schema = objectSchema(root.decl.type, root.file, [], root.name);
  schema.properties.apiVersion = {
    ...schema.properties.apiVersion,
    type: 'string',
    enum: [apiVersion],
  };
  schema.properties.kind = { ...schema.properties.kind, type: 'string', enum: [kind] };
  schema.required = [...new Set(['apiVersion', 'kind', 'metadata', ...(schema.required ?? [])])];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `routeyard://schemas/${apiVersion}/${kind}`,
    title: `${kind} (${apiVersion})`,
    ...describe({}, root.decl.doc),
    ...schema,
    ...(Object.keys(definitions).length > 0 ? { definitions } : {}),
  };
}

const DOC_KEYS = new Set(['description', 'title', '$schema', '$id']);

function writeModule(file, sources, name, what, json) {
  const text = [
    '// Generated by generate.mjs from the packages in SCHEMA_SOURCES. Do not edit: run the generator.',
    '// The schemas are one JSON string parsed once on load: smaller and faster to load than an object literal.',
    "import type { JsonSchema } from './json-schema.ts';",
    '',
    '/** The packages (and their npm integrity) the schemas were generated from. */',
    `export const SCHEMA_SOURCES: Readonly<Record<string, string>> = ${JSON.stringify(sources, null, 2).replace(/"/g, "'")};`,
    '',
    `/** One JSON Schema per recognised kind (${what}), keyed by \`<apiVersion>/<kind>\`; legacy group excluded. */`,
    `export const ${name}: Readonly<Record<string, JsonSchema>> = /* @__PURE__ */ JSON.parse(${JSON.stringify(json)});`,
    '',
  ].join('\n');
  writeFileSync(join(HERE, file), text);
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'routeyard-schemas-'));
  try {
    const traefik = fetchPackage(INPUTS.traefik, tmp);
    const gateway = fetchPackage(INPUTS.gateway, tmp);
    const ktypesVersion = JSON.parse(readFileSync(join(KTYPES, 'package.json'), 'utf8')).version;
    const schemas = {};
    const probed = {};
    const traefikValidators = join(tmp, 'traefik-validators');
    isolateValidators(join(traefik.dir, '_schemas'), traefikValidators);
    for (const kind of TRAEFIK_KINDS) {
      const file = join(traefik.dir, 'traefik.io/v1alpha1', `${kind}.d.ts`);
      const schema = buildKindSchema(file, `I${kind}`, 'traefik.io/v1alpha1', kind);
      const validate = await loadValidator(traefikValidators, `TraefikIoV1alpha1${kind}.js`);
      probed[kind] = probeConstraints(schema, validate);
      schemas[`traefik.io/v1alpha1/${kind}`] = schema;
    }
    const core = [
      ['v1', 'core/v1', ['Service', 'Endpoints', 'Secret', 'Namespace']],
      ['discovery.k8s.io/v1', 'discovery/v1', ['EndpointSlice']],
      ['networking.k8s.io/v1', 'networking/v1', ['Ingress', 'IngressClass']],
    ];
    for (const [apiVersion, path, kinds] of core) {
      for (const kind of kinds) {
        schemas[`${apiVersion}/${kind}`] = buildKindSchema(
          join(KTYPES, `${path}.d.ts`),
          kind,
          apiVersion,
          kind,
        );
      }
    }
    const gatewayValidators = join(tmp, 'gateway-validators');
    isolateValidators(join(gateway.dir, '_schemas'), gatewayValidators);
    for (const kind of ['Gateway', 'HTTPRoute']) {
      const file = join(gateway.dir, 'gateway.networking.k8s.io/v1', `${kind}.d.ts`);
      const schema = buildKindSchema(file, `I${kind}`, 'gateway.networking.k8s.io/v1', kind);
      const validate = await loadValidator(gatewayValidators, `IoK8sSigsGatewayApiApisV1${kind}.js`);
      probed[kind] = probeConstraints(schema, validate);
      schemas[`gateway.networking.k8s.io/v1/${kind}`] = schema;
    }
    process.stdout.write(`constraints recovered from the packages' validators: ${JSON.stringify(probed)}\n`);
    const sources = {
      [INPUTS.traefik]: traefik.integrity,
      [INPUTS.gateway]: gateway.integrity,
      [`kubernetes-types@${ktypesVersion}`]: 'node_modules',
    };
    const full = JSON.stringify(schemas);
    // Validation needs no documentation: without it the schemas are an eighth of the size, small enough for the
    // dashboard's first load, while the documented ones load lazily for the editor.
    const compact = JSON.stringify(schemas, (key, value) =>
      DOC_KEYS.has(key) && typeof value === 'string' ? undefined : value,
    );
    writeModule('schemas.generated.ts', sources, 'GENERATED_SCHEMAS', 'with descriptions, for editors', full);
    writeModule(
      'validation.generated.ts',
      sources,
      'VALIDATION_SCHEMAS',
      'without descriptions, for validation',
      compact,
    );
    // Format as the repository does, so that regenerating gives no diff beyond the data.
    const outputs = ['schemas.generated.ts', 'validation.generated.ts'].map((f) => join(HERE, f));
    execFileSync(join(REPO, 'node_modules/.bin/biome'), ['format', '--write', ...outputs], {
      stdio: 'ignore',
    });
    const count = Object.keys(schemas).length;
    process.stdout.write(
      `wrote ${count} schemas: ${full.length} bytes documented, ${compact.length} compact\n`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
