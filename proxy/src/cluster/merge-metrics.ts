// Sums the Prometheus texts of several workers into one exposition, as one process would have counted.

/**
 * Families the primary answers for itself instead of summing the workers': reloads (each configuration counted
 * once) and server health (the primary runs the checks; summed, two workers' "up" would read 2).
 */
export const PRIMARY_OWN = /^(traefik_config_|traefik_service_server_up\b)/;
const OWN = PRIMARY_OWN;
/** Families every worker reports alike (the same certificates): one worker's value, not the sum. */
const ALIKE = /^traefik_tls_certs_not_after\b/;

/**
 * Merges Prometheus text expositions (format 0.0.4): samples with the same name and labels are summed (request
 * counters, histogram buckets, sums and counts, open connections). Each family keeps its `# HELP`/`# TYPE` once
 * and its samples together, families sorted by name, since a family one worker has not seen yet may come later.
 * Samples of `PRIMARY_OWN` families are dropped: the caller appends the primary's.
 */
export function mergeMetrics(texts: string[]): string {
  const families = new Map<string, { comments: string[]; order: string[] }>();
  const values = new Map<string, number>();
  for (const text of texts) {
    let family: { comments: string[]; order: string[] } | undefined;
    let own = false;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      if (line.startsWith('#')) {
        const name = line.split(' ')[2] ?? '';
        own = OWN.test(name);
        if (own) continue;
        family = families.get(name);
        if (family === undefined) {
          family = { comments: [], order: [] };
          families.set(name, family);
        }
        if (!family.comments.includes(line)) family.comments.push(line);
        continue;
      }
      const space = line.lastIndexOf(' ');
      const series = line.slice(0, space);
      if (own || OWN.test(series) || family === undefined) continue;
      const value = Number(line.slice(space + 1));
      const before = values.get(series);
      if (before === undefined) family.order.push(series);
      values.set(series, ALIKE.test(series) ? Math.max(before ?? value, value) : (before ?? 0) + value);
    }
  }
  const out: string[] = [];
  for (const name of [...families.keys()].sort()) {
    const f = families.get(name) as { comments: string[]; order: string[] };
    out.push(...f.comments);
    for (const series of f.order) out.push(`${series} ${values.get(series)}`);
  }
  return out.join('\n');
}
