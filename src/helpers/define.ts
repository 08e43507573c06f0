/**
 * A typed helper is one definition: the SPARQL it runs (its projection, WHERE text and solution
 * modifiers), a function that turns the caller's parameters into RDF-term bindings (validated; never
 * spliced as text), a row mapper, and optionally how `KasperskyGraph` calls it as a method. The
 * projection is a `const` list, so the mapper's rows are typed by it: reading a variable the query does
 * not project (`req(r, 'tpye')`) is a compile error, and a projected variable that the WHERE text never
 * mentions is refused when the helper is defined. The same helper runs on any target.
 * @module
 */
import type { QueryTarget } from '../query/target.js';
import { ParameterError, type Bindings } from '../query/terms.js';
import { SPARQL_PROLOGUE } from '../namespaces.js';
import type { Row } from './rows.js';

export type { Row } from './rows.js';

/**
 * The variable a projection item binds: `'name'` is `?name`; an expression item is written
 * `'(EXPR AS ?name)'` (an aggregate, `BIND`-like projection), and binds `?name`.
 */
export type VarOf<I extends string> = I extends `(${string} AS ?${infer V})` ? V : I;

/** The variables a projection list binds. */
export type VarsOf<S extends readonly string[]> = VarOf<S[number]>;

/** A helper's definition. `V` names the variables its SELECT projects (the rows its `map` reads). */
export interface Helper<P, R, V extends string = string> {
  /** Name (also the CLI/competency name). */
  readonly name: string;
  /** What it answers. */
  readonly description: string;
  /** The variables the SELECT projects, in order (without `?`). */
  readonly vars: readonly V[];
  /** The SPARQL text, prologue included. */
  readonly sparql: string;
  /** Parameters → bindings (throws ParameterError on bad input). */
  readonly bind: (params: P) => Bindings;
  /** Rows → typed results. */
  map(rows: readonly Row<V>[], params: P): R;
}

/** The parameters a helper takes (derived from its one definition). */
export type ParamsOf<H> = H extends { readonly bind: (params: infer P) => Bindings } ? P : never;
/** The result a helper returns (derived from its one definition). */
export type ResultOf<H> = H extends { map(rows: never, params: never): infer R } ? R : never;
/** The variables a helper's rows carry (derived from its projection). */
export type VarsOfHelper<H> = H extends Helper<never, unknown, infer V> ? V : never;

/**
 * How a helper is called as a `KasperskyGraph` method: its positional arguments (names, types, optional
 * ones and defaults as the method declares them) turned into the helper's parameters.
 */
export type MethodCall<P> = (...args: never[]) => P;

/** What {@link defineHelper} takes: one helper, written once. */
export interface HelperSpec<P, R, S extends readonly string[], M extends MethodCall<P> | undefined> {
  /** Name (also the CLI/competency name and, with `method`, the `KasperskyGraph` method's name). */
  name: string;
  /** What it answers. */
  description: string;
  /** `SELECT DISTINCT` when true. */
  distinct?: boolean;
  /**
   * The projection, in order: variable names without `?` (`'claim'`), or expressions `'(EXPR AS ?name)'`.
   * Written `as const`, it types the rows `map` receives.
   */
  select: S;
  /**
   * The text inside `WHERE { … }`, as written (with its own leading and trailing white space); the prefix
   * prologue is added for it. Bound parameters are joined in a VALUES block at the top of this group, so
   * they must be visible there (a sub-select that uses one must project it).
   */
  where: string;
  /** Solution modifiers after the WHERE group (`ORDER BY STR(?key)`, `LIMIT 10`), if any. */
  modifiers?: string;
  /** Parameters → bindings; {@link checkParams} runs first. Absent: no bindings. */
  bind?: (params: P) => Bindings;
  /** Rows (typed by `select`) → the result. */
  map: (rows: readonly Row<VarsOf<S>>[], params: P) => R;
  /**
   * How `KasperskyGraph` calls the helper as a method (`(iri: string) => ({ iri })`): its parameter list
   * becomes the method's (see `helpers/methods.ts`). Absent: no method (run it with `KasperskyGraph.run`).
   */
  method?: M;
}

