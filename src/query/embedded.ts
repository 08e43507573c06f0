/**
 * The embedded target: Oxigraph (WASM) loaded once with the package's dataset.
 * Oxigraph is imported lazily, so importing the package does not pay for the engine.
 * @module
 */
import type { Quad, Term } from 'n3';
import { DataFactory } from '../rdf/factory.js';
import type { QueryTarget, Solution } from './target.js';
import { QueryError } from './target.js';
import { prepareQuery, type Bindings } from './terms.js';

type OxStore = import('oxigraph').Store;
type OxTerm = import('oxigraph').Term;

export { fromOxigraph } from './oxigraph-terms.js';
import { fromOxigraph } from './oxigraph-terms.js';

/** A {@link QueryTarget} over an Oxigraph store. */
export class EmbeddedTarget implements QueryTarget {
  readonly kind = 'embedded' as const;
  /** The underlying Oxigraph store (for advanced use; treat as read-only). */
  readonly store: OxStore;
  constructor(store: OxStore) {
    this.store = store;
  }

  private run(query: string, bindings: Bindings | undefined): ReturnType<OxStore['query']> {
    const text = prepareQuery(query, bindings);
    try {
      return this.store.query(text);
    } catch (error) {
      throw new QueryError(`SPARQL query failed: ${error instanceof Error ? error.message : String(error)}`, text, { cause: error });
    }
  }

  async select(query: string, bindings?: Bindings): Promise<Solution[]> {
    const r = this.run(query, bindings);
    if (!Array.isArray(r) || (r.length > 0 && !(r[0] instanceof Map))) throw new QueryError('expected a SELECT query', query);
    return (r as Map<string, OxTerm>[]).map((m) => {
      const row: Record<string, Term> = {};
      for (const [k, v] of m) row[k] = fromOxigraph(v);
      return row;
    });
  }

  async ask(query: string, bindings?: Bindings): Promise<boolean> {
    const r = this.run(query, bindings);
    if (typeof r !== 'boolean') throw new QueryError('expected an ASK query', query);
    return r;
  }

  async construct(query: string, bindings?: Bindings): Promise<Quad[]> {
    const r = this.run(query, bindings);
    if (!Array.isArray(r) || (r.length > 0 && r[0] instanceof Map)) throw new QueryError('expected a CONSTRUCT or DESCRIBE query', query);
    return (r as import('oxigraph').Quad[]).map((q) =>
      DataFactory.quad(fromOxigraph(q.subject) as Quad['subject'], fromOxigraph(q.predicate) as Quad['predicate'], fromOxigraph(q.object) as Quad['object']),
    );
  }

  async close(): Promise<void> {}
}

/** Creates an Oxigraph store loaded with N-Quads text. */
export async function loadOxigraph(nquads: string): Promise<OxStore> {
  const ox = await import('oxigraph');
  const store = new ox.Store();
  store.load(nquads, { format: 'application/n-quads' });
  return store;
}
