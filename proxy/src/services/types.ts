import type { Exchange } from '../exchange.ts';

/** A built service: the load balancer, weighted, mirroring, failover or highestRandomWeight tree under a name. */
export interface ServiceHandler {
  readonly name: string;
  serve(ex: Exchange): void;
  /** False when nothing under this service can take a request (every server down). */
  isUp(): boolean;
}
