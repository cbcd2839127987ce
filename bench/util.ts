import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Figures {
  /** Successful requests (or query sequences). */
  count: number;
  /** Failures: non-2xx answers, socket errors, timeouts (API) or query errors (raw). */
  errors: number;
  p50: number;
  p99: number;
  max: number;
  /** Per second over the measured interval. */
  rps: number;
}

/** Latency samples in milliseconds: a growable Float64Array (a 10-second run can record ~10^5 samples). */
export class Samples {
  private data = new Float64Array(1 << 16);
  private size = 0;
  errors = 0;
  add(ms: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = ms;
  }
  figures(seconds: number): Figures {
    const sorted = this.data.slice(0, this.size).sort();
    const at = (q: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : 0;
    return {
      count: this.size,
      errors: this.errors,
      p50: round(at(0.5)),
      p99: round(at(0.99)),
      max: round(sorted.length ? sorted[sorted.length - 1]! : 0),
      rps: round(this.size / seconds, 1),
    };
  }
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

export function envFlag(name: string): boolean | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  return ['1', 'true', 'yes'].includes(raw.toLowerCase());
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
