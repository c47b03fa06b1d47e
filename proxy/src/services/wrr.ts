// The balancer lives in core so the tracer's seeded picks and the proxy's rotation are one implementation.
export { SmoothWeightedRoundRobin } from '../../../core/index.ts';
