/**
 * Caller-written SPARQL on the embedded data, isolated: each query runs in a worker thread (the endpoint's
 * query pool, `query/pool.ts`) that is terminated when the query passes its time limit or memory limit or
 * the engine traps, and is then replaced; results larger than the size limit are refused. The text is
 * checked first (nesting depth, `query/guard.ts`). Every failure is a {@link QueryError} with a clear message;
 * the next query is answered by a fresh worker.
 * @module
 */
import type { Quad } from 'n3';
import type { QueryPool } from './pool.js';
import type { FailureKind } from './pool-protocol.js';
import { parseGraphResponse, parseResultsJson } from './answers.js';
import { checkQueryText, shortFirstLine } from './guard.js';
import { QueryError, type QueryTarget, type Solution } from './target.js';
import { prepareQuery, type Bindings } from './terms.js';

/** Limits of caller-written queries on the embedded graph (`openGraph({ timeoutMs, … })`, CLI flags). */
export interface QueryLimits {
  /** Time limit per query in ms (default 30 000). */
  timeoutMs?: number;
  /** Largest serialised result in bytes (default 64 MiB). */
  maxResultBytes?: number;
  /** How far the process may grow while the query runs, in MiB (default 512). */
  memoryLimitMb?: number;
}

/** The default time limit of caller-written queries, in ms. */
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;
/** The default result-size limit of caller-written queries, in bytes. */
export const DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024;
/** The default memory limit of caller-written queries, in MiB. */
export const DEFAULT_MEMORY_LIMIT_MB = 512;

/** A caller-written query the isolation stopped or refused: over a limit, or too complex for the engine. */
export class QueryLimitError extends QueryError {
  /** Which limit: `timeout`, `memory`, `too-large` (result size), `too-complex` (engine stack), `internal`. */
  readonly kind: FailureKind;
  constructor(message: string, query: string, kind: FailureKind) {
    super(message, query);
    this.name = 'QueryLimitError';
    this.kind = kind;
  }
}

const JSON_RESULTS = 'application/sparql-results+json';
const NTRIPLES = 'application/n-triples';

/** A {@link QueryTarget} that runs every query in a terminable worker with limits. */
export class IsolatedTarget implements QueryTarget {
  readonly kind = 'embedded' as const;
  private readonly pool: () => QueryPool | Promise<QueryPool>;
  private readonly limits: Required<QueryLimits>;
  /** `pool` gives the (shared, lazily created) worker pool; `limits` apply to every query of this target. */
  constructor(pool: () => QueryPool | Promise<QueryPool>, limits: QueryLimits = {}) {
    this.pool = pool;
    this.limits = {
      timeoutMs: positive('timeoutMs', limits.timeoutMs) ?? DEFAULT_QUERY_TIMEOUT_MS,
      maxResultBytes: positive('maxResultBytes', limits.maxResultBytes) ?? DEFAULT_MAX_RESULT_BYTES,
      memoryLimitMb: positive('memoryLimitMb', limits.memoryLimitMb) ?? DEFAULT_MEMORY_LIMIT_MB,
    };
  }

  private async run(query: string, bindings: Bindings | undefined, format: string, altFormat: string): Promise<{ body: string; format: string; text: string }> {
    const text = prepareQuery(query, bindings);
    checkQueryText(text);
    const pool = await this.pool();
    const outcome = await pool.run({ query: text, format, altFormat, ...this.limits });
    if (outcome.ok) return { body: outcome.body, format: outcome.format, text };
    if (outcome.kind === 'query') throw new QueryError(shortFirstLine(`SPARQL query failed: ${outcome.message}`), text);
    throw new QueryLimitError(`SPARQL query stopped: ${outcome.message}`, text, outcome.kind);
  }

  async select(query: string, bindings?: Bindings): Promise<Solution[]> {
    const r = await this.run(query, bindings, JSON_RESULTS, NTRIPLES);
    const parsed = r.format === JSON_RESULTS ? parseResultsJson(r.body) : undefined;
    if (!parsed || parsed.kind !== 'bindings') throw new QueryError('expected a SELECT query', query);
    return parsed.rows;
  }

  async ask(query: string, bindings?: Bindings): Promise<boolean> {
    const r = await this.run(query, bindings, JSON_RESULTS, NTRIPLES);
    const parsed = r.format === JSON_RESULTS ? parseResultsJson(r.body) : undefined;
    if (!parsed || parsed.kind !== 'boolean') throw new QueryError('expected an ASK query', query);
    return parsed.value;
  }

  async construct(query: string, bindings?: Bindings): Promise<Quad[]> {
    const r = await this.run(query, bindings, NTRIPLES, JSON_RESULTS);
    if (r.format !== NTRIPLES) throw new QueryError('expected a CONSTRUCT or DESCRIBE query', query);
    return parseGraphResponse(r.body, NTRIPLES);
  }

  /** The pool is shared and its idle workers do not keep the process alive: nothing to release. */
  async close(): Promise<void> {}
}

function positive(name: string, v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive number, not ${String(v)}`);
  return v;
}
