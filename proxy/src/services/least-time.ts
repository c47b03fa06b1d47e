import type { Exchange, ResponseSink } from '../exchange.ts';

/** traefik leasttime's sampleSize: the average is over the last 100 response times of a server. */
const SAMPLES = 100;

/**
 * The `leasttime` strategy, as traefik loadbalancer/leasttime: each healthy server scores
 * `avgTTFB × (1 + inFlight) / weight` and the lowest wins. The average is over the last 100 times to first
 * response byte in whole milliseconds (Go's `Duration.Milliseconds`, truncated), 0 before any sample, so a server
 * without history scores 0 and is tried first. Equal scores (all 0 at a cold start) go by weighted round robin
 * in earliest-deadline-first order: deadlines start staggered by 1/weight in server order, the earliest wins (the
 * first on ties) and moves on by 1/weight. A single healthy server is taken without scoring.
 */
export class LeastTime {
  private readonly weights: Float64Array;
  private readonly deadlines: Float64Array;
  private readonly inFlight: Int32Array;
  private readonly samples: Float64Array;
  private readonly sums: Float64Array;
  private readonly counts: Int32Array;
  private readonly next: Int32Array;
  private curDeadline = 0;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    this.weights = Float64Array.from(weights);
    this.deadlines = new Float64Array(n);
    this.inFlight = new Int32Array(n);
    this.samples = new Float64Array(n * SAMPLES);
    this.sums = new Float64Array(n);
    this.counts = new Int32Array(n);
    this.next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.curDeadline += 1 / (this.weights[i] as number);
      this.deadlines[i] = this.curDeadline;
    }
  }

  /** The mean of the recorded samples in ms, 0 without any. */
  average(i: number): number {
    const count = this.counts[i] as number;
    return count === 0 ? 0 : (this.sums[i] as number) / count;
  }

  /** Requests sent to server `i` and not finished yet. */
  pending(i: number): number {
    return this.inFlight[i] as number;
  }

  /** The server for the next request, or -1 when none is up. */
  pick(isUp: ((i: number) => boolean) | undefined): number {
    const n = this.weights.length;
    let healthy = 0;
    let only = -1;
    for (let i = 0; i < n; i++) {
      if (isUp !== undefined && !isUp(i)) continue;
      healthy++;
      only = i;
    }
    if (healthy <= 1) return only;
    let minScore = Number.POSITIVE_INFINITY;
    let best = -1;
    let ties = 0;
    for (let i = 0; i < n; i++) {
      if (isUp !== undefined && !isUp(i)) continue;
      const score = (this.average(i) * (1 + (this.inFlight[i] as number))) / (this.weights[i] as number);
      if (score < minScore) {
        minScore = score;
        best = i;
        ties = 1;
      } else if (score === minScore) ties++;
    }
    if (ties === 1) return best;
    // Earliest deadline among the tied servers.
    let selected = -1;
    let minDeadline = Number.MAX_VALUE;
    for (let i = 0; i < n; i++) {
      if (isUp !== undefined && !isUp(i)) continue;
      const score = (this.average(i) * (1 + (this.inFlight[i] as number))) / (this.weights[i] as number);
      if (score !== minScore) continue;
      if (selected < 0) selected = i;
      if ((this.deadlines[i] as number) < minDeadline) {
        minDeadline = this.deadlines[i] as number;
        selected = i;
      }
    }
    const deadline = minDeadline + 1 / (this.weights[selected] as number);
    this.deadlines[selected] = deadline;
    if (deadline > this.curDeadline) this.curDeadline = deadline;
    return selected;
  }

  /** Records one time to first byte of server `i`, in ms. */
  record(i: number, elapsedMs: number): void {
    const ms = Math.trunc(elapsedMs);
    const slot = i * SAMPLES + (this.next[i] as number);
    if ((this.counts[i] as number) < SAMPLES) this.counts[i] = (this.counts[i] as number) + 1;
    else this.sums[i] = (this.sums[i] as number) - (this.samples[slot] as number);
    this.samples[slot] = ms;
    this.sums[i] = (this.sums[i] as number) + ms;
    this.next[i] = ((this.next[i] as number) + 1) % SAMPLES;
  }

  /**
   * Counts the request in flight on server `i` until its answer ends or fails (or the exchange is abandoned), and
   * samples the time to its first response byte, as traefik's GotFirstResponseByte hook does.
   */
  track(ex: Exchange, i: number): void {
    this.inFlight[i] = (this.inFlight[i] as number) + 1;
    const start = performance.now();
    let released = false;
    let sampled = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inFlight[i] = (this.inFlight[i] as number) - 1;
    };
    const downstream = ex.sink;
    const sink: ResponseSink = {
      head: (status, headers) => {
        if (!sampled) {
          sampled = true;
          this.record(i, performance.now() - start);
        }
        downstream.head(status, headers);
      },
      data: (chunk) => downstream.data(chunk),
      end: () => {
        release();
        downstream.end();
      },
      fail: (err) => {
        release();
        downstream.fail(err);
      },
      onDrain: (fn) => downstream.onDrain(fn),
    };
    ex.sink = sink;
    if (ex.onDone === undefined) ex.onDone = [release];
    else ex.onDone.push(release);
  }
}
