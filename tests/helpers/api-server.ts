import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler, type ApiDeps } from '../../adapters/service/http-api.js';

/** The HTTP API alone on a loopback port (paths it does not own answer 404 "not ours"). */
export async function serveApi(deps: ApiDeps): Promise<{ base: string; close: () => Promise<void> }> {
  const api = createApiHandler(deps);
  const server = createServer((req, res) => {
    if (!api(req, res)) {
      res.writeHead(404);
      res.end('not ours');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
