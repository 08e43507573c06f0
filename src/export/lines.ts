/**
 * N-Triples and N-Quads exports, one statement per line, sorted (byte-stable): the package's one N-Quads
 * writer (`data/nquads.ts`, n3's `Writer` in line mode). N-Triples carries the default graph only, N-Quads
 * every graph. Blank nodes are written `_:b0`, `_:b1`, … (see `relabelBlankNodes` in src/data/nquads.ts),
 * labels every N-Triples/N-Quads parser accepts.
 * @module
 */
export { toNQuads, toNTriples } from '../data/nquads.js';
