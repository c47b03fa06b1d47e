// Sums the Prometheus texts of several workers into one exposition, as one process would have counted.

/** Samples that are not summed: the primary's own reload counters replace the workers' ones. */
const OWN = /^routeyard_config_/;

/**
 * Merges Prometheus text expositions (format 0.0.4): samples with the same name and labels are summed (request
 * counters, histogram buckets, sums and counts, open connections), `# HELP`/`# TYPE` lines are kept once, in the
 * order first seen. Samples of `routeyard_config_*` are dropped: the caller appends the primary's.
 */
export function mergeMetrics(texts: string[]): string {
  const order: string[] = [];
  const values = new Map<string, number>();
  const comments = new Set<string>();
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (line === '') continue;
      if (line.startsWith('#')) {
        const name = line.split(' ')[2] ?? '';
        if (OWN.test(name) || comments.has(line)) continue;
        comments.add(line);
        order.push(line);
        continue;
      }
      const space = line.lastIndexOf(' ');
      const series = line.slice(0, space);
      if (OWN.test(series)) continue;
      const value = Number(line.slice(space + 1));
      const before = values.get(series);
      if (before === undefined) order.push(series);
      values.set(series, (before ?? 0) + value);
    }
  }
  return order.map((key) => (key.startsWith('#') ? key : `${key} ${values.get(key)}`)).join('\n');
}
