/**
 * Router ranks by required path prefix. Prefixes are grouped by length, so a lookup costs one
 * map probe per distinct prefix length no longer than the path (a handful in practice), and
 * memory stays one map entry per prefix.
 */
export class PrefixIndex {
  /** Ranks of rules with no path constraint. */
  readonly anyPath: number[] = [];
  private readonly lengths: number[] = [];
  private readonly byPrefix = new Map<string, number[]>();

  /** Adds a rank under a prefix (`null`: any path); ranks must be added in ascending order. */
  add(prefix: string | null, rank: number): void {
    if (prefix === null) {
      pushUnique(this.anyPath, rank);
      return;
    }
    let list = this.byPrefix.get(prefix);
    if (!list) {
      list = [];
      this.byPrefix.set(prefix, list);
      if (!this.lengths.includes(prefix.length)) {
        this.lengths.push(prefix.length);
        this.lengths.sort((a, b) => a - b);
      }
    }
    pushUnique(list, rank);
  }

  /** Pushes onto `out` the rank lists that apply to `path` (`undefined`: only the any-path list). */
  collect(path: string | undefined, out: number[][]): void {
    if (this.anyPath.length) out.push(this.anyPath);
    if (path === undefined) return;
    for (const len of this.lengths) {
      if (len > path.length) return;
      const list = this.byPrefix.get(len === path.length ? path : path.slice(0, len));
      if (list) out.push(list);
    }
  }
}

function pushUnique(list: number[], rank: number): void {
  if (list[list.length - 1] !== rank) list.push(rank);
}
