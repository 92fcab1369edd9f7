// The part of autocannon's API the benchmark uses (the package ships no types; package.json stays as it is).
declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
    }
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      requests?: Request[];
      /** Requests a second per connection (paced.ts). */
      connectionRate?: number;
      /** Off: latencies as measured, without autocannon's correction for a rate. */
      ignoreCoordinatedOmission?: boolean;
    }
    interface Histogram {
      average: number;
      mean: number;
      p50: number;
      p90: number;
      p99: number;
      max: number;
      min: number;
    }
    interface Result {
      requests: Histogram & { total: number };
      latency: Histogram;
      throughput: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
      /** Responses by status code. */
      statusCodeStats?: Record<string, { count: number }>;
    }
  }
  /** A run: awaited for its result, stopped early with stop(), each answer an event. */
  interface Instance extends PromiseLike<autocannon.Result> {
    stop(): void;
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
    on(event: 'reqError', listener: (error: Error) => void): this;
  }
  function autocannon(options: autocannon.Options): Instance;
  export default autocannon;
}
