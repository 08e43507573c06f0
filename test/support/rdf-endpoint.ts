/**
 * A private RDF::Endpoint (Perl, Debian `librdf-endpoint-perl`, run by `plackup`) for mocha tests: a second
 * real SPARQL 1.1 server besides Virtuoso, on a free loopback port, over an N-Quads file.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from './virtuoso.js';

const PSGI = resolve(dirname(fileURLToPath(import.meta.url)), 'rdf-endpoint.psgi');

/** A running RDF::Endpoint. */
export interface RdfEndpointHandle {
  /** The SPARQL endpoint, `http://127.0.0.1:PORT/sparql`. */
  readonly endpoint: string;
  /** The server's process id. */
  readonly pid: number;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its folder; safe to call twice. */
  stop(): Promise<void>;
  /** Kills the server with SIGKILL and waits until it has exited. */
  kill(): Promise<void>;
}

/**
 * Relabels blank nodes to `_:b<n>`: RDF::Trine's N-Quads parser rejects labels with `-` (such as n3's
 * `_:n3-0`). Only whole subject/object tokens are touched, never literals.
 */
export function plainBlankNodeLabels(nquads: string): string {
  const labels = new Map<string, string>();
  const label = (l: string) => {
    let v = labels.get(l);
    if (v === undefined) labels.set(l, (v = `_:b${labels.size}`));
    return v;
  };
  return nquads
    .split('\n')
    .map((line) =>
      line
        .replace(/^_:(\S+)/, (_, l: string) => label(l))
        .replace(/ _:(\S+)(?= (?:<[^>]*> )?\.\s*$)/, (_, l: string) => ` ${label(l)}`)
        .replace(/ _:(\S+)(?= \.\s*$)/, (_, l: string) => ` ${label(l)}`),
    )
    .join('\n');
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/**
 * Starts RDF::Endpoint over `nquads` (text) on a free loopback port and waits until it answers `ASK {}`
 * (at most `startTimeoutMs`, default 60 s). Throws with plackup's output if it cannot start.
 */
export async function startRdfEndpoint(nquads: string, startTimeoutMs = 60_000): Promise<RdfEndpointHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'kkg-rdf-endpoint-'));
  const file = join(dir, 'data.nq');
  await writeFile(file, plainBlankNodeLabels(nquads));
  const [port] = (await freePorts(1)) as [number];
  const child = spawn('plackup', ['--host', '127.0.0.1', '--port', String(port), '--no-default-middleware', PSGI], {
    env: { ...process.env, KKG_RDF_ENDPOINT_FILE: file, PLACK_ENV: 'deployment' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  const spawnError = new Promise<Error>((r) => child.once('error', r));
  const endpoint = `http://127.0.0.1:${port}/sparql`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited(child);
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(() => r(undefined), 200))]);
    if (failed) {
      await stop();
      throw new Error(`plackup could not be started (${failed.message}); install Debian's librdf-endpoint-perl (scripts/ensure-system-deps.sh)`);
    }
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`RDF::Endpoint exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const res = await fetch(`${endpoint}?query=${encodeURIComponent('ASK {}')}`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`RDF::Endpoint did not answer within ${startTimeoutMs} ms:\n${output}`);
    }
  }
  return {
    endpoint,
    pid: child.pid!,
    stop,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    },
  };
}
