/**
 * Assembles the package's dataset from its sources: ontology (in its own named graph), claim graphs,
 * the provenance layer and the computed facts view (default graph).
 * @module
 */
import { readFileSync, existsSync } from 'node:fs';
import type { Quad } from 'n3';
import { DataFactory } from '../rdf/factory.js';
import { parseRdf, parseRdfFile } from './parse.js';
import { licensingConcepts, materialiseFacts } from './materialise.js';
import { compiledDatasetFile, dataFiles, ontologyFiles } from './paths.js';
import { ONTOLOGY_GRAPH } from '../namespaces.js';

/** The parts of the dataset, kept apart for validation and exports. */
export interface DatasetParts {
  /** Ontology and alignment triples (in the default graph, as parsed). */
  ontology: Quad[];
  /** The data files' quads: provenance layer (default graph) and claim graphs. */
  data: Quad[];
  /** The computed facts view (default graph). */
  facts: Quad[];
}

/** Parses the ontology and data sources (or given files) and computes the facts view. */
export function buildDatasetParts(files: { ontology?: readonly string[]; data?: readonly string[] } = {}): DatasetParts {
  const ontology = (files.ontology ?? ontologyFiles).filter(existsSync).flatMap((f) => parseRdfFile(f));
  const data = (files.data ?? dataFiles).flatMap((f) => parseRdfFile(f));
  const facts = materialiseFacts(data, licensingConcepts(ontology));
  return { ontology, data, facts };
}

/**
 * The whole dataset as quads: ontology in the graph {@link ONTOLOGY_GRAPH}, claim graphs, and a default
 * graph holding the provenance layer plus the facts view. De-duplicated, in a stable order.
 */
export function assembleDataset(parts: DatasetParts): Quad[] {
  const g = DataFactory.namedNode(ONTOLOGY_GRAPH);
  const all = [...parts.ontology.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, g)), ...parts.data, ...parts.facts];
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

/** A string key identifying a quad (term types, values, language, datatype). */
export function quadKey(q: Quad): string {
  const o = q.object;
  const ok = o.termType === 'Literal' ? `"${o.value}"@${o.language}^^${o.datatype.value}` : `${o.termType}:${o.value}`;
  return `${q.graph.termType}:${q.graph.value} ${q.subject.termType}:${q.subject.value} ${q.predicate.value} ${ok}`;
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

/** Serialises quads as canonical-ish N-Quads, one per line, sorted for byte-stable output. */
export function toNQuads(quads: readonly Quad[]): string {
  const lines = quads.map(nquadLine);
  lines.sort();
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Parses N-Quads text (for round trips and the compiled dataset). */
export function fromNQuads(text: string, label = 'N-Quads'): Quad[] {
  return parseRdf(text, label, 'N-Quads');
}

const ESC: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
function escapeLiteral(s: string): string {
  return s.replace(/[\\"\n\r\t\b\f\u0000-\u001f\u007f]/g, (c) => ESC[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
}
function term(t: Quad['subject'] | Quad['object'] | Quad['graph'] | Quad['predicate']): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal': {
      const lex = `"${escapeLiteral(t.value)}"`;
      if (t.language) return `${lex}@${t.language}`;
      return t.datatype.value === 'http://www.w3.org/2001/XMLSchema#string' ? lex : `${lex}^^<${t.datatype.value}>`;
    }
    default:
      throw new Error(`cannot serialise a ${t.termType} in N-Quads`);
  }
}
/** One N-Quads line for a quad (without the newline). */
export function nquadLine(q: Quad): string {
  const g = q.graph.termType === 'DefaultGraph' ? '' : ` ${term(q.graph)}`;
  return `${term(q.subject)} ${term(q.predicate)} ${term(q.object)}${g} .`;
}
