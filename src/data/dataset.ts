/**
 * Assembles the package's dataset from its sources: the ontology (in its own named graph) and, in the
 * default graph, the compiled claims (claims, evidence, sources, sentences, proposition nodes) and the
 * facts view. Claim graphs of the authoring files are compiled away (see {@link compileClaims}).
 * @module
 */
import { readFileSync, existsSync } from 'node:fs';
import type { Quad } from 'n3';
import { DataFactory } from '../rdf/factory.js';
import { quadKey } from '../rdf/term-key.js';
import { parseRdfFile } from './parse.js';
import { compileClaims, licensingConcepts } from './materialise.js';
import { fromNQuads, toNQuads } from './nquads.js';
import { compiledDatasetFile, dataFiles, ontologyFiles } from './paths.js';
import { ONTOLOGY_GRAPH } from '../namespaces.js';

export { toNQuads, nquadLine, fromNQuads } from './nquads.js';

/** The parts of the dataset, kept apart for validation and exports. */
export interface DatasetParts {
  /** Ontology and alignment triples (in the default graph, as parsed). */
  ontology: Quad[];
  /** The authoring files' quads as parsed: claim descriptions (default graph) and claim graphs. */
  data: Quad[];
  /** The compiled descriptions: claims, evidence, sources, sentences and proposition nodes (default graph). */
  claims: Quad[];
  /** The computed facts view (default graph). */
  facts: Quad[];
}

/** Parses the ontology and data sources (or given files), compiles the claims and computes the facts view. */
export function buildDatasetParts(files: { ontology?: readonly string[]; data?: readonly string[] } = {}): DatasetParts {
  const ontology = (files.ontology ?? ontologyFiles).filter(existsSync).flatMap((f) => parseRdfFile(f));
  const data = (files.data ?? dataFiles).flatMap((f) => parseRdfFile(f));
  const { descriptions, facts } = compileClaims(data, licensingConcepts(ontology));
  return { ontology, data, claims: descriptions, facts };
}

/**
 * The parts of the precompiled dataset (`dist/data/kaspersky-kg.nq`), for an installed package, which ships
 * no authoring files: the ontology graph, and the default graph as compiled claims (facts included).
 */
export function compiledDatasetParts(): DatasetParts {
  const ontology: Quad[] = [];
  const claims: Quad[] = [];
  for (const q of fromNQuads(readFileSync(compiledDatasetFile, 'utf8'), compiledDatasetFile)) {
    if (q.graph.termType === 'NamedNode' && q.graph.value === ONTOLOGY_GRAPH) ontology.push(DataFactory.quad(q.subject, q.predicate, q.object));
    else claims.push(q);
  }
  return { ontology, data: [], claims, facts: [] };
}

/**
 * The whole dataset as quads: ontology in the graph {@link ONTOLOGY_GRAPH}; in the default graph the
 * compiled claims and the facts view. No other named graph: loading the dataset as the union of its graphs
 * gives the facts view plus descriptions that assert nothing claimed. De-duplicated, in a stable order.
 */
export function assembleDataset(parts: Pick<DatasetParts, 'ontology' | 'claims' | 'facts'>): Quad[] {
  const g = DataFactory.namedNode(ONTOLOGY_GRAPH);
  const all = [...parts.ontology.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, g)), ...parts.claims, ...parts.facts];
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of all) {
    const k = quadKey(q);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(q);
    }
  }
  return out;
}

/**
 * The dataset as N-Quads text: the precompiled file when the package was built, else assembled from the
 * sources (slower, used in development).
 */
export function datasetNQuads(): { text: string; compiled: boolean } {
  if (existsSync(compiledDatasetFile) && process.env.KASPERSKY_KG_FROM_SOURCES !== '1') {
    return { text: readFileSync(compiledDatasetFile, 'utf8'), compiled: true };
  }
  return { text: toNQuads(assembleDataset(buildDatasetParts())), compiled: false };
}
