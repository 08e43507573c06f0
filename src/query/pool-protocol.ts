/**
 * Messages between the query pool and its workers.
 * @module
 */

/** A query for a worker. */
export interface WorkerRequest {
  /** Request id, echoed in the reply. */
  readonly id: number;
  /** The SPARQL query text. */
  readonly query: string;
  /** The Oxigraph results format (a media type) for the query's form as the server read it. */
  readonly format: string;
  /** The format to use if the engine says the form is the other kind (SELECT/ASK ↔ CONSTRUCT/DESCRIBE). */
  readonly altFormat: string;
  /** `default-graph-uri` values (empty: the dataset's default graph). */
  readonly defaultGraphs: readonly string[];
  /** `named-graph-uri` values (empty: every named graph). */
  readonly namedGraphs: readonly string[];
  /** Largest serialised result allowed, in bytes. */
  readonly maxResultBytes: number;
}

/** What a worker is started with. */
export interface WorkerSetup {
  /** The dataset as N-Quads. */
  readonly nquads: string;
}

/** Why a query produced no result. */
export type FailureKind = 'query' | 'too-large' | 'timeout' | 'memory' | 'too-complex' | 'busy' | 'internal' | 'aborted';

/** What a worker sends back. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly body: string; readonly format: string }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly ok: false;
      readonly kind: FailureKind;
      readonly message: string;
      /** True when the worker exits after this reply (its engine trapped): it must get no further query. */
      readonly retiring?: boolean;
    };
