/** One load run with autocannon, reduced to the figures BENCHMARKS.md reports. */
import autocannon from 'autocannon';
import { rssMb } from './processes.js';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  total: number;
  peakRssMb: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Several requests to rotate through (autocannon's requests array). */
  requests?: autocannon.Request[];
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Server process to sample memory from. */
  pid?: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let peakRssMb = options.pid ? rssMb(options.pid) : 0;
  const sampler = options.pid ? setInterval(() => { peakRssMb = Math.max(peakRssMb, rssMb(options.pid!)); }, 250) : null;
  try {
    const result = await autocannon({
      url: options.url,
      connections: options.connections,
      duration: options.durationSeconds,
      ...(options.requests ? { requests: options.requests } : {}),
      ...(options.method ? { method: options.method as autocannon.Request['method'] } : {}),
      ...(options.body ? { body: options.body } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    return {
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      total: result.requests.total,
      peakRssMb,
    };
  } finally {
    if (sampler) clearInterval(sampler);
  }
}
