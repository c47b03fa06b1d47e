// A parser for the subset of TypeScript declaration files that generated Kubernetes type packages use
// (kubernetes-types, @kubernetes-models/*): interfaces, type aliases, imports and JSDoc. Build-time only: it feeds
// generate.mjs, never the runtime. Anything outside the subset throws, so a package upgrade cannot silently produce
// a wrong schema.

const PUNCT = new Set(['{', '}', '(', ')', '[', ']', '<', '>', ':', ';', ',', '?', '|', '&', '=', '.']);

/** Splits declaration source into tokens; JSDoc blocks are kept as `doc` tokens, other comments are dropped. */
export function tokenize(src) {
  const out = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (src.startsWith('/**', i) && !src.startsWith('/**/', i)) {
      const end = src.indexOf('*/', i + 3);
      out.push({ t: 'doc', v: cleanDoc(src.slice(i + 3, end)) });
      i = end + 2;
    } else if (src.startsWith('/*', i)) {
      i = src.indexOf('*/', i + 2) + 2;
    } else if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      i = end === -1 ? src.length : end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let v = '';
      while (src[j] !== c) {
        if (src[j] === '\\') {
          v += src[j + 1];
          j += 2;
        } else v += src[j++];
      }
      out.push({ t: 'str', v });
      i = j + 1;
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9.]+/.exec(src.slice(i));
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[\w$]+/.exec(src.slice(i));
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else if (PUNCT.has(c)) {
      out.push({ t: 'p', v: c });
      i++;
    } else if (c === '*') {
      out.push({ t: 'p', v: c });
      i++;
    } else {
      throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
    }
  }
  return out;
}

function cleanDoc(raw) {
  const lines = raw.split('\n').map((l) => l.replace(/^\s*\*?\s?/, '').trimEnd());
  return lines
    .join('\n')
    .trim()
    .replace(/\n{3,}/g, '\n\n');
}

