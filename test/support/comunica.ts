/**
 * A private Comunica SPARQL endpoint (`comunica-sparql-file-http` of the npm package
 * `@comunica/query-sparql-file`, a devDependency) for mocha tests: a third real SPARQL 1.1 server besides
 * Virtuoso and RDF::Endpoint, over an N-Quads file, on a free port.
 *
 * The server is a Node cluster: a primary process that holds the port and one worker that answers. When a
 * query crashes the worker (see {@link ComunicaHandle.ready}), the primary starts a new one, which reloads
 * the file; until then connections are refused. The server listens on every interface (it has no option
 * for the host); the tests only ever talk to it on 127.0.0.1.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePorts } from './virtuoso.js';

/** The server's command-line entry point, from the installed package. */
export function comunicaHttpBin(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@comunica/query-sparql-file/package.json')), 'bin', 'http.js');
}

/** The installed version of `@comunica/query-sparql-file`. */
export function comunicaVersion(): string {
  return (createRequire(import.meta.url)('@comunica/query-sparql-file/package.json') as { version: string }).version;
}

/** A running Comunica endpoint. */
export interface ComunicaHandle {
  /** The SPARQL endpoint, `http://127.0.0.1:PORT/sparql`. */
  readonly endpoint: string;
  /** The primary process's id (leader of the server's own process group). */
  readonly pid: number;
  /** Waits until the endpoint answers `ASK {}` again (after a query crashed its worker); at most `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops the server's process group (SIGTERM, then SIGKILL) and removes its folder; safe to call twice. */
  stop(): Promise<void>;
  /** Kills the server's process group with SIGKILL and waits until the primary has exited. */
  kill(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** True when `endpoint` answers `ASK {}` with a 2xx status. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}?query=${encodeURIComponent('ASK {}')}`, { signal: AbortSignal.timeout(5_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts Comunica's SPARQL endpoint over `nquads` (text, written to a temporary `.nq` file whose default
 * graph becomes the endpoint's default graph) on a free port and waits until it answers `ASK {}` (at most
 * `startTimeoutMs`, default 60 s). `queryTimeoutSeconds` is the server's own per-query limit (default 120).
 * Throws with the server's output if it cannot start.
 */
export async function startComunica(nquads: string, startTimeoutMs = 60_000, queryTimeoutSeconds = 120): Promise<ComunicaHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'kkg-comunica-'));
  const file = join(dir, 'data.nq');
  await writeFile(file, nquads);
  const [port] = (await freePorts(1)) as [number];
  const child = spawn(process.execPath, [comunicaHttpBin(), '--port', String(port), '--timeout', String(queryTimeoutSeconds), '--workers', '1', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (c: Buffer) => (output = (output + c.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const spawnError = new Promise<Error>((r) => child.once('error', r));
  const endpoint = `http://127.0.0.1:${port}/sparql`;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
      await exited(child);
      clearTimeout(timer);
    }
    signalGroup('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  const ready = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(() => r(undefined), 200))]);
      if (failed) throw new Error(`the Comunica endpoint could not be started (${failed.message}); run npm install (devDependency @comunica/query-sparql-file)`);
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the Comunica endpoint exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
      if (await answers(endpoint)) return;
      if (Date.now() > deadline) throw new Error(`the Comunica endpoint ${endpoint} did not answer within ${timeoutMs} ms:\n${output}`);
    }
  };
  try {
    await ready(startTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint,
    pid: child.pid!,
    ready,
    stop,
    async kill() {
      signalGroup('SIGKILL');
      await exited(child);
    },
  };
}
