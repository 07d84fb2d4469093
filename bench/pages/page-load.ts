import { Agent, request, type IncomingHttpHeaders } from 'node:http';

/**
 * Sequential requests over one kept-alive connection per endpoint, round after round: in
 * each round every endpoint gets one request, in an order that rotates, so a noisy moment
 * on the machine (or a garbage collection) falls on pages and yardsticks alike. Latency is
 * from sending to the last byte of the answer read. A wrong status or media type fails the
 * run: a figure from a broken run is worse than none.
 */
export interface Endpoint {
  readonly name: string;
  /** The i-th request's path (and query); warm-up requests come with i ≥ the timed count. */
  path(i: number): string;
  readonly headers: Readonly<Record<string, string>>;
  /** The media type every answer must have, e.g. `text/html`. */
  readonly mediaType: string;
  /** Text every answer must hold (e.g. the team page's archive), proving it was the page meant, not a sign-in page. */
  readonly mustContain?: readonly string[];
}

export interface Sample {
  readonly ms: number;
  readonly bytes: number;
}

export interface EndpointRun {
  readonly samples: Sample[];
  /** Up to `keepBodies` answers (distinct paths first seen), to size them compressed afterwards. */
  readonly bodies: Buffer[];
  readonly contentType: string;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

function get(agent: Agent, base: string, path: string, headers: Readonly<Record<string, string>>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function loadEndpoints(
  base: string,
  endpoints: readonly Endpoint[],
  options: { rounds: number; warmupRounds: number; keepBodies: number; log?: (line: string) => void },
): Promise<EndpointRun[]> {
  const agents = endpoints.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const runs = endpoints.map(() => ({ samples: [] as Sample[], bodies: [] as Buffer[], contentType: '', seen: new Set<string>() }));
  const one = async (e: number, i: number, timed: boolean): Promise<void> => {
    const endpoint = endpoints[e]!;
    const path = endpoint.path(i);
    const started = performance.now();
    const answer = await get(agents[e]!, base, path, endpoint.headers);
    const ms = performance.now() - started;
    const type = String(answer.headers['content-type'] ?? '');
    if (answer.status !== 200) throw new Error(`${endpoint.name}: ${path} answered HTTP ${answer.status}: ${answer.body.toString('utf8').slice(0, 300)}`);
    if (!type.startsWith(endpoint.mediaType)) throw new Error(`${endpoint.name}: ${path} answered ${type || 'no content-type'}, not ${endpoint.mediaType}`);
    const missing = endpoint.mustContain?.find((text) => !answer.body.includes(text));
    if (missing !== undefined) throw new Error(`${endpoint.name}: ${path} answered without ${JSON.stringify(missing)}`);
    if (!timed) return;
    const run = runs[e]!;
    run.samples.push({ ms, bytes: answer.body.length });
    run.contentType = type;
    if (run.bodies.length < options.keepBodies && !run.seen.has(path)) {
      run.seen.add(path);
      run.bodies.push(answer.body);
    }
  };
  try {
    const total = options.warmupRounds + options.rounds;
    for (let round = 0; round < total; round += 1) {
      const timed = round >= options.warmupRounds;
      // Warm-up requests take indexes after the timed ones: not the very paths timed first.
      const i = timed ? round - options.warmupRounds : options.rounds + round;
      for (let s = 0; s < endpoints.length; s += 1) await one((s + round) % endpoints.length, i, timed);
      if (timed && options.log && (i + 1) % 500 === 0) options.log(`[pages]   ${i + 1}/${options.rounds} rounds, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`);
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return runs.map(({ samples, bodies, contentType }) => ({ samples, bodies, contentType }));
}
