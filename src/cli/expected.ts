/**
 * The canonical, reviewable form of a competency question's answer: each term written in SPARQL syntax
 * (`<iri>`, `"text"@en`, `"2024-06-20"^^<…#date>`), rows in query order (sorted when the query has no
 * ORDER BY), so expected files diff cleanly and compare exactly across engines.
 * @module
 */
import type { QueryTarget } from '../query/target.js';
import { termToSparql } from '../query/terms.js';
import { projectionOf } from './results-format.js';

/** The canonical answer of a query. */
export type CanonicalAnswer = { boolean: boolean } | { vars: string[]; rows: Record<string, string>[] };

/** Runs a query and returns its canonical answer. */
export async function canonicalAnswer(target: QueryTarget, query: string): Promise<CanonicalAnswer> {
  if (/^\s*ASK\b/im.test(query.replace(/^\s*(PREFIX|BASE|#)[^\n]*$/gim, ''))) return { boolean: await target.ask(query) };
  const solutions = await target.select(query);
  const vars = projectionOf(query) ?? [...new Set(solutions.flatMap((s) => Object.keys(s)))].sort();
  const rows = solutions.map((s) => Object.fromEntries(vars.filter((v) => s[v]).map((v) => [v, termToSparql(s[v]!)])));
  if (!/\bORDER\s+BY\b/i.test(query)) rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return { vars, rows };
}
