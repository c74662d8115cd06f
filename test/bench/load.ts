// Load with autocannon: a fixed number of requests from a number of connections, each request built
// fresh (a submission must not repeat), and what the benchmarks compare: 2xx rate and latencies.

import autocannon from 'autocannon';

export interface LoadResult {
  connections: number;
  requests: number;
  ok: number;
  /** Answers other than 2xx, and errors (time-outs, resets). */
  failed: number;
  /** 2xx answers per second. */
  throughput: number;
  p50: number;
  p99: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  amount: number;
  method?: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  /** Builds the n-th request body (n counts from 0 across all connections). */
  body?: (n: number) => string;
  /** Extra headers per request. */
  requestHeaders?: (n: number) => Record<string, string>;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  let n = 0;
  // autocannon notices that a fixed amount is done only at its next one-second tick, and reports
  // that as the duration: a 6.1 s load would read as 7 s. The rate is taken from the clock here,
  // from the start to the last response.
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    amount: Math.max(options.amount, options.connections),
    timeout: 60,
    requests: [
      {
        method: options.method ?? 'POST',
        path: options.path ?? new URL(options.url).pathname,
        headers: options.headers,
        setupRequest: (request) => {
          const i = n++;
          return {
            ...request,
            ...(options.body ? { body: options.body(i) } : {}),
            headers: { ...request.headers, ...options.requestHeaders?.(i) },
          };
        },
        onResponse: () => {
          lastResponseAt = performance.now();
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    connections: options.connections,
    requests: result.requests.total,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    throughput: ok / Math.max((lastResponseAt - startedAt) / 1000, 0.001),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** The middle value; for an even count, the mean of the two middle ones. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
