/**
 * Formatting SELECT results for the command line: an aligned table, SPARQL 1.1 Query Results JSON,
 * CSV and TSV (W3C SPARQL 1.1 Query Results CSV and TSV Formats; CSV written by `io/csv.ts` with CRLF).
 * @module
 */
import type { Term } from 'n3';
import type { Solution } from '../query/target.js';
import { termToSparql } from '../query/terms.js';
import { writeCsv } from '../io/csv.js';

/** The output formats of `kaspersky-kg query`. */
export type ResultsFormat = 'table' | 'json' | 'csv' | 'tsv';

/** Reads the projected variable names of a SELECT query (`*` or none found → undefined). */
export function projectionOf(query: string): string[] | undefined {
  const m = /\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?([\s\S]*?)\b(?:FROM|WHERE)\b|\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?([\s\S]*?)\{/i.exec(query.replace(/#[^\n]*/g, ''));
  const clause = m?.[1] ?? m?.[2];
  if (!clause || clause.trim().startsWith('*')) return undefined;
  const names: string[] = [];
  // top-level "?x" or "(expr AS ?x)"
  let depth = 0;
  for (const tok of clause.matchAll(/\(|\)|\?\w+|\$\w+/g)) {
    if (tok[0] === '(') depth++;
    else if (tok[0] === ')') depth--;
    else if (depth === 0) names.push(tok[0].slice(1));
    else if (/AS\s*$/i.test(clause.slice(0, tok.index).trimEnd().slice(-3))) names.push(tok[0].slice(1));
  }
  return names.length ? names : undefined;
}

function jsonTerm(t: Term): Record<string, string> {
  if (t.termType === 'NamedNode') return { type: 'uri', value: t.value };
  if (t.termType === 'BlankNode') return { type: 'bnode', value: t.value };
  if (t.termType === 'Literal') {
    if (t.language) return { type: 'literal', value: t.value, 'xml:lang': t.language };
    if (t.datatype.value !== 'http://www.w3.org/2001/XMLSchema#string') return { type: 'literal', value: t.value, datatype: t.datatype.value };
    return { type: 'literal', value: t.value };
  }
  throw new Error(`unexpected ${t.termType} in results`);
}

/** Renders rows in a format. */
export function formatResults(rows: readonly Solution[], format: ResultsFormat, vars: readonly string[]): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ head: { vars }, results: { bindings: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, jsonTerm(v)]))) } }, null, 2)}\n`;
    case 'csv':
      // SPARQL 1.1 Query Results CSV: CRLF line ends (W3C), blank nodes as `_:label`, unbound as an empty field.
      return writeCsv([vars, ...rows.map((r) => vars.map((v) => (r[v] ? (r[v]!.termType === 'BlankNode' ? `_:${r[v]!.value}` : r[v]!.value) : '')))], { lineEnd: '\r\n' });
    case 'tsv':
      return `${[vars.map((v) => `?${v}`).join('\t'), ...rows.map((r) => vars.map((v) => (r[v] ? termToSparqlOrBlank(r[v]!) : '')).join('\t'))].join('\n')}\n`;
    case 'table': {
      const cells = rows.map((r) => vars.map((v) => r[v]?.value ?? ''));
      const widths = vars.map((v, i) => Math.min(60, Math.max(v.length, ...cells.map((c) => c[i]!.length))));
      const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
      const line = (c: string[]) => c.map((s, i) => fit(s, widths[i]!)).join(' │ ').trimEnd();
      return `${[line([...vars]), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n')}\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`;
    }
  }
}
function termToSparqlOrBlank(t: Term): string {
  return t.termType === 'BlankNode' ? `_:${t.value}` : termToSparql(t);
}
