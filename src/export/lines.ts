/**
 * N-Triples and N-Quads, one statement per line, sorted (byte-stable). Both reuse the package's
 * N-Quads line writer (`data/dataset.ts`): N-Triples carries the default graph only, N-Quads every graph.
 * Blank nodes are written `_:b0`, `_:b1`, … (see `relabelBlankNodes` in src/data/nquads.ts), labels every N-Triples/N-Quads parser accepts.
 * @module
 */
import type { Quad } from 'n3';
import { toNQuads as datasetNQuads } from '../data/dataset.js';
import { relabelBlankNodes } from '../data/nquads.js';

/** The default graph of `quads` as sorted N-Triples. */
export function toNTriples(quads: readonly Quad[]): string {
  return datasetNQuads(relabelBlankNodes(quads.filter((q) => q.graph.termType === 'DefaultGraph')));
}

/** Every graph of `quads` as sorted N-Quads (the same text as the compiled dataset, which has no blank nodes). */
export function toNQuads(quads: readonly Quad[]): string {
  return datasetNQuads(relabelBlankNodes(quads));
}
