/**
 * The form of a SPARQL request text (SELECT, ASK, CONSTRUCT, DESCRIBE, or an update), read from its first
 * keyword after the prologue: one reading for the CLI, the remote client and the endpoint.
 * @module
 */

/** The query forms of SPARQL 1.1, and `UPDATE` for any update operation. */
export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE' | 'UPDATE';

const UPDATE_KEYWORDS = new Set(['INSERT', 'DELETE', 'LOAD', 'CLEAR', 'CREATE', 'DROP', 'COPY', 'MOVE', 'ADD', 'WITH']);

/**
 * The form of a SPARQL request text: the first keyword after the prologue (comments, `BASE` and `PREFIX`
 * declarations); `undefined` when there is none the endpoint knows (the engine's parser then reports the error).
 */
export function queryForm(text: string): QueryForm | undefined {
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    for (;;) {
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text[i] === '#') {
        while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
        continue;
      }
      return;
    }
  };
  for (let guard = 0; guard < 10_000; guard++) {
    skipSpace();
    const word = /^[A-Za-z]+/.exec(text.slice(i, i + 16))?.[0]?.toUpperCase();
    if (word === 'BASE' || word === 'PREFIX') {
      i += word.length;
      skipSpace();
      if (word === 'PREFIX') {
        while (i < n && text[i] !== ':' && !/\s/.test(text[i]!)) i++;
        if (text[i] === ':') i++;
        skipSpace();
      }
      if (text[i] !== '<') return undefined;
      const end = text.indexOf('>', i);
      if (end < 0) return undefined;
      i = end + 1;
      continue;
    }
    if (!word) return undefined;
    if (word === 'SELECT' || word === 'ASK' || word === 'CONSTRUCT' || word === 'DESCRIBE') return word;
    if (UPDATE_KEYWORDS.has(word)) return 'UPDATE';
    return undefined;
  }
  return undefined;
}
