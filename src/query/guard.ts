/**
 * Cheap checks on untrusted SPARQL text before it reaches the engine: strict UTF-8 decoding (invalid bytes
 * are refused with their byte offset, never replaced by U+FFFD and run as a different query) and a nesting
 * limit (groups, parentheses, brackets and `<< >>` counted together by a lexical scan that skips strings,
 * IRIs and comments). Oxigraph's recursive parser runs out of stack a few hundred levels down (a WASM
 * `memory access out of bounds` or `Maximum call stack size exceeded`); such a query is refused here instead.
 * @module
 */
import { QueryError } from './target.js';
import { codeOnly } from './lexical.js';
import { decodeStrictUtf8 } from '../io/utf8.js';

/** The default nesting limit of {@link checkQueryText}: far above any real query, far below the engine's stack. */
export const MAX_QUERY_DEPTH = 128;

/** A query text refused before it reached the engine (nesting too deep, invalid UTF-8). */
export class QueryTextError extends QueryError {
  /** Why it was refused. */
  readonly reason: 'depth' | 'utf8';
  /** Byte offset (UTF-8) of the offending byte or bracket in the text. */
  readonly offset: number;
  constructor(message: string, query: string, reason: 'depth' | 'utf8', offset: number) {
    super(message, query);
    this.name = 'QueryTextError';
    this.reason = reason;
    this.offset = offset;
  }
}

/** Where bytes stop being well-formed UTF-8 (-1: they are valid); see `io/utf8.ts`. */
export { invalidUtf8Offset } from '../io/utf8.js';

/**
 * Decodes UTF-8 strictly: `bytes` with an invalid sequence throw a {@link QueryTextError} naming `what` (e.g.
 * `the query file q.rq`) and the byte offset, e.g. `…is not valid UTF-8: byte 0xFF at byte offset 14`.
 */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  return decodeStrictUtf8(bytes, (offset, shown) => new QueryTextError(`${what} is not valid UTF-8: ${shown} at byte offset ${offset} (the text is refused, not repaired)`, '', 'utf8', offset));
}

/** Options of {@link checkQueryText}. */
export interface QueryTextOptions {
  /** Deepest nesting of `{ ( [ <<` allowed (default {@link MAX_QUERY_DEPTH}). */
  maxDepth?: number;
  /** What the text is, for messages (default `query`). */
  what?: string;
}

/** Line and column (1-based, in characters) of index `i` in `text`. */
function lineColumn(text: string, i: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < i; k = text.indexOf('\n', k + 1)) (line++, (start = k + 1));
  return { line, column: i - start + 1 };
}

/**
 * Scans a SPARQL text once (strings, IRIs and `#` comments skipped) and throws a {@link QueryTextError} when
 * groups, parentheses, brackets and `<< >>` are nested deeper than the limit. Anything else (syntax errors
 * included) is left to the engine; the scan errs on the side of counting a bracket.
 */
export function checkQueryText(text: string, options: QueryTextOptions = {}): void {
  const maxDepth = options.maxDepth ?? MAX_QUERY_DEPTH;
  const code = codeOnly(text);
  const n = code.length;
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const c = code[i]!;
    const double = (c === '<' || c === '>') && code[i + 1] === c;
    const opens = c === '{' || c === '(' || c === '[' || (c === '<' && double);
    const closes = c === '}' || c === ')' || c === ']' || (c === '>' && double);
    if (opens) {
      depth++;
      if (depth > maxDepth) {
        const { line, column } = lineColumn(text, i);
        const offset = Buffer.byteLength(text.slice(0, i));
        throw new QueryTextError(
          `${options.what ?? 'query'}: groups, parentheses and brackets are nested more than ${maxDepth} deep at line ${line}, column ${column} (byte offset ${offset}); the engine cannot run such a query: flatten it`,
          text,
          'depth',
          offset,
        );
      }
    } else if (closes && depth > 0) depth--;
    if (double) i++;
  }
}

/**
 * Keeps an engine message's first line within `max` characters: a longer first line (Oxigraph lists every
 * token it expected on one line) is cut with `…`, and the whole message follows on the next lines.
 */
export function shortFirstLine(message: string, max = 200): string {
  const nl = message.indexOf('\n');
  const first = nl < 0 ? message : message.slice(0, nl);
  if (first.length <= max) return message;
  return `${first.slice(0, max)}…\n${message}`;
}
