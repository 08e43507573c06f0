/**
 * The local SPARQL endpoint: SPARQL 1.1 Protocol over Node's `http` (query via GET, POST form or POST
 * `application/sparql-query`; results by `Accept`), read-only, with a per-query timeout, a result-size
 * limit, a bound on concurrent queries (a worker pool), a request-size limit and configurable CORS. It
 * also serves the static site. Bad input never crashes it: every request ends with a status and a message.
 * This module binds the port, starts the workers and answers malformed HTTP; what each request gets is in
 * `router.ts`.
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { QueryPool } from '../query/pool.js';
import type { SiteSource } from './static.js';
import { createRouter } from './router.js';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** The dataset as N-Quads (what the workers load). */
  nquads: string;
  /** Interface to bind (default `127.0.0.1`: loopback only). */
  host?: string;
  /** Port (default 7878; 0 picks a free one). */
  port?: number;
  /** Queries run at once, one worker each (default 2). */
  workers?: number;
  /** Per-query time limit in ms (default 10 000). */
  queryTimeoutMs?: number;
  /** Largest serialised result in bytes (default 16 MiB). */
  maxResultBytes?: number;
  /** Largest request body (and query text) in bytes (default 256 KiB). */
  maxRequestBytes?: number;
  /** Queries allowed to wait for a worker (default 32). */
  maxQueue?: number;
  /** How far the process may grow while a query runs, in MiB; beyond it the query is stopped with 422 (default 512). */
  memoryLimitMb?: number;
  /** CORS: allowed origins (`['*']` for any); none (default) sends no CORS headers. */
  corsOrigins?: readonly string[];
  /**
   * The static site to serve at `/` (none: only `/sparql`). A promise (a site still being built) is
   * answered with 503 and `Retry-After` until it resolves; the endpoint works meanwhile.
   */
  site?: SiteSource | Promise<SiteSource>;
  /** One line per request (method, path, status, duration). */
  log?: (line: string) => void;
}

/** A running endpoint. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:7878/`. */
  readonly url: string;
  /** The SPARQL endpoint URL (`<url>sparql`). */
  readonly endpoint: string;
  /** The bound port. */
  readonly port: number;
  /** The Node server. */
  readonly server: http.Server;
  /** The worker pool. */
  readonly pool: QueryPool;
  /** Stops accepting connections, ends open ones and stops the workers. */
  close(): Promise<void>;
}

/** Largest request head (request line and headers) in bytes; a longer URL gets 414. */
const HEADER_LIMIT = 32 * 1024;

/**
 * Answers a request Node's parser refused (malformed, a head over {@link HEADER_LIMIT}, too slow) with its
 * status and a message, then closes the connection.
 */
function answerClientError(err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  let status = '400 Bad Request';
  let message = `malformed HTTP request (${err.code ?? err.message})`;
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    // A request line that alone passes the limit is a URL too long (414); otherwise the headers are (431).
    const packet = err.rawPacket ?? Buffer.alloc(0);
    const eol = packet.indexOf('\n');
    if (eol < 0 || eol > HEADER_LIMIT / 2) {
      status = '414 URI Too Long';
      message = `the request URL is longer than ${HEADER_LIMIT / 1024} KiB: POST the query instead (application/sparql-query or a form body)`;
    } else {
      status = '431 Request Header Fields Too Large';
      message = `the request headers are larger than ${HEADER_LIMIT / 1024} KiB`;
    }
  } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = '408 Request Timeout';
    message = 'the request was not received in time';
  }
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message) + 1}\r\n\r\n${message}\n`);
}

/**
 * Starts the endpoint: binds the port first (a port clash fails at once), then resolves once the workers
 * have loaded the data. Queries that arrive meanwhile wait for a worker.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const maxRequestBytes = options.maxRequestBytes ?? 256 * 1024;
  const cors = options.corsOrigins ?? [];
  const pool = new QueryPool({
    nquads: options.nquads,
    size: options.workers ?? 2,
    timeoutMs: options.queryTimeoutMs ?? 10_000,
    maxQueue: options.maxQueue ?? 32,
    maxResultBytes: options.maxResultBytes ?? 16 * 1024 * 1024,
    ...(options.memoryLimitMb === undefined ? {} : { memoryLimitMb: options.memoryLimitMb }),
  });
  let site: SiteSource | undefined = options.site instanceof Promise ? undefined : options.site;
  let siteFailed: string | undefined;
  if (options.site instanceof Promise) {
    options.site.then(
      (s) => void (site = s),
      (error: unknown) => {
        siteFailed = error instanceof Error ? error.message : String(error);
        options.log?.(`the site could not be built: ${siteFailed}`);
      },
    );
  }

  const handler = createRouter({
    pool,
    maxRequestBytes,
    cors,
    hasSite: Boolean(options.site),
    siteState: () => ({ site, failed: siteFailed }),
    address: () => server.address() as AddressInfo,
    log: options.log,
  });

  const server = http.createServer({ maxHeaderSize: HEADER_LIMIT, requestTimeout: 60_000, headersTimeout: 20_000, keepAliveTimeout: 5_000 }, (req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('clientError', answerClientError);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7878, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await pool.close();
    throw error;
  });
  try {
    await pool.ready();
  } catch (error) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await pool.close();
    throw error;
  }
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const base = `http://${shownHost}:${addr.port}/`;
  let closing: Promise<void> | undefined;
  return {
    url: base,
    endpoint: `${base}sparql`,
    port: addr.port,
    server,
    pool,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await pool.close();
      })();
      return closing;
    },
  };
}
