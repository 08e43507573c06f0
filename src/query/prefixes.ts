/**
 * Queries may use the package's prefixes (`kg:`, `id:`, `event:`, `rdfs:` …) without declaring them:
 * the declarations they lack are added in front. A prefix the query declares itself is left alone.
 * @module
 */
import { PREFIXES } from '../namespaces.js';
import { addPrefixes } from './lexical.js';

/** Adds `PREFIX` lines for the package prefixes a query uses but does not declare (`addPrefixes` of `lexical.ts`). */
export function withPackagePrefixes(query: string): string {
  return addPrefixes(query, PREFIXES).query;
}
