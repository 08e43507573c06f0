/**
 * A private Virtuoso 7 for mocha tests: free loopback ports, a fresh temporary folder, and
 * `scripts/virtuoso.sh` to start, load and stop it.
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../scripts/virtuoso.sh');

/** A running test server. */
export interface VirtuosoHandle {
  /** The SPARQL endpoint, `http://127.0.0.1:PORT/sparql`. */
  readonly endpoint: string;
  /** The server's folder (database, logs, ini), removed by {@link VirtuosoHandle.stop}. */
  readonly dir: string;
  /** The HTTP port. */
  readonly httpPort: number;
  /** The SQL (isql) port. */
  readonly sqlPort: number;
  /** The server's process id. */
  readonly pid: number;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its folder; safe to call twice or after kill(). */
  stop(): Promise<void>;
  /** Kills the server with SIGKILL and waits until it is gone (for tests of a server dying mid-run). */
  kill(): Promise<void>;
}

/** Options of {@link startVirtuoso}. */
export interface StartOptions {
  /** The server's `[SPARQL] MaxQueryExecutionTime` in seconds (default: the script's 60). */
  maxQuerySeconds?: number;
  /** How long the script may wait for the server, in seconds (default 90). */
  startTimeoutSeconds?: number;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 180_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('bash', [SCRIPT, ...args], { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`scripts/virtuoso.sh ${args[0]} failed (${error.message.split('\n')[0]}):\n${stderr || stdout}`));
      else resolvePromise(stdout);
    });
  });
}

/** Ports nobody listens on right now (bound on 127.0.0.1 port 0, read, released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<net.Server>((resolvePromise, reject) => {
        const s = net.createServer();
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => resolvePromise(s));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (killed, not yet reaped by its new parent) counts as gone.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/**
 * Starts a Virtuoso in a fresh temporary folder on free loopback ports and waits until it answers
 * `ASK {}`. Retries once with other ports if the first pair was taken meanwhile.
 */
export async function startVirtuoso(options: StartOptions = {}): Promise<VirtuosoHandle> {
  const env: NodeJS.ProcessEnv = { VIRTUOSO_START_TIMEOUT: String(options.startTimeoutSeconds ?? 90) };
  if (options.maxQuerySeconds !== undefined) env.VIRTUOSO_MAX_QUERY_SECONDS = String(options.maxQuerySeconds);
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'kkg-virtuoso-'));
    const [httpPort, sqlPort] = (await freePorts(2)) as [number, number];
    try {
      const out = await run(['start', dir, String(httpPort), String(sqlPort)], env);
      const endpoint = out.trim().split('\n').pop()!;
      const pid = Number(readFileSync(join(dir, 'virtuoso.pid'), 'utf8').trim());
      let stopped = false;
      return {
        endpoint, dir, httpPort, sqlPort, pid,
        async stop() {
          if (stopped) return;
          stopped = true;
          try {
            await run(['stop', dir]);
          } finally {
            if (alive(pid)) process.kill(pid, 'SIGKILL');
            await rm(dir, { recursive: true, force: true });
          }
        },
        async kill() {
          if (alive(pid)) process.kill(pid, 'SIGKILL');
          for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
          if (alive(pid)) throw new Error(`Virtuoso pid ${pid} survived SIGKILL`);
        },
      };
    } catch (error) {
      lastError = error;
      await run(['stop', dir]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
      // A missing virtuoso-t will not get better with other ports.
      if (error instanceof Error && /not found\. Install Virtuoso/.test(error.message)) break;
    }
  }
  throw lastError;
}

/** Loads an N-Quads file: quads keep their graph, default-graph triples go to `graph`. */
export async function loadNQuads(handle: VirtuosoHandle, file: string, graph: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  await run(['load', handle.dir, resolve(file), graph]);
}