/** A SPARQL variable occurring in a text: `?name` or `$name` not followed by another name character. */
function mentions(text: string, name: string): boolean {
  return new RegExp(`[?$]${name}(?![\\p{L}\\p{N}_\\u00B7\\u0300-\\u036F\\u203F-\\u2040])`, 'u').test(text);
}

/** The variable of a projection item and the variables its expression reads (none for a plain variable). */
function projectionItem(helper: string, item: string): { name: string; reads: string[] } {
  if (/^[\p{L}\p{N}_]+$/u.test(item)) return { name: item, reads: [] };
  const m = /^\((.+) AS \?([\p{L}\p{N}_]+)\)$/su.exec(item);
  if (!m) throw new Error(`helper ${helper}: projection item ${JSON.stringify(item.slice(0, 80))} is neither a variable name nor "(EXPR AS ?name)"`);
  return { name: m[2]!, reads: [...m[1]!.matchAll(/[?$]([\p{L}\p{N}_]+)/gu)].map((x) => x[1]!) };
}

/**
 * The projected variables of a helper, checked against its WHERE text: each plain variable, and each
 * variable an expression reads, must occur there (a misspelt name would be unbound in every row); no
 * variable is projected twice.
 */
export function projectedVars(helper: string, select: readonly string[], where: string): string[] {
  const names: string[] = [];
  for (const item of select) {
    const { name, reads } = projectionItem(helper, item);
    for (const v of reads.length ? reads : [name]) {
      if (!mentions(where, v)) throw new Error(`helper ${helper}: projected variable ?${v} does not occur in its WHERE text (misspelt?)`);
    }
    if (names.includes(name)) throw new Error(`helper ${helper}: ?${name} is projected twice`);
    names.push(name);
  }
  if (!names.length) throw new Error(`helper ${helper}: the projection is empty`);
  return names;
}

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
 * Defines a helper, in two steps so that its parameter and result types are written explicitly while the
 * projection and the method are inferred: `defineHelper<Params, Result>()({ name, description, select:
 * ['s', 'v'] as const, where: `…`, bind, map, method })`. The SPARQL text is
 * `SELECT [DISTINCT] ?s ?v WHERE {where} modifiers` after the prefix prologue. Throws when a projected
 * variable does not occur in the WHERE text. The helper's `bind` first runs {@link checkParams}.
 */
export function defineHelper<P, R>() {
  return <const S extends readonly string[], M extends MethodCall<P> | undefined = undefined>(
    spec: HelperSpec<P, R, S, M>,
  ): Helper<P, R, VarsOf<S>> & { readonly method: M } => {
    const vars = projectedVars(spec.name, spec.select, spec.where) as VarsOf<S>[];
    const bind = spec.bind ?? (() => ({}));
    const head = `SELECT ${spec.distinct ? 'DISTINCT ' : ''}${spec.select.map((i) => (i.startsWith('(') ? i : `?${i}`)).join(' ')}`;
    const query = `${head} WHERE {${spec.where}}${spec.modifiers ? ` ${spec.modifiers}` : ''}`;
    return {
      name: spec.name,
      description: spec.description,
      vars,
      sparql: `${SPARQL_PROLOGUE}\n${query.trim()}\n`,
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
      method: spec.method as M,
    };
  };
}

/** Runs a helper on a target: bind (validate: a {@link ParameterError} on bad input), query, map. */
export async function runHelper<P, R>(target: QueryTarget, helper: Helper<P, R>, params: P): Promise<R> {
  if (!helper || typeof helper.bind !== 'function' || typeof helper.sparql !== 'string') throw new ParameterError('helper', 'expected a helper made by defineHelper');
  const bindings = helper.bind(params);
  const rows = await target.select(helper.sparql, bindings);
  return helper.map(rows, params);
}
