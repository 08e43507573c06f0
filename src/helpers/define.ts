/**
 * A typed helper is one SPARQL text, a function that turns the caller's parameters into RDF-term
 * bindings (validated; never spliced as text), and a row mapper. The same helper runs on any target.
 * @module
 */
import type { QueryTarget, Solution } from '../query/target.js';
import { ParameterError, type Bindings } from '../query/terms.js';
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

/** What a hostile value is, in a few words (never the whole value). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Checks one parameter value whatever the helper: no null, no empty or blank string, no non-finite number, no array. */
function checkValue(name: string, value: unknown, depth: number): void {
  if (value === undefined) return;
  if (value === null) throw new ParameterError(name, 'null is not a value (leave the parameter out instead)');
  switch (typeof value) {
    case 'string':
      if (value.trim() === '') throw new ParameterError(name, `${value === '' ? 'an empty string' : 'a blank string'} (leave the parameter out instead)`);
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new ParameterError(name, `expected a finite number, got ${kindOf(value)}`);
      return;
    case 'object':
      if (Array.isArray(value)) throw new ParameterError(name, 'expected one value, got an array');
      if (depth >= 2) throw new ParameterError(name, 'an object nested too deep');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) checkValue(`${name}.${k.slice(0, 40)}`, v, depth + 1);
      return;
    default:
      throw new ParameterError(name, `expected a string or a number, got ${typeof value}`);
  }
}

/**
 * Checks a helper's parameters before its own `bind` sees them: nothing, or an object of named values;
 * a null, empty or blank string, non-finite number, array, boolean or function is refused with a
 * {@link ParameterError} naming the parameter (an empty IRI never means "no filter").
 */
export function checkParams(helper: string, params: unknown): void {
  if (params === undefined) return;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new ParameterError(`${helper}(parameters)`, `expected an object of named parameters, got ${kindOf(params)}`);
  }
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) checkValue(k.slice(0, 40), v, 0);
}

/**
 * Defines a helper; `query` is written without the prefix prologue, which is added here. Bound variables
 * are joined in a VALUES block at the top of the outermost WHERE group, so they must be visible there (a
 * sub-select that uses one must project it). The helper's `bind` first runs {@link checkParams}.
 */
export function defineHelper<P, R>(spec: { name: string; description: string; query: string; bind?: (params: P) => Bindings; map: (rows: Solution[], params: P) => R }): Helper<P, R> {
  const bind = spec.bind ?? (() => ({}));
  return {
    name: spec.name,
    description: spec.description,
    sparql: `${SPARQL_PROLOGUE}\n${spec.query.trim()}\n`,
    bind: (params: P) => {
      checkParams(spec.name, params);
      try {
        return bind(params);
      } catch (error) {
        // A helper's own checks may trip over a hostile value's shape: still the package's ParameterError.
        if (error instanceof ParameterError || !(error instanceof TypeError)) throw error;
        throw new ParameterError(`${spec.name}(parameters)`, error.message);
      }
    },
    map: spec.map,
  };
}

/** Runs a helper on a target: bind (validate: a {@link ParameterError} on bad input), query, map. */
export async function runHelper<P, R>(target: QueryTarget, helper: Helper<P, R>, params: P): Promise<R> {
  if (!helper || typeof helper.bind !== 'function' || typeof helper.sparql !== 'string') throw new ParameterError('helper', 'expected a helper made by defineHelper');
  const bindings = helper.bind(params);
  const rows = await target.select(helper.sparql, bindings);
  return helper.map(rows, params);
}
