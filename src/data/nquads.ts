/**
 * N-Quads writing: one line per quad, escaped as the N-Quads grammar requires, sorted for byte-stable output.
 * @module
 */
import type { Quad } from 'n3';

/** Serialises quads as canonical-ish N-Quads, one per line, sorted for byte-stable output. */
export function toNQuads(quads: readonly Quad[]): string {
  const lines = quads.map(nquadLine);
  lines.sort();
  return lines.length ? `${lines.join('\n')}\n` : '';
}

const ESC: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
function escapeLiteral(s: string): string {
  return s.replace(/[\\"\n\r\t\b\f\u0000-\u001f\u007f]/g, (c) => ESC[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
}
function term(t: Quad['subject'] | Quad['object'] | Quad['graph'] | Quad['predicate']): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal': {
      const lex = `"${escapeLiteral(t.value)}"`;
      if (t.language) return `${lex}@${t.language}`;
      return t.datatype.value === 'http://www.w3.org/2001/XMLSchema#string' ? lex : `${lex}^^<${t.datatype.value}>`;
    }
    default:
      throw new Error(`cannot serialise a ${t.termType} in N-Quads`);
  }
}
/** One N-Quads line for a quad (without the newline). */
export function nquadLine(q: Quad): string {
  const g = q.graph.termType === 'DefaultGraph' ? '' : ` ${term(q.graph)}`;
  return `${term(q.subject)} ${term(q.predicate)} ${term(q.object)}${g} .`;
}
