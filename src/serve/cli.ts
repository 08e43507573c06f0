/**
 * `kaspersky-kg serve`: the local SPARQL endpoint plus the site, until Ctrl-C (SIGINT) or SIGTERM.
 * @module
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { datasetNQuads } from '../data/dataset.js';
import { startServer, type RunningServer, type ServerOptions } from './server.js';
import { folderSite, memorySite, type SiteSource } from './static.js';

/** The help text of `kaspersky-kg serve`. */
export const SERVE_HELP = `Usage: kaspersky-kg serve [--port 7878] [--host 127.0.0.1] [options]

Starts a read-only SPARQL 1.1 endpoint over the package's data at http://HOST:PORT/sparql (GET, POST form,
POST application/sparql-query; SELECT/ASK results as JSON, XML, CSV or TSV and CONSTRUCT/DESCRIBE as Turtle,
N-Triples, JSON-LD or RDF/XML, chosen by the Accept header or ?format= / ?output= / ?results=), and serves the
documentation site at http://HOST:PORT/ (built in memory after the endpoint is up, or --site DIR). GET /sparql
without a query answers with the SPARQL 1.1 Service Description. The port is bound at once: a port already
in use is reported immediately. Stops on Ctrl-C.

The default graph holds the facts view (plain triples: what the sources establish) and the claims,
described: each claim kg:states (or kg:denies) kg:Proposition nodes and has kg:evidence per source; no claim
is asserted. The ontology is in <https://w3id.org/kaspersky-kg/graph/ontology>.

Options:
  --port N               port (default 7878; 0 picks a free one)
  --host ADDR            interface to bind (default 127.0.0.1, loopback only; 0.0.0.0 exposes it to the network)
  --workers N            queries run at once, each in its own worker thread (default 2)
  --timeout MS           per-query time limit; longer queries are stopped with 503 (default 10000)
  --max-result-bytes N   largest result; bigger ones get 422 (default 16777216)
  --max-request-bytes N  largest request body or query (default 262144; bigger gets 413)
  --max-queue N          queries allowed to wait for a worker; more get 503 (default 32)
  --memory-limit MB      how far the process may grow while a query runs; beyond it the query is stopped with 422 (default 512)
  --cors ORIGIN          allow cross-origin requests from ORIGIN ('*' for any); repeatable (default: none)
  --site DIR             serve a site built with \`kaspersky-kg site --out DIR\` instead of building one (must exist)
  --no-site              serve only /sparql
  --quiet                do not log requests
  -h, --help             this help

Refused: SPARQL Update (403), malformed queries (400 with the parser's message), queries nested more than 128
deep or too long a chain for the engine's stack (400), query text that is not UTF-8 or badly percent-encoded
(400 with the byte offset), unknown media types and formats (406), format parameters that contradict each
other (400), URLs over 32 KiB (414: POST the query instead).`;

function intOption(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw Object.assign(new Error(`--${name} must be an integer >= ${min}`), { code: 'ERR_PARSE_ARGS_USAGE' });
  return n;
}

/** Options for starting the server from the command line (for tests: `signal` stops it). */
export interface ServeRunOptions {
  /** Stops the server when aborted (default: SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Called once the server listens and its site (if any) is ready. */
  onListening?: (server: RunningServer) => void;
  /** Where messages go (default: stderr). */
  write?: (text: string) => void;
}

/**
 * Runs `kaspersky-kg serve` with its arguments (after the command name); resolves with the exit code when
 * the server has stopped. Wired into `src/cli/main.ts` as the `serve` command.
 */
export async function runServeCommand(argv: string[], run: ServeRunOptions = {}): Promise<number> {
  const write = run.write ?? ((t: string) => void process.stderr.write(t));
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      workers: { type: 'string' },
      timeout: { type: 'string' },
      'max-result-bytes': { type: 'string' },
      'max-request-bytes': { type: 'string' },
      'max-queue': { type: 'string' },
      'memory-limit': { type: 'string' },
      cors: { type: 'string', multiple: true },
      site: { type: 'string' },
      'no-site': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${SERVE_HELP}\n`);
    return 0;
  }
  const port = intOption('port', values.port, 0) ?? 7878;
  if (port > 65535) throw Object.assign(new Error('--port must be at most 65535'), { code: 'ERR_PARSE_ARGS_USAGE' });
  if (values.site && values['no-site']) throw Object.assign(new Error('--site and --no-site exclude each other'), { code: 'ERR_PARSE_ARGS_USAGE' });
  const options: ServerOptions = {
    nquads: '',
    host: values.host ?? '127.0.0.1',
    port,
    workers: intOption('workers', values.workers, 1),
    queryTimeoutMs: intOption('timeout', values.timeout, 1),
    maxResultBytes: intOption('max-result-bytes', values['max-result-bytes'], 1),
    maxRequestBytes: intOption('max-request-bytes', values['max-request-bytes'], 64),
    maxQueue: intOption('max-queue', values['max-queue'], 0),
    memoryLimitMb: intOption('memory-limit', values['memory-limit'], 16),
    corsOrigins: values.cors ?? [],
  };
  if (values.site) {
    let isDir = false;
    try {
      isDir = statSync(values.site).isDirectory();
    } catch {
      // missing: reported below
    }
    if (!isDir) throw Object.assign(new Error(`--site ${values.site}: no such folder (build one with \`kaspersky-kg site --out DIR\`)`), { code: 'ERR_PARSE_ARGS_USAGE' });
  }
  // The site is built only once the port is bound and the endpoint answers: until then its pages get 503.
  let provideSite: ((s: SiteSource) => void) | undefined;
  let failSite: ((e: unknown) => void) | undefined;
  if (values.site) options.site = folderSite(values.site);
  else if (!values['no-site']) {
    options.site = new Promise<SiteSource>((resolve, reject) => ((provideSite = resolve), (failSite = reject)));
    options.site.catch(() => {});
  }
  options.nquads = datasetNQuads().text;
  if (!values.quiet) options.log = (line) => write(`${line}\n`);
  let server: RunningServer;
  try {
    server = await startServer(options);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw Object.assign(new Error(`port ${port} on ${options.host} is already in use: stop what listens there or choose another with --port`), { code });
    if (code === 'EADDRNOTAVAIL') throw Object.assign(new Error(`cannot bind ${options.host}: no such local address (--host)`), { code });
    throw error;
  }
  write(`SPARQL endpoint: ${server.endpoint}\n`);
  if (provideSite) {
    write('building the site in memory…\n');
    try {
      const { generateSite } = await import('../site/generate.js');
      provideSite(memorySite((await generateSite()).files));
    } catch (error) {
      failSite!(error);
      write(`the site could not be built: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  write(`${options.site ? `site:            ${server.url}\n` : ''}Press Ctrl-C to stop.\n`);
  run.onListening?.(server);
  await new Promise<void>((resolve) => {
    if (run.signal) {
      if (run.signal.aborted) resolve();
      else run.signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  write('stopped.\n');
  return 0;
}