/** Parses one declaration file into its imports and declarations. */
export function parseDeclarations(src, file) {
  const toks = tokenize(src);
  let p = 0;
  const peek = (o = 0) => toks[p + o];
  const is = (v, o = 0) => toks[p + o] !== undefined && toks[p + o].t !== 'str' && toks[p + o].v === v;
  const fail = (what) => {
    throw new Error(`${file}: ${what} near token ${p}: ${JSON.stringify(toks.slice(p, p + 6))}`);
  };
  const expect = (v) => {
    if (!is(v)) fail(`expected ${v}`);
    p++;
  };
  const skipBalanced = () => {
    // Skips from an opening brace to its matching close, for declarations the schemas do not need.
    let depth = 0;
    do {
      if (is('{')) depth++;
      else if (is('}')) depth--;
      p++;
    } while (depth > 0 && p < toks.length);
  };

  const imports = new Map();
  const decls = new Map();

  function parseType() {
    if (is('|')) p++;
    const parts = [parseIntersection()];
    while (is('|')) {
      p++;
      parts.push(parseIntersection());
    }
    return parts.length === 1 ? parts[0] : { k: 'union', of: parts };
  }
  function parseIntersection() {
    const parts = [parsePostfix()];
    while (is('&')) {
      p++;
      parts.push(parsePostfix());
    }
    return parts.length === 1 ? parts[0] : { k: 'and', of: parts };
  }
  function parsePostfix() {
    let t = parsePrimary();
    while (is('[') && is(']', 1)) {
      p += 2;
      t = { k: 'arr', of: t };
    }
    return t;
  }
  function parsePrimary() {
    const tok = peek();
    if (tok.t === 'str') {
      p++;
      return { k: 'lit', v: tok.v };
    }
    if (tok.t === 'num') {
      p++;
      return { k: 'lit', v: tok.v };
    }
    if (is('(')) {
      p++;
      const t = parseType();
      expect(')');
      return t;
    }
    if (is('{')) return parseObject();
    if (tok.t === 'id') {
      p++;
      let name = tok.v;
      while (is('.')) {
        p++;
        name += `.${peek().v}`;
        p++;
      }
      const args = [];
      if (is('<')) {
        p++;
        args.push(parseType());
        while (is(',')) {
          p++;
          args.push(parseType());
        }
        expect('>');
      }
      if (name === 'Array' && args.length === 1) return { k: 'arr', of: args[0] };
      if (name === 'Record' && args.length === 2) return { k: 'obj', members: [], index: args[1] };
      if (['string', 'number', 'boolean', 'any', 'unknown', 'null', 'undefined', 'object'].includes(name)) {
        return { k: 'prim', name };
      }
      if (name === 'true' || name === 'false') return { k: 'lit', v: name === 'true' };
      return { k: 'ref', name, args };
    }
    return fail('unsupported type');
  }
  function parseObject() {
    expect('{');
    const members = [];
    let index;
    while (!is('}')) {
      let doc;
      while (peek().t === 'doc') doc = toks[p++].v;
      if (is('}')) break;
      if (is('readonly') && !is(':', 1) && !is('?', 1)) p++;
      if (is('[')) {
        p++;
        p++; // The key name.
        expect(':');
        parseType();
        expect(']');
        expect(':');
        index = parseType();
      } else {
        const name = peek().v;
        p++;
        let optional = false;
        if (is('?')) {
          optional = true;
          p++;
        }
        expect(':');
        members.push({ name, optional, doc, type: parseType() });
      }
      if (is(';') || is(',')) p++;
    }
    expect('}');
    return { k: 'obj', members, index };
  }

  while (p < toks.length) {
    let doc;
    while (peek()?.t === 'doc') doc = toks[p++].v;
    if (p >= toks.length) break;
    if (is('import')) {
      p++;
      if (is('type')) p++;
      if (is('{')) {
        p++;
        while (!is('}')) {
          if (is('type')) p++;
          const name = peek().v;
          p++;
          let local = name;
          if (is('as')) {
            p++;
            local = peek().v;
            p++;
          }
          imports.set(local, { name });
          if (is(',')) p++;
        }
        p++;
        expect('from');
        const from = peek().v;
        p++;
        for (const [local, imp] of imports) if (imp.from === undefined) imports.set(local, { ...imp, from });
      } else {
        while (!is(';')) p++;
      }
      if (is(';')) p++;
      continue;
    }
    if (is('export')) p++;
    if (is('declare')) p++;
    if (is('{') || (is('type') && is('{', 1))) {
      // `export type { IHostname as IIoK8s…Hostname }`: aliases that other files import.
      if (is('type')) p++;
      p++;
      while (!is('}')) {
        const name = peek().v;
        p++;
        let alias = name;
        if (is('as')) {
          p++;
          alias = peek().v;
          p++;
        }
        if (alias !== name) decls.set(alias, { doc: undefined, type: { k: 'ref', name, args: [] }, ext: [] });
        if (is(',')) p++;
      }
      p++;
      if (is('from')) p += 2;
      if (is(';')) p++;
      continue;
    }
    if (is('interface')) {
      p++;
      const name = peek().v;
      p++;
      const ext = [];
      if (is('extends')) {
        p++;
        ext.push(parseType());
        while (is(',')) {
          p++;
          ext.push(parseType());
        }
      }
      decls.set(name, { doc, type: parseObject(), ext });
      continue;
    }
    if (is('type')) {
      p++;
      const name = peek().v;
      p++;
      expect('=');
      decls.set(name, { doc, type: parseType(), ext: [] });
      if (is(';')) p++;
      continue;
    }
    if (is('class') || is('abstract')) {
      while (!is('{')) p++;
      skipBalanced();
      continue;
    }
    // Re-exports, consts and functions carry no types the schemas need.
    while (p < toks.length && !is(';') && !is('{')) p++;
    if (is('{')) skipBalanced();
    if (is(';')) p++;
  }
  return { imports, decls };
}
