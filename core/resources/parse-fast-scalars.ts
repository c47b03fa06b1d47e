import { Document, isScalar, type Tags } from 'yaml';

/** Thrown inside the fast parser to give the file to the `yaml` package; never escapes `parseFast`. */
export class Unsupported {}
export const UNSUPPORTED = new Unsupported();

interface ScalarTag {
  test?: RegExp;
  default?: boolean | 'key';
  resolve(value: string, onError: (message: string) => void, options: object): unknown;
}

// Every default plain-scalar tag of the yaml-1.1 schema (null, bool, int, float: these tests) only matches text
// starting with a MAYBE_TYPED character; anything else is a string without running the tests. Checked against the
// schema in use, so another yaml version or schema turns the shortcut off rather than making it wrong.
const KNOWN_TESTS = new Set([
  '^(?:~|[Nn]ull|NULL)?$',
  '^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$',
  '^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$',
  '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  '^[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+$',
  '^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*$',
  '^[-+]?0b[0-1_]+$',
  '^[-+]?0[0-7_]+$',
  '^[-+]?[0-9][0-9_]*$',
  '^[-+]?0x[0-9a-fA-F_]+$',
]);

function asciiSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}

const MAYBE_TYPED = asciiSet('-+.~0123456789YyNnTtFfOo');

/** Printable ASCII that may start a plain scalar: not an indicator (`-` depends on what follows it). */
export const PLAIN_START = asciiSet(
  Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))
    .filter((c) => !' -?:,[]{}#&*!|>\'"%@`'.includes(c))
    .join(''),
);

/** Resolves plain scalars with the tags of the schema parse.ts gives the `yaml` package, so values are the same. */
export class PlainScalars {
  private readonly tags: ScalarTag[];
  private readonly options: object;
  private readonly shortcut: boolean;

  constructor(customTags: (tags: Tags) => Tags) {
    const doc = new Document(null, { schema: 'yaml-1.1', customTags, merge: true });
    const tags = doc.schema.tags as unknown as ScalarTag[];
    this.tags = tags.filter((t) => t.default === true && t.test !== undefined);
    this.options = doc.options;
    this.shortcut = this.tags.every((t) => KNOWN_TESTS.has(t.test?.source ?? ''));
  }

  resolve(source: string): unknown {
    if (this.shortcut && source !== '' && MAYBE_TYPED[source.charCodeAt(0)] !== 1) return source;
    for (const tag of this.tags) {
      if (!tag.test?.test(source)) continue;
      let failed = false;
      const resolved = tag.resolve(source, () => (failed = true), this.options);
      // Some tags return a Scalar (to keep the source format); plain data is its value, as toJS gives it.
      const value = isScalar(resolved) ? resolved.value : resolved;
      if (failed || (typeof value === 'object' && value !== null)) throw UNSUPPORTED;
      return value;
    }
    return source;
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t' };

/** The value of a single-line quoted scalar from `i` (its opening quote) to `e` (after its closing quote). */
export function quotedValue(text: string, i: number, e: number): string {
  const raw = text.slice(i + 1, e - 1);
  if (text.charCodeAt(i) === 39) return raw.includes("''") ? raw.replaceAll("''", "'") : raw;
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let k = 0; k < raw.length; k++) {
    const ch = raw.charAt(k);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const esc = SIMPLE_ESCAPES[raw.charAt(k + 1)];
    if (esc === undefined) throw UNSUPPORTED;
    out += esc;
    k++;
  }
  return out;
}

/**
 * Short scalars seen before (keys such as `apiVersion`, values such as `Rule` or `http` repeat in every document),
 * found again by their text in place: a hit costs no string and no tag tests, and every object shares one key
 * string. A direct-mapped table: a collision only costs a miss.
 */
export class ScalarCache {
  private readonly raws: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);
  private readonly values: unknown[] = new Array<unknown>(1024).fill(undefined);

  /** The slot of `text[i, e)`, or -1 when it is too long to cache. */
  slot(text: string, i: number, e: number): number {
    if (e - i > 48) return -1;
    let h = 0x811c9dc5 ^ (e - i);
    for (let k = i; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    return h >>> 22;
  }

  /** True when the slot holds exactly `text[i, e)`. */
  has(slot: number, text: string, i: number, e: number): boolean {
    const raw = this.raws[slot];
    return raw !== undefined && raw.length === e - i && text.startsWith(raw, i);
  }

  get(slot: number): unknown {
    return this.values[slot];
  }

  set(slot: number, raw: string, value: unknown): void {
    this.raws[slot] = raw;
    this.values[slot] = value;
  }
}
