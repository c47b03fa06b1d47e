import type { Exchange } from '../exchange.ts';
import { respondNoAvailableServer } from '../sink.ts';
import type { ServiceHandler } from './types.ts';

/**
 * A `failover` service: the main service while it is up, the fallback otherwise. As in Traefik, "up" comes
 * from the main service's health checks; a failed request is not retried on the fallback.
 */
export class FailoverService implements ServiceHandler {
  readonly name: string;
  private readonly main: ServiceHandler;
  private readonly fallback: ServiceHandler;

  constructor(name: string, main: ServiceHandler, fallback: ServiceHandler) {
    this.name = name;
    this.main = main;
    this.fallback = fallback;
  }

  isUp(): boolean {
    return this.main.isUp() || this.fallback.isUp();
  }

  serve(ex: Exchange): void {
    const pick = this.main.isUp() ? this.main : this.fallback.isUp() ? this.fallback : undefined;
    if (ex.trace !== undefined)
      ex.trace.steps.push({ step: 'service', name: this.name, pick: pick?.name ?? null });
    if (pick === undefined) respondNoAvailableServer(ex);
    else pick.serve(ex);
  }
}
