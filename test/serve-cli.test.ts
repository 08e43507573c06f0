/**
 * `kaspersky-kg serve` as a command: options, help, start and stop (loopback, ephemeral port).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import { join } from 'node:path';
import { SERVE_HELP, runServeCommand } from '../src/serve/cli.js';
import type { RunningServer } from '../src/serve/server.js';

/** Runs the command until `body` is done with the listening server, then stops it. */
async function withServe(args: string[], body: (s: RunningServer) => Promise<void>): Promise<{ code: number; log: string }> {
  const ac = new AbortController();
  let log = '';
  let failure: unknown;
  const code = await runServeCommand(args, {
    signal: ac.signal,
    write: (t) => void (log += t),
    onListening: (s) => {
      body(s).then(
        () => ac.abort(),
        (e: unknown) => {
          failure = e;
          ac.abort();
        },
      );
    },
  });
  if (failure) throw failure;
  return { code, log };
}

function captureStdout<T>(fn: () => Promise<T>): Promise<{ value: T; out: string }> {
  const orig = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  return fn().then(
    (value) => {
      process.stdout.write = orig;
      return { value, out };
    },
    (e: unknown) => {
      process.stdout.write = orig;
      throw e;
    },
  );
}

describe('serve: command line', function () {
  this.timeout(120_000);

  it('prints its help with every option', async () => {
    const { value, out } = await captureStdout(() => runServeCommand(['--help']));
    assert.equal(value, 0);
    assert.equal(out, `${SERVE_HELP}\n`);
    for (const o of ['--port', '--host', '--workers', '--timeout', '--max-result-bytes', '--max-request-bytes', '--max-queue', '--cors', '--site', '--no-site']) assert.ok(out.includes(o), o);
  });

  it('rejects bad option values as usage errors', async () => {
    await assert.rejects(runServeCommand(['--port', 'abc']), (e: Error & { code?: string }) => e.code === 'ERR_PARSE_ARGS_USAGE');
    await assert.rejects(runServeCommand(['--workers', '0']), /--workers/);
    await assert.rejects(runServeCommand(['--bogus']), (e: Error & { code?: string }) => e.code?.startsWith('ERR_PARSE_ARGS') === true);
    await assert.rejects(runServeCommand(['--site', 'x', '--no-site']), /exclude/);
  });

  it('starts on loopback, answers queries, logs requests and stops cleanly', async () => {
    const { code, log } = await withServe(['--port', '0', '--no-site', '--workers', '1', '--timeout', '5000'], async (s) => {
      assert.match(s.endpoint, /^http:\/\/127\.0\.0\.1:\d+\/sparql$/);
      const r = await fetch(`${s.endpoint}?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`);
      assert.deepEqual(await r.json(), { head: {}, boolean: true });
      assert.equal((await fetch(s.url)).status, 404);
    });
    assert.equal(code, 0);
    assert.match(log, /SPARQL endpoint: http:\/\/127\.0\.0\.1:\d+\/sparql/);
    assert.match(log, /GET \/sparql\?query=\S+ 200/);
    assert.match(log, /stopped\./);
  });

  it('serves a prebuilt site folder with --site, with CORS from --cors, quietly with --quiet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kkg-serve-site-'));
    try {
      writeFileSync(join(dir, 'index.html'), '<!DOCTYPE html><title>prebuilt</title>');
      const { log } = await withServe(['--port', '0', '--site', dir, '--cors', 'http://a.example', '--quiet', '--workers', '1'], async (s) => {
        const r = await fetch(s.url, { headers: { origin: 'http://a.example' } });
        assert.equal(r.status, 200);
        assert.match(await r.text(), /prebuilt/);
        assert.equal(r.headers.get('access-control-allow-origin'), 'http://a.example');
      });
      assert.doesNotMatch(log, /GET \//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a missing --site folder instead of answering 404 for everything', async () => {
    const missing = join(tmpdir(), `kkg-no-such-site-${process.pid}`);
    await assert.rejects(runServeCommand(['--port', '0', '--site', missing]), (e: Error & { code?: string }) => e.code === 'ERR_PARSE_ARGS_USAGE' && /no such folder/.test(e.message));
    const file = join(mkdtempSync(join(tmpdir(), 'kkg-serve-file-')), 'index.html');
    writeFileSync(file, 'x');
    await assert.rejects(runServeCommand(['--port', '0', '--site', file]), /no such folder/);
  });

  it('reports a port already in use before doing anything slow (no site build), with the port in the message', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    let log = '';
    try {
      await assert.rejects(
        runServeCommand(['--port', String(port), '--workers', '1'], { write: (t) => void (log += t) }),
        (e: Error & { code?: string }) => e.code === 'EADDRINUSE' && e.message.includes(`port ${port} on 127.0.0.1 is already in use`),
      );
      assert.doesNotMatch(log, /building the site/);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('binds its port before building the site: the port accepts connections when the endpoint line is written', async () => {
    let log = '';
    let connected: Promise<boolean> | undefined;
    const { code } = await (async () => {
      const ac = new AbortController();
      const code = await runServeCommand(['--port', '0', '--workers', '1', '--quiet'], {
        signal: ac.signal,
        write: (t) => {
          log += t;
          const m = /SPARQL endpoint: http:\/\/127\.0\.0\.1:(\d+)\/sparql/.exec(t);
          if (m) {
            connected = new Promise<boolean>((resolve) => {
              const sock = net.connect(Number(m[1]), '127.0.0.1', () => (sock.destroy(), resolve(true)));
              sock.on('error', () => resolve(false));
            });
          }
        },
        onListening: async (s) => {
          assert.equal((await fetch(s.url)).status, 200, 'the site is served once built');
          ac.abort();
        },
      });
      return { code };
    })();
    assert.equal(code, 0);
    assert.ok(connected, 'the endpoint line was written');
    assert.equal(await connected, true);
    const endpointAt = log.indexOf('SPARQL endpoint:');
    const siteAt = log.indexOf('building the site');
    assert.ok(endpointAt >= 0 && siteAt > endpointAt, log);
  });
});
