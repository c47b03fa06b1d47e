import { Agent, request } from 'undici';
import type { HealthTarget } from './registry.ts';

/** Health probes use their own agent so that checks never queue behind traffic. */
export function createProber(): { probe: (t: HealthTarget) => Promise<boolean>; close: () => Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 1_000, connections: 4 });
  const insecure = new Agent({
    keepAliveTimeout: 1_000,
    connections: 4,
    connect: { rejectUnauthorized: false },
  });
  return {
    async probe(t) {
      const headers: Record<string, string> = { ...t.headers };
      if (t.hostname !== undefined) headers.host = t.hostname;
      const res = await request(t.url, {
        method: t.method as 'GET',
        headers,
        dispatcher: t.insecureSkipVerify ? insecure : agent,
        headersTimeout: t.timeoutMs,
        bodyTimeout: t.timeoutMs,
        signal: AbortSignal.timeout(t.timeoutMs),
      } as Parameters<typeof request>[1]);
      await res.body.dump();
      if (t.status !== 0) return res.statusCode === t.status;
      return res.statusCode >= 200 && res.statusCode < 400;
    },
    async close() {
      await Promise.all([agent.close(), insecure.close()]);
    },
  };
}
