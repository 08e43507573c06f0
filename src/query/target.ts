/**
 * The one small interface every query runs through: the embedded engine and remote endpoints alike.
 * @module
 */
import type { Quad, Term } from 'n3';
import type { Bindings } from './terms.js';

/** One solution of a SELECT: variable name → RDF/JS term (unbound variables are absent). */
export type Solution = Readonly<Record<string, Term>>;

/** Something that answers SPARQL 1.1 queries. */
export interface QueryTarget {
  /** `embedded` (Oxigraph in this process) or `remote` (a SPARQL 1.1 Protocol endpoint). */
  readonly kind: 'embedded' | 'remote';
  /** Runs a SELECT query; `bindings` are bound as a VALUES block, never spliced as text. */
  select(query: string, bindings?: Bindings): Promise<Solution[]>;
  /** Runs an ASK query. */
  ask(query: string, bindings?: Bindings): Promise<boolean>;
  /** Runs a CONSTRUCT or DESCRIBE query and returns RDF/JS quads (default graph). */
  construct(query: string, bindings?: Bindings): Promise<Quad[]>;
  /** Releases resources (a no-op for the embedded store). */
  close(): Promise<void>;
}

/** A query the engine refused (syntax error, unsupported feature) or a failure running it. */
export class QueryError extends Error {
  /** The query text that failed. */
  readonly query: string;
  constructor(message: string, query: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueryError';
    this.query = query;
  }
}
