/**
 * Mocha global setup: tests run against the current sources. Many tests read `dist/` (the compiled CLI, the
 * compiled dataset, the point-lookup index); when a file the build reads (`src/`, `data/`, `ontology/`,
 * `queries/`, the build scripts, `tsconfig*.json`, `package.json`) is newer than the oldest build output, the
 * build is stale and `npm run build` runs once before any test. Cheap when fresh (one walk of mtimes).
 *
 * Several test runs may start at once: one builds, holding `dist/.build.lock` (its PID inside); the others
 * wait for it, then look again. A lock whose process is gone, or older than 15 minutes (a build is stopped
 * after 10), is taken over. A failed or stopped build fails the run with the command to run and the build's
 * last output lines.
 *
 * Wired in `.mocharc.json` and `npm run test:file` (`--require ./test/support/fresh-build.mjs`).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What `npm run build` reads. */
const INPUT_DIRS = ['src', 'data', 'ontology', 'queries'];
const INPUT_FILES = ['scripts/generate.ts', 'scripts/vocab-render.ts', 'scripts/compile-data.ts', 'scripts/compile-index.ts', 'scripts/compile-link.ts', 'scripts/bundle-link.mjs', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** What `npm run build` writes last in each step: the compiled package entry points and the compiled data. */
const OUTPUTS = ['dist/src/index.js', 'dist/src/cli/main.js', 'dist/data/kaspersky-kg.nq', 'dist/data/kaspersky-kg.index.json', 'dist/data/kaspersky-kg.link.json', 'dist/link/cli.js'];

const LOCK = join(root, 'dist', '.build.lock');
/** A build is stopped after this long; a lock older than LOCK_MAX_AGE_MS is therefore abandoned. */
const BUILD_TIMEOUT_MS = 10 * 60_000;
const LOCK_MAX_AGE_MS = BUILD_TIMEOUT_MS + 5 * 60_000;

/** The newest input: its path and mtime (ms). */
function newestInput() {
  let newest = { path: '', mtime: 0 };
  const consider = (path) => {
    const m = statSync(path).mtimeMs;
    if (m > newest.mtime) newest = { path, mtime: m };
  };
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) consider(p);
    }
  };
  for (const d of INPUT_DIRS) if (existsSync(join(root, d))) walk(join(root, d));
  for (const f of INPUT_FILES) if (existsSync(join(root, f))) consider(join(root, f));
  return newest;
}

/** Why the build is stale (undefined: fresh). */
export function staleReason() {
  let oldest = Infinity;
  for (const o of OUTPUTS) {
    const p = join(root, o);
    if (!existsSync(p)) return `${o} is missing`;
    oldest = Math.min(oldest, statSync(p).mtimeMs);
  }
  const input = newestInput();
  return input.mtime > oldest ? `${input.path.slice(root.length + 1)} is newer than the build` : undefined;
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Takes the build lock, or returns false when another live process holds it. */
function tryLock() {
  mkdirSync(dirname(LOCK), { recursive: true });
  try {
    const fd = openSync(LOCK, 'wx');
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
  }
  let holder = NaN, age = 0;
  try {
    holder = Number.parseInt(readFileSync(LOCK, 'utf8'), 10);
    age = Date.now() - statSync(LOCK).mtimeMs;
  } catch {
    return false; // released meanwhile: the caller looks again
  }
  if ((Number.isInteger(holder) && !processAlive(holder)) || age > LOCK_MAX_AGE_MS) rmSync(LOCK, { force: true }); // abandoned: retry
  return false;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Builds when stale: once per run, one process at a time. */
export async function mochaGlobalSetup() {
  if (!staleReason()) return;
  for (;;) {
    if (tryLock()) break;
    await sleep(1000); // another run is building (or just released the lock)
    if (!existsSync(LOCK) && !staleReason()) return; // it built: fresh now
  }
  try {
    const why = staleReason();
    if (!why) return;
    process.stderr.write(`test setup: the build is stale (${why}): running \`npm run build\`\n`);
    const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: BUILD_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd().split('\n').slice(-20).join('\n');
      const how = r.error?.code === 'ETIMEDOUT' ? `did not finish in ${BUILD_TIMEOUT_MS / 60_000} minutes` : `failed (exit ${r.status ?? r.signal})`;
      throw new Error(`test setup: \`npm run build\` ${how}; the tests would read a stale dist/. Fix the build, run \`npm run build\`, then the tests.\n${tail}`);
    }
    const still = staleReason();
    if (still) process.stderr.write(`test setup: built, but ${still} (edited during the build?): the tests read the build just made\n`);
  } finally {
    rmSync(LOCK, { force: true });
  }
}
