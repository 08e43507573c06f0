/**
 * Row mapping: turning SPARQL solutions into typed values without loss (dates stay ISO strings,
 * integers become bigint, IRIs stay strings).
 * @module
 */
import type { Term } from 'n3';
import type { Solution } from '../query/target.js';
import { KG } from '../namespaces.js';

/** An absolute IRI. */
export type Iri = string;

/** A literal value as a date at the source's precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export type IsoDate = string;

/** A text in some language. */
export interface LangString {
  /** The text. */
  value: string;
  /** BCP 47 language tag, lower-cased (empty for a plain string). */
  language: string;
}

/**
 * A result row whose variables are `V` (a helper's projection): each may be unbound (OPTIONAL, UNION), so
 * each is optional, and reading any other name is a type error. An untyped {@link Solution} is a `Row<string>`.
 */
export type Row<V extends string> = { readonly [K in V]?: Term };

/**
 * The value of a required variable; throws when the row lacks it (a query/mapper mismatch). `name` must
 * be one of the row's variables (a compile error otherwise).
 */
export function req<V extends string>(row: Row<V>, name: NoInfer<V>): Term {
  const t = row[name];
  if (!t) throw new Error(`result row lacks ?${name}`);
  return t;
}

/** The string value of an optional variable; `name` must be one of the row's variables (a compile error otherwise). */
export function opt<V extends string>(row: Row<V>, name: NoInfer<V>): string | undefined {
  return row[name]?.value;
}

/** The local name of a kg: IRI (`https://…/ontology#Prohibition` → `Prohibition`), else the IRI. */
export function kgName<T extends string = string>(iri: string): T {
  return (iri.startsWith(KG) ? iri.slice(KG.length) : iri) as T;
}

/** An integer literal as a bigint (never a lossy number). */
export function bigintOf(t: Term | undefined): bigint | undefined {
  if (!t) return undefined;
  try {
    return BigInt(t.value);
  } catch {
    throw new Error(`not an integer: ${JSON.stringify(t.value)}`);
  }
}

/** Groups rows by a key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** Distinct values, sorted, without empties. */
export function uniqueSorted(values: Iterable<string | undefined>): string[] {
  return [...new Set([...values].filter((v): v is string => v !== undefined && v !== ''))].sort();
}

/** Canonical form for a boolean literal as servers return it (`1`/`0`/`true`/`false`). */
export function booleanOf(t: Term | undefined): boolean | undefined {
  if (!t) return undefined;
  return t.value === 'true' || t.value === '1';
}
