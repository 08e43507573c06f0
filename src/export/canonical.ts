/**
 * RDF Dataset Canonicalization (RDFC-1.0) of a dataset and the SHA-256 of its canonical N-Quads: a hash
 * of the graph itself, independent of serialisation, order and blank-node labels. Computed with jsonld.js's
 * rdf-canonize (loaded lazily; never fetches: the input is N-Quads).
 * @module
 */
import { createHash } from 'node:crypto';
import type { Quad } from 'n3';
import { toNQuads } from '../data/nquads.js';
import { staticDocumentLoader } from './context.js';

/** The dataset in RDFC-1.0 canonical N-Quads. */
export async function canonicalNQuads(quads: readonly Quad[]): Promise<string> {
  const jsonld = (await import('jsonld')).default;
  const out = await jsonld.canonize(toNQuads(quads) as never, {
    algorithm: 'RDFC-1.0',
    inputFormat: 'application/n-quads',
    format: 'application/n-quads',
    documentLoader: staticDocumentLoader,
  } as never);
  return out as unknown as string;
}

/** SHA-256 (hex) of the dataset's RDFC-1.0 canonical N-Quads. */
export async function canonicalHash(quads: readonly Quad[]): Promise<string> {
  return sha256(await canonicalNQuads(quads));
}

/** SHA-256 (hex) of a text (UTF-8) or bytes. */
export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
