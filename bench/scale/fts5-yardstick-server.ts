import { createServer } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { matchExpression } from '../fts5-yardstick.js';

/**
 * The yardstick for paperboy's HTTP search: raw SQLite FTS5 (Porter tokenizer, bm25, top 10,
 * the query words OR-ed) served over HTTP by the same number of worker threads, in a
 * process of its own. What "just put it in SQLite" costs, measured the same way.
 *
 *   node dist/bench/scale/fts5-yardstick-server.js <database> <port> <workers>
 *
 * The database is one `fts5-yardstick-build` wrote. Prints "ready" once listening.
 */
const QUERY = 'SELECT rowid, bm25(t) AS score FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10';

if (isMainThread) {
  const [database = '', port = '0', workers = '2'] = process.argv.slice(2);
  const pool = Array.from({ length: Math.max(1, Number(workers)) }, () => new Worker(fileURLToPath(import.meta.url), { workerData: { database } }));
  const pending = new Map<number, (body: string) => void>();
  let next = 0;
  for (const worker of pool) worker.on('message', ({ id, body }: { id: number; body: string }) => pending.get(id)?.(body));
  const inFlight = pool.map(() => 0);
  const server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://localhost').searchParams.get('q') ?? '';
    const id = (next += 1);
    const w = inFlight.indexOf(Math.min(...inFlight));
    inFlight[w]! += 1;
    pending.set(id, (body) => {
      pending.delete(id);
      inFlight[w]! -= 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    pool[w]!.postMessage({ id, q });
  });
  server.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
  process.on('SIGTERM', () => {
    server.close();
    void Promise.all(pool.map((w) => w.terminate())).then(() => process.exit(0));
  });
} else {
  const db = new Database((workerData as { database: string }).database, { readonly: true });
  const query = db.prepare(QUERY);
  parentPort!.on('message', ({ id, q }: { id: number; q: string }) => {
    const expression = matchExpression(q);
    const rows = expression === '' ? [] : query.all(expression);
    parentPort!.postMessage({ id, body: JSON.stringify({ results: rows }) });
  });
}
