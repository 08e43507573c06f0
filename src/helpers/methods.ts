/**
 * The typed helpers as `KasperskyGraph` methods, derived from their definitions: a helper that declares
 * `method: (iri: string) => ({ iri })` (`helpers/queries.ts`) becomes `kg.entity(iri: string)`, whose
 * parameters are that function's (names, optional ones and defaults included), whose result is the
 * helper's ({@link ResultOf}), and whose documentation is the helper's. Nothing is restated by hand: add a
 * helper with a `method` and the graph has the method.
 * @module
 */
import * as H from './queries.js';
import type { Helper, ResultOf } from './define.js';

/** The exports of `helpers/queries.ts`. */
type Helpers = typeof H;

/** A helper's method signature: the parameters of its `method`, resolving to its result. */
export type HelperMethod<X> = X extends { readonly method: infer F extends (...args: never[]) => unknown }
  ? (...args: Parameters<F>) => Promise<ResultOf<X>>
  : never;

/** The names of the helpers that declare a method (each the method's name). */
export type HelperMethodName = { [K in keyof Helpers]: Helpers[K] extends { readonly method: (...args: never[]) => unknown } ? K : never }[keyof Helpers];

/** Every export mapped to its method signature (homomorphic, so each keeps its helper's documentation). */
type AllMethods = { [K in keyof Helpers]: HelperMethod<Helpers[K]> };

/**
 * The helper methods of `KasperskyGraph`, one per helper that declares a `method`: `entity(iri)`,
 * `findEntities(name, limit?)`, `timeline(range?)`, `claims(source?)`, `sourcesOf(subject, predicate, object)`…
 */
export type HelperMethods = Pick<AllMethods, HelperMethodName>;

/** What the methods need of the object they are installed on: a way to run a helper. */
export interface HelperRunner {
  /** Runs a typed helper with its parameters. */
  run<P, R>(helper: Helper<P, R>, params: P): Promise<R>;
}

/** A helper that declares a method. */
type MethodHelper = Helper<unknown, unknown> & { readonly method: (...args: unknown[]) => unknown };

/** The helpers that declare a method, by method name (the export name, which is also the helper's name). */
export function methodHelpers(): Map<string, MethodHelper> {
  const out = new Map<string, MethodHelper>();
  for (const [key, value] of Object.entries(H)) {
    if (!value || typeof value !== 'object' || typeof (value as { method?: unknown }).method !== 'function') continue;
    const helper = value as MethodHelper;
    if (helper.name !== key) throw new Error(`helper exported as ${key} is named ${helper.name}: a method takes the helper's name`);
    out.set(key, helper);
  }
  return out;
}

/**
 * Installs the helper methods on a prototype (`installHelperMethods(KasperskyGraph.prototype)`): each turns
 * its arguments into the helper's parameters with the helper's `method` and calls `this.run`, so a subclass
 * that overrides `run` (the embedded graph's point-lookup index) serves the methods too. Refuses to replace
 * a method the prototype already has.
 */
export function installHelperMethods(proto: HelperRunner): void {
  for (const [name, helper] of methodHelpers()) {
    if (Object.prototype.hasOwnProperty.call(proto, name)) throw new Error(`installHelperMethods: the prototype already has a method ${name}`);
    const method = {
      [name](this: HelperRunner, ...args: unknown[]): Promise<unknown> {
        return this.run(helper, helper.method(...args));
      },
    }[name]!;
    Object.defineProperty(proto, name, { value: method, writable: true, configurable: true, enumerable: false });
  }
}
