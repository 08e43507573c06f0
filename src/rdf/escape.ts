/**
 * Escaping a string for a `"…"` literal in N-Triples, N-Quads, Turtle, TriG and SPARQL: one table for every
 * writer (ECHAR for `\\ " \n \r \t \b \f`, UCHAR `\uXXXX` with upper-case hex for the other control
 * characters), so that every format writes the same lexical form the same way.
 * @module
 */

const ECHAR: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
const NEEDS_ESCAPE = /[\\"\n\r\t\b\f\u0000-\u001f\u007f]/g;
const NEEDS_ESCAPE_IN_QUERIES = /[\\"\n\r\t\b\f\u0000-\u001f\u007f\u2028\u2029]/g;

function escapeChar(c: string): string {
  return ECHAR[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
}

/** Escapes a string for a `"…"` literal of N-Triples, N-Quads, Turtle or TriG. */
export function escapeLiteral(s: string): string {
  return s.replace(NEEDS_ESCAPE, escapeChar);
}

/**
 * Escapes a string for a `"…"` literal in SPARQL query text: as {@link escapeLiteral}, and also U+2028 and
 * U+2029, which some tools treat as line ends (a query text is often pasted, logged or embedded in scripts).
 */
export function escapeSparqlLiteral(s: string): string {
  return s.replace(NEEDS_ESCAPE_IN_QUERIES, escapeChar);
}

const UNESCAPE: Readonly<Record<string, string>> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };
const ESCAPED = /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([tbnrf"'\\]))/g;

/**
 * Undoes the escapes of a quoted literal in N-Triples, Turtle, SPARQL or SPARQL TSV results (ECHAR and
 * `\uXXXX`/`\UXXXXXXXX`); a backslash before any other character is left as it is.
 */
export function unescapeLiteral(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(ESCAPED, (_, u: string | undefined, U: string | undefined, c: string) =>
    u ? String.fromCharCode(parseInt(u, 16)) : U ? String.fromCodePoint(parseInt(U, 16)) : UNESCAPE[c]!);
}
