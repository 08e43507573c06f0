/**
 * Oxigraph terms as n3 (RDF/JS) terms: a light module (no engine, no store) for code that reads what
 * Oxigraph's parsers or queries return without needing the embedded target itself.
 * @module
 */
import type { Term } from 'n3';
import { DataFactory } from '../rdf/factory.js';

type OxTerm = import('oxigraph').Term;

/** Converts an Oxigraph term to an n3 (RDF/JS) term. */
export function fromOxigraph(t: OxTerm): Term {
  switch (t.termType) {
    case 'NamedNode':
      return DataFactory.namedNode(t.value);
    case 'BlankNode':
      return DataFactory.blankNode(t.value);
    case 'Literal': {
      const l = t as import('oxigraph').Literal;
      return l.language ? DataFactory.literal(l.value, l.language) : DataFactory.literal(l.value, DataFactory.namedNode(l.datatype.value));
    }
    case 'DefaultGraph':
      return DataFactory.defaultGraph();
    default:
      throw new Error(`unsupported term type ${t.termType}`);
  }
}
