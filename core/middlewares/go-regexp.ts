import { RE2JS } from 're2js';

/** A regular expression with Go's RE2 syntax and Go's replacement-template semantics. */
export interface GoRegexp {
  source: string;
  test(s: string): boolean;
  /** Go's `FindStringSubmatch`: the match and its groups (`''` for unmatched ones), or undefined. */
  findSubmatch(s: string): string[] | undefined;
  /** Go's `ReplaceAllString`: `$1`, `${1}`, `$name`, `${name}` and `$$` in the template. */
  replaceAll(s: string, template: string): string;
}

/** Compiles a Go (RE2) regular expression; returns the syntax error's message instead of throwing. */
export function compileGoRegexp(source: string): GoRegexp | string {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const groups = re.groupCount();
  const named = re.namedGroups();
  return {
    source,
    test: (s) => re.matcher(s).find(),
    findSubmatch(s) {
      const m = re.matcher(s);
      if (!m.find()) return undefined;
      const out: string[] = [];
      for (let i = 0; i <= groups; i++) out.push(m.group(i) ?? '');
      return out;
    },
    replaceAll(s: string, template: string) {
      return re.matcher(s).replaceAll((...args: unknown[]) => {
        const values = args.slice(0, groups + 1).map((v) => (typeof v === 'string' ? v : ''));
        return expandTemplate(template, values, named);
      });
    },
  };
}

const NAME_CHAR = /[A-Za-z0-9_]/;

/** Go's `Regexp.Expand`: a name is the longest run of letters, digits and `_`; all digits means a group number. */
export function expandTemplate(template: string, values: string[], named: Record<string, number>): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name = '';
    if (template[i] === '{') {
      const close = template.indexOf('}', i);
      name = close < 0 ? '' : template.slice(i + 1, close);
      if (name === '' || !/^[A-Za-z0-9_]+$/.test(name)) {
        out += '$';
        continue;
      }
      i = close + 1;
    } else {
      let j = i;
      while (j < template.length && NAME_CHAR.test(template[j] as string)) j++;
      name = template.slice(i, j);
      if (name === '') {
        // Malformed: Go keeps the `$` as text.
        out += '$';
        continue;
      }
      i = j;
    }
    out += groupValue(name, values, named);
  }
  return out;
}

function groupValue(name: string, values: string[], named: Record<string, number>): string {
  if (/^[0-9]+$/.test(name)) {
    const n = Number(name);
    return n < values.length ? (values[n] ?? '') : '';
  }
  const idx = named[name];
  return idx === undefined ? '' : (values[idx] ?? '');
}
