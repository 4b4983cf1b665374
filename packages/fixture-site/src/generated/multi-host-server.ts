// Owns one HTTP server per loopback address, all on the same port, so a network of sites looks like
// many hosts to a crawler (per-host politeness, robots.txt, connection pools) while staying on this
// machine. Every request is counted; close() drops open connections.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Resource, sendResource } from '../http-resource';

/** The resource for a GET/HEAD of `path` (query included) on the site at `address`, or null for 404. */
export type Responder = (address: string, pathAndQuery: string) => Resource | null;

export interface MultiHostServer {
  port: number;
  addresses: readonly string[];
  /** Requests received so far, whatever their outcome. */
  readonly requests: number;
  close(): Promise<void>;
}

const BIND_ATTEMPTS = 5;

function listen(server: http.Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeAll(servers: readonly http.Server[]): Promise<void> {
  return Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  ).then(() => {});
}

export async function startMultiHostServer(
  addresses: readonly string[],
  respond: Responder,
  options: { port?: number } = {},
): Promise<MultiHostServer> {
  let requests = 0;
  const handler = (address: string) => (request: http.IncomingMessage, response: http.ServerResponse) => {
    requests += 1;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end();
      return;
    }
    const served = respond(address, request.url ?? '/');
    if (served === null) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    sendResource(request, response, served);
  };
  // The first address picks a free port; another address may hold it already, then try again.
  for (let attempt = 1; ; attempt++) {
    const servers: http.Server[] = [];
    try {
      let port = options.port ?? 0;
      for (const address of addresses) {
        const server = http.createServer(handler(address));
        servers.push(server);
        port = await listen(server, port, address);
      }
      return {
        port,
        addresses,
        get requests() {
          return requests;
        },
        close: () => closeAll(servers),
      };
    } catch (error) {
      await closeAll(servers);
      const retry = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' && options.port === undefined;
      if (!retry || attempt >= BIND_ATTEMPTS) throw error;
    }
  }
}
