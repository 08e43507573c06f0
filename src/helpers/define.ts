/**
 * A typed helper is one SPARQL text, a function that turns the caller's parameters into RDF-term
 * bindings (validated; never spliced as text), and a row mapper. The same helper runs on any target.
 * @module
 */
import type { QueryTarget, Solution } from '../query/target.js';
import type { Bindings } from '../query/terms.js';
import { SPARQL_PROLOGUE } from '../namespaces.js';

/** A helper's definition. */
export interface Helper<P, R> {
  /** Name (also the CLI/competency name). */
  readonly name: string;
  /** What it answers. */
  readonly description: string;
  /** The SPARQL text, prologue included. */
  readonly sparql: string;
  /** Parameters → bindings (throws ParameterError on bad input). */
  readonly bind: (params: P) => Bindings;
  /** Rows → typed results. */
  readonly map: (rows: Solution[], params: P) => R;
}

/** The parameters a helper takes (derived from its one definition). */
export type ParamsOf<H> = H extends Helper<infer P, unknown> ? P : never;
/** The result a helper returns (derived from its one definition). */
export type ResultOf<H> = H extends Helper<never, infer R> ? R : never;

/**
 * Defines a helper; `query` is written without the prefix prologue, which is added here. Bound variables
 * are joined in a VALUES block at the top of the outermost WHERE group, so they must be visible there (a
 * sub-select that uses one must project it).
 */
export function defineHelper<P, R>(spec: { name: string; description: string; query: string; bind?: (params: P) => Bindings; map: (rows: Solution[], params: P) => R }): Helper<P, R> {
  return { name: spec.name, description: spec.description, sparql: `${SPARQL_PROLOGUE}\n${spec.query.trim()}\n`, bind: spec.bind ?? (() => ({})), map: spec.map };
}

/** Runs a helper on a target: bind (validate), query, map. */
export async function runHelper<P, R>(target: QueryTarget, helper: Helper<P, R>, params: P): Promise<R> {
  const bindings = helper.bind(params);
  const rows = await target.select(helper.sparql, bindings);
  return helper.map(rows, params);
}
