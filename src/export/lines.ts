/**
 * N-Triples and N-Quads, one statement per line, sorted (byte-stable). Both reuse the package's
 * N-Quads line writer (`data/dataset.ts`): N-Triples carries the default graph only, N-Quads every graph.
 * @module
 */
import type { Quad } from 'n3';
import { toNQuads as datasetNQuads } from '../data/dataset.js';

/** The default graph of `quads` as sorted N-Triples. */
export function toNTriples(quads: readonly Quad[]): string {
  return datasetNQuads(quads.filter((q) => q.graph.termType === 'DefaultGraph'));
}

/** Every graph of `quads` as sorted N-Quads (the same text as the compiled dataset). */
export function toNQuads(quads: readonly Quad[]): string {
  return datasetNQuads(quads);
}
