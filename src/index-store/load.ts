/**
 * Finds and loads the package's precompiled point-lookup index (`dist/data/kaspersky-kg.index.json`,
 * written by `scripts/compile-index.ts` next to the compiled N-Quads).
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { compiledDatasetFile } from '../data/paths.js';
import { indexFileFor } from './format.js';
import { PointIndex } from './store.js';

/** The package's index file. */
export const packageIndexFile: string = indexFileFor(compiledDatasetFile);

/**
 * The package's point-lookup index, or undefined when it cannot be used: not built, built for other
 * N-Quads than the compiled dataset (byte length or SHA-256 differs), unreadable, the dataset is read from the
 * sources (`KASPERSKY_KG_FROM_SOURCES=1`), or the index is switched off (`KASPERSKY_KG_POINT_INDEX=0`).
 * Never throws: without an index every helper runs as SPARQL.
 */
export function openPackageIndex(): PointIndex | undefined {
  if (process.env.KASPERSKY_KG_FROM_SOURCES === '1' || process.env.KASPERSKY_KG_POINT_INDEX === '0') return undefined;
  try {
    const index = PointIndex.fromJSON(readFileSync(packageIndexFile, 'utf8'));
    if (statSync(compiledDatasetFile).size !== index.dataset.bytes) return undefined;
    const sha256 = createHash('sha256').update(readFileSync(compiledDatasetFile)).digest('hex');
    return sha256 === index.dataset.sha256 ? index : undefined;
  } catch {
    return undefined;
  }
}
