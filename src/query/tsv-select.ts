/**
 * The embedded engine's SELECT with cheaper term conversion. {@link EmbeddedTarget} turns every cell of a
 * result into n3 terms through Oxigraph's WASM term objects (a wrapper with a finalizer per cell, and a
 * call into WASM per field: term type, value, language, datatype); here Oxigraph serialises the whole
 * result once as SPARQL TSV (every cell a term in N-Triples syntax, or a bare Turtle number or boolean),
 * and the same n3 terms are built from that text, IRIs and datatypes shared within a result. Anything this
 * path does not handle (a failing or non-SELECT query, an RDF 1.2 triple term or directional string)
 * runs through `EmbeddedTarget.select`, so answers and errors are the same (`test/index-store.test.ts`
 * compares both on every helper and competency question and on the term shapes TSV abbreviates).
 * @module
 */
import type { NamedNode, Term } from 'n3';
import { DataFactory } from '../rdf/factory.js';
import { EmbeddedTarget } from './embedded.js';
import type { Solution } from './target.js';
import { unescapeLiteral } from '../rdf/escape.js';
import { prepareQuery, type Bindings } from './terms.js';
import { XSD } from '../namespaces.js';

/** An {@link EmbeddedTarget} whose `select` reads Oxigraph's SPARQL TSV instead of its term objects. */
export class TsvSelectTarget extends EmbeddedTarget {
  /** Runs a SELECT query; the rows are deepEqual to `EmbeddedTarget.select`'s. */
  override async select(query: string, bindings?: Bindings): Promise<Solution[]> {
    let tsv: unknown;
    try {
      tsv = this.store.query(prepareQuery(query, bindings), { results_format: 'tsv' });
    } catch {
      return super.select(query, bindings); // the same error, raised the usual way
    }
    const rows = typeof tsv === 'string' ? parseTsv(tsv) : undefined;
    return rows ?? super.select(query, bindings);
  }
}

/**
 * Parses Oxigraph's SPARQL TSV into rows of n3 terms; undefined when the text holds something the
 * N-Triples subset below does not cover (the caller then converts the engine's own terms).
 */
export function parseTsv(tsv: string): Solution[] | undefined {
  const lines = tsv.split('\n'); // tabs and newlines inside literals are escaped
  const head = lines[0]!;
  if (head === '' || lines[lines.length - 1] !== '') return undefined;
  const vars = head.split('\t').map((v) => v.slice(1));
  const iris = new Map<string, NamedNode>();
  const iri = (value: string): NamedNode => {
    let n = iris.get(value);
    if (!n) iris.set(value, (n = DataFactory.namedNode(value)));
    return n;
  };
  const rows: Solution[] = new Array<Solution>(lines.length - 2);
  for (let i = 1; i < lines.length - 1; i++) {
    const cells = lines[i]!.split('\t');
    const row: Record<string, Term> = {};
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k]!;
      if (c === '') continue; // unbound
      const first = c.charCodeAt(0);
      let term: Term;
      if (first === 60 /* < */) {
        if (c.charCodeAt(1) === 60) return undefined; // << triple term >>
        term = iri(c.slice(1, -1));
      } else if (first === 34 /* " */) {
        const end = c.lastIndexOf('"');
        const value = unescapeLiteral(c.slice(1, end));
        if (end === c.length - 1) term = DataFactory.literal(value);
        else if (c.charCodeAt(end + 1) === 64 /* @ */) {
          const lang = c.slice(end + 2);
          if (lang.includes('--')) return undefined; // directional string
          term = DataFactory.literal(value, lang);
        } else term = DataFactory.literal(value, iri(c.slice(end + 4, -1))); // "…"^^<datatype>
      } else if (first === 95 /* _ */) term = DataFactory.blankNode(c.slice(2));
      else {
        // a bare Turtle literal: its syntax gives its datatype
        const type = c === 'true' || c === 'false' ? 'boolean' : /[eE]/.test(c) ? 'double' : c.includes('.') ? 'decimal' : 'integer';
        term = DataFactory.literal(c, iri(XSD + type));
      }
      row[vars[k]!] = term;
    }
    rows[i - 1] = row;
  }
  return rows;
}
