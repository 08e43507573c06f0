/**
 * Where the package's files are, wherever it is installed (source tree or `dist/`).
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'ontology'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`kaspersky-kg: package root not found above ${start}`);
    dir = parent;
  }
}

/** The package root (the folder with `package.json`, `ontology/` and `data/`). */
export const packageRoot: string = findRoot(dirname(fileURLToPath(import.meta.url)));

/** The ontology files, in load order: core vocabulary, then alignments. */
export const ontologyFiles: readonly string[] = ['kaspersky-kg.ttl', 'alignments.ttl'].map((f) => join(packageRoot, 'ontology', f));

/** The SHACL shapes file. */
export const shapesFile: string = join(packageRoot, 'ontology', 'shapes.ttl');

/** The data files (TriG, every `data/*.trig` in name order): the article's claims and the enrichment from other sources. */
export const dataFiles: readonly string[] = existsSync(join(packageRoot, 'data'))
  ? readdirSync(join(packageRoot, 'data')).filter((f) => f.endsWith('.trig')).sort().map((f) => join(packageRoot, 'data', f))
  : [];

/** The competency questions folder. */
export const queriesDir: string = join(packageRoot, 'queries');

/** The precompiled dataset (N-Quads) written by `npm run build`; read instead of the sources when present. */
export const compiledDatasetFile: string = join(packageRoot, 'dist', 'data', 'kaspersky-kg.nq');

/** The package's version (`version` of its `package.json`). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
