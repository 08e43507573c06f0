/**
 * Queries may use the package's prefixes (`kg:`, `id:`, `event:`, `rdfs:` …) without declaring them:
 * the declarations they lack are added in front. A prefix the query declares itself is left alone.
 * @module
 */
import { PREFIXES } from '../namespaces.js';
import { codeOnly } from './lexical.js';

const DECLARED = /\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:/gi;

/**
 * Adds `PREFIX` lines for the package prefixes a query uses but does not declare. Only code counts: text
 * that looks like a prefixed name inside a string literal, an IRI or a comment is no use of the prefix.
 */
export function withPackagePrefixes(query: string): string {
  const code = codeOnly(query);
  const declared = new Set<string>();
  for (const m of code.matchAll(DECLARED)) declared.add(m[1] ?? '');
  const missing = Object.entries(PREFIXES).filter(([p]) => !declared.has(p) && new RegExp(`(^|[^\\w:.-])${p}:`).test(code));
  if (missing.length === 0) return query;
  return `${missing.map(([p, iri]) => `PREFIX ${p}: <${iri}>`).join('\n')}\n${query}`;
}
