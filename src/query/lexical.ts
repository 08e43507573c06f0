/**
 * The lexical layer of SPARQL text that cheap checks need: which characters are code and which are inside a
 * string literal, an IRI reference or a `#` comment. One scanner for the nesting guard (`guard.ts`) and the
 * undeclared-prefix rule ({@link addPrefixes}: the CLI, the library and the site's SPARQL page in the browser),
 * so all agree on what a bracket or a prefixed name is.
 * @module
 */

/**
 * The text with every string literal (short or long, either quote), IRI reference (`<…>`) and `#` comment
 * replaced by spaces, line ends kept: the same length and the same offsets as `text`, so a position found in
 * the result is a position in the text. A `<` that does not open an IRI (`<`, `<=`, `<<`) stays code; a short
 * string cannot span lines (the scan goes on after the line end, as the engine would report). Self-contained
 * (no module-level names), so that the site's SPARQL page runs this very function in the browser.
 */
export function codeOnly(text: string): string {
  const IRI_CHAR = /[^<>"{}|^`\\\u0000-\u0020]/;
  const n = text.length;
  let out = '';
  let from = 0; // start of the code run not yet copied
  const blank = (a: number, b: number): void => {
    out += text.slice(from, a) + text.slice(a, b).replace(/[^\r\n]/g, ' ');
    from = b;
  };
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '#') {
      const start = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      blank(start, i);
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      const long = text.startsWith(c.repeat(3), i);
      i += long ? 3 : 1;
      while (i < n) {
        const d = text[i]!;
        if (d === '\\') i += 2;
        else if (long ? text.startsWith(c.repeat(3), i) : d === c) {
          i += long ? 3 : 1;
          break;
        } else if (!long && (d === '\n' || d === '\r')) break;
        else i++;
      }
      blank(start, Math.min(i, n));
      continue;
    }
    if (c === '<' && text[i + 1] !== '<') {
      let k = i + 1;
      while (k < n && IRI_CHAR.test(text[k]!)) k++;
      if (text[k] === '>') {
        blank(i, k + 1);
        i = k + 1;
        continue;
      }
    }
    i++;
  }
  return out + text.slice(from);
}

/**
 * Adds `PREFIX` lines for the prefixes of `prefixes` a query uses but does not declare, and says how many.
 * Only code counts: text that looks like a prefixed name inside a string literal, an IRI or a comment is no
 * use of the prefix. It calls only {@link codeOnly} of this module, so that the site's SPARQL page runs these very
 * functions in the browser (`site/sparql-explain.ts` inlines their source).
 */
export function addPrefixes(query: string, prefixes: Readonly<Record<string, string>>): { query: string; added: number } {
  const code = codeOnly(query);
  const declared = new Set<string>();
  for (const m of code.matchAll(/\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:/gi)) declared.add(m[1] ?? '');
  const missing = Object.keys(prefixes).filter((p) => !declared.has(p) && new RegExp('(^|[^\\w:.-])' + p + ':').test(code));
  if (missing.length === 0) return { query, added: 0 };
  return { query: missing.map((p) => 'PREFIX ' + p + ': <' + prefixes[p] + '>').join('\n') + '\n' + query, added: missing.length };
}
