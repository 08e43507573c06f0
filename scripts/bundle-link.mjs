/**
 * Build step: bundles the `link` command (src/link/cli.ts, and the worker modules it may start: the scoring
 * thread's and, when it reads the graph itself, the query pool's; as compiled in dist/src/) into dist/link/ with esbuild, so that `kaspersky-kg link` loads a few files
 * instead of ~20 ES modules before it reads the first dump line. Measured on the one-line dump
 * (bench/link.ts, 2 cores, Node 20.20; Node's own start ~75 ms): first line 94–99 ms bundled against
 * 101–105 ms from the separate modules. Dynamic imports stay separate chunks (loaded when needed, as
 * before); npm packages stay external. `dist/src/cli/main.js` runs the bundle when it is there and the
 * modules otherwise (from the TypeScript sources, in tests through tsx).
 *
 * Run by `npm run build` after `tsc`: `node scripts/bundle-link.mjs`.
 * @module
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'link');
rmSync(out, { recursive: true, force: true });
await build({
  // the worker modules are entry points of their own: the code that starts them finds them beside itself
  entryPoints: {
    cli: join(root, 'dist/src/link/cli.js'),
    'score-worker': join(root, 'dist/src/link/score-worker.js'),
    'pool-worker': join(root, 'dist/src/query/pool-worker.js'),
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
process.stdout.write(`bundled the link command into ${out}\n`);
