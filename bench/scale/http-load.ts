import { Agent, request } from 'node:http';

/**
 * A closed-loop load: `concurrency` clients, each sending its next request when the last
 * one is answered, over kept-alive connections, until `count` requests are answered.
 * Latency is per request, from sending to the whole answer read; a failed request fails
 * the run (a figure from a broken run is worse than none).
 */
export interface LoadRun {
  readonly times: number[];
  readonly seconds: number;
}

export async function httpLoad(urls: (i: number) => string, options: { count: number; concurrency: number; accept?: (status: number) => boolean }): Promise<LoadRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const accept = options.accept ?? ((status: number) => status === 200);
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  const get = (url: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  const client = async (): Promise<void> => {
    for (let i = next++; i < options.count; i = next++) {
      const t = performance.now();
      const status = await get(urls(i));
      if (!accept(status)) throw new Error(`${urls(i)} answered HTTP ${status}`);
      times.push(performance.now() - t);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, client));
  } finally {
    agent.destroy();
  }
  return { times, seconds: (performance.now() - started) / 1000 };
}
