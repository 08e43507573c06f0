/**
 * `npm run site`: builds the documentation site into dist/site/ (or the folder given as first argument)
 * and writes the README's timeline picture to docs/timeline.svg.
 * @module
 */
import { join } from 'node:path';
import { packageRoot } from '../src/data/paths.js';
import { runSiteCommand } from '../src/site/cli.js';

const out = process.argv[2] ?? join(packageRoot, 'dist', 'site');
runSiteCommand(['--out', out, '--timeline-svg', join(packageRoot, 'docs', 'timeline.svg')]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`build-site: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
