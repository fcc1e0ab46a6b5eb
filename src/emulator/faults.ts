// Fault injection for resilience tests: latency, 429 bursts, 5xx answers, connections reset
// mid-request, and "applied but the response was lost". Decisions come from a seeded PRNG in
// request order, so a sequential client sees the same faults on every run with the same seed.
import { seededRandom } from './ids.js';

export interface FaultSpec {
  /** Added to every response, in ms (a range `min-max` picks uniformly). */
  latencyMs: [number, number];
  /** Fraction of requests answered 5xx without being applied. */
  serverError: number;
  /** Fraction of requests whose connection is destroyed without being applied. */
  reset: number;
  /** Fraction of mutations that are applied but answered with a 5xx or a reset. */
  lost: number;
  /** Fraction of mutations that start a burst of 429 answers. */
  burst429: number;
  /** How many consecutive requests a 429 burst lasts. */
  burstLength: number;
}

export const NO_FAULTS: FaultSpec = { latencyMs: [0, 0], serverError: 0, reset: 0, lost: 0, burst429: 0, burstLength: 3 };

/** Parses `latency=50,5xx=0.1,reset=0.05,lost=0.02,429=0.05,burst=3` (any subset). */
export function parseFaults(text: string): FaultSpec {
  const spec: FaultSpec = { ...NO_FAULTS, latencyMs: [0, 0] };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, value = ''] = part.split('=');
    const fraction = () => {
      const n = Number(value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : value);
      if (!(n >= 0 && n <= 1)) throw new Error(`invalid fault "${part}": expected a fraction between 0 and 1`);
      return n;
    };
    switch (key) {
      case 'latency': {
        const [min, max = min] = value.split('-').map(Number);
        if (!(min! >= 0 && max! >= min!)) throw new Error(`invalid fault "${part}": expected latency=MS or latency=MIN-MAX`);
        spec.latencyMs = [min!, max!];
        break;
      }
      case '5xx': spec.serverError = fraction(); break;
      case 'reset': spec.reset = fraction(); break;
      case 'lost': spec.lost = fraction(); break;
      case '429': spec.burst429 = fraction(); break;
      case 'burst': spec.burstLength = Math.max(1, Number(value) || 1); break;
      default: throw new Error(`unknown fault "${key}": use latency, 5xx, reset, lost, 429 or burst`);
    }
  }
  return spec;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'error'; status: number }
  | { kind: 'reset' }
  | { kind: 'rate-limited'; msBeforeNext: number }
  | { kind: 'lost'; then: 'error' | 'reset' }
  /** Applied, then answered only after `ms` (a client deadline may pass first). */
  | { kind: 'slow'; ms: number };

export class FaultInjector {
  private readonly random: () => number;
  private burstLeft = 0;
  /** Counts per decision kind, for test assertions and benchmark reports. */
  readonly counts = { error: 0, reset: 0, 'rate-limited': 0, lost: 0, slow: 0 };

  constructor(readonly spec: FaultSpec, seed = 1) {
    this.random = seededRandom(seed);
  }

  latency(): number {
    const [min, max] = this.spec.latencyMs;
    return max === 0 ? 0 : min + Math.round(this.random() * (max - min));
  }

  decide(mutation: boolean): FaultDecision {
    const r = this.random();
    const decision = this.pick(r, mutation);
    if (decision.kind !== 'none') this.counts[decision.kind]++;
    return decision;
  }

  private pick(r: number, mutation: boolean): FaultDecision {
    const s = this.spec;
    if (mutation && this.burstLeft > 0) {
      this.burstLeft--;
      return { kind: 'rate-limited', msBeforeNext: 20 + Math.round(this.random() * 80) };
    }
    let edge = s.serverError;
    if (r < edge) return { kind: 'error', status: [500, 502, 503][Math.floor(this.random() * 3)]! };
    edge += s.reset;
    if (r < edge) return { kind: 'reset' };
    if (!mutation) return { kind: 'none' };
    edge += s.lost;
    if (r < edge) return { kind: 'lost', then: this.random() < 0.5 ? 'error' : 'reset' };
    edge += s.burst429;
    if (r < edge) {
      this.burstLeft = s.burstLength - 1;
      return { kind: 'rate-limited', msBeforeNext: 20 + Math.round(this.random() * 80) };
    }
    return { kind: 'none' };
  }
}
