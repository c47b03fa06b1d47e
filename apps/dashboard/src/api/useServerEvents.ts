import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { API_BASE } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { ProxyStatus } from './types.ts';

export type EventsState = 'connecting' | 'live' | 'offline';

/**
 * Subscribes to the server's event stream and invalidates the queries it names, so changes on disk or in the
 * cluster show up without a reload. EventSource reconnects by itself; on reconnect everything is refetched since
 * events may have been missed.
 */
export function useServerEvents(): EventsState {
  const client = useQueryClient();
  const [state, setState] = useState<EventsState>('connecting');
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_BASE}/events`);
    let opened = false;
    source.onopen = () => {
      setState('live');
      if (opened) void client.invalidateQueries();
      opened = true;
    };
    source.onerror = () => setState('offline');
    source.addEventListener('resources', () => {
      // Only the list: an open editor keeps the version it started from, so a change on disk surfaces as a 409.
      void client.invalidateQueries({ queryKey: queryKeys.resources(), exact: true });
      void client.invalidateQueries({ queryKey: queryKeys.config() });
      void client.invalidateQueries({ queryKey: queryKeys.diagnostics() });
    });
    source.addEventListener('config', () => {
      void client.invalidateQueries({ queryKey: queryKeys.config() });
      void client.invalidateQueries({ queryKey: queryKeys.diagnostics() });
      void client.invalidateQueries({ queryKey: queryKeys.proxyStatus() });
    });
    source.addEventListener('proxy', (event) => {
      try {
        const data = JSON.parse((event as MessageEvent<string>).data) as Partial<ProxyStatus> & {
          version?: string;
        };
        client.setQueryData<ProxyStatus>(queryKeys.proxyStatus(), (old) => ({
          ...(old ?? { state: 'pending' }),
          state: data.state ?? old?.state ?? 'pending',
          servedVersion: data.state === 'applied' ? data.version : old?.servedVersion,
          error: data.error,
        }));
      } catch {
        // A malformed event only means the status is refetched.
      }
      void client.invalidateQueries({ queryKey: queryKeys.proxyStatus() });
    });
    return () => source.close();
  }, [client]);
  return state;
}
