/**
 * The SPARQL page's query helpers, written once as browser JavaScript (the page runs them) and loaded in
 * Node from the same text (the tests and the build run them): adding the package's prefixes a query uses
 * without declaring them (as the CLI does, `src/query/prefixes.ts`), and turning a parse error into the
 * user's terms — an unknown prefix named, a misspelt keyword (`SELCT`) said so, the line and column of the
 * problem — with the engine's own message kept for below.
 * @module
 */
import { PREFIXES } from '../namespaces.js';
import { addPrefixes, codeOnly } from '../query/lexical.js';

/**
 * The browser source: defines `kkgAddPrefixes(query, prefixes)` → `{ query, added }` (the text with the
 * missing `PREFIX` lines in front, and how many lines were added) and
 * `kkgExplainError(query, engineMessage, prefixes, added)` → `{ summary, detail }`. Plain ES5 (no template
 * literals) but for the prefix rule, whose source is the CLI's own functions; inlined in a `<script>` as is.
 */
export const SPARQL_HELPERS_JS: string =
  // The prefix rule is the CLI's own functions (addPrefixes and codeOnly of query/lexical.ts), their source
  // inlined; `__name` is the no-op a TypeScript loader (tsx) may wrap inner functions in.
  'var __name = typeof __name === "function" ? __name : function (f) { return f; };\n' +
  `var codeOnly = ${codeOnly.toString()};\n` +
  `var kkgAddPrefixes = ${addPrefixes.toString()};\n` +
  String.raw`
var KKG_FORMS = ['SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE'];
var KKG_KEYWORDS = KKG_FORMS.concat(['WHERE', 'PREFIX', 'BASE', 'FROM', 'NAMED', 'DISTINCT', 'REDUCED', 'LIMIT', 'OFFSET', 'ORDER', 'BY', 'ASC', 'DESC',
  'GROUP', 'HAVING', 'OPTIONAL', 'FILTER', 'UNION', 'MINUS', 'GRAPH', 'SERVICE', 'BIND', 'VALUES', 'EXISTS', 'NOT', 'IN', 'AS', 'UNDEF', 'SILENT',
  'COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'SAMPLE', 'GROUP_CONCAT', 'SEPARATOR', 'STR', 'LANG', 'LANGMATCHES', 'DATATYPE', 'BOUND', 'IRI', 'URI',
  'BNODE', 'CONCAT', 'CONTAINS', 'STRSTARTS', 'STRENDS', 'REGEX', 'REPLACE', 'LCASE', 'UCASE', 'ISIRI', 'ISURI', 'ISBLANK', 'ISLITERAL', 'COALESCE', 'IF', 'YEAR', 'MONTH', 'DAY']);
function kkgDistance(a, b) {
  var d = [], i, j;
  for (i = 0; i <= a.length; i++) { d[i] = [i]; }
  for (j = 1; j <= b.length; j++) d[0][j] = j;
  for (i = 1; i <= a.length; i++) for (j = 1; j <= b.length; j++) {
    d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
  }
  return d[a.length][b.length];
}
function kkgNearKeyword(word, list) {
  var w = word.toUpperCase(), best = null, bestD = 3;
  if (w.length < 2 || list.indexOf(w) >= 0) return null;
  list.forEach(function (k) {
    var dist = kkgDistance(w, k);
    var limit = k.length <= 3 ? 1 : 2;
    if (dist <= limit && dist < bestD) { best = k; bestD = dist; }
  });
  return best;
}
function kkgPosition(text, index) {
  var line = 1, col = 1;
  for (var i = 0; i < index && i < text.length; i++) { if (text[i] === '\n') { line++; col = 1; } else col++; }
  return { line: line, column: col };
}
function kkgIndexOf(text, line, column) {
  var l = 1, i = 0;
  while (l < line && i < text.length) { if (text[i] === '\n') l++; i++; }
  return Math.min(text.length, i + Math.max(0, column - 1));
}
/* The tokens that matter here, outside comments, strings and IRIs: words and prefixed names, with offsets. */
function kkgTokens(text) {
  var out = [], i = 0, n = text.length, m;
  var IRI = /^<[^<>"{}|^\u0060\\\s]*>/, STR3 = /^("""[\s\S]*?"""|'''[\s\S]*?''')/, STR = /^("([^"\\\n]|\\.)*"|'([^'\\\n]|\\.)*')/;
  var PNAME = /^([A-Za-z](?:[\w.-]*[\w-])?)?:((?:[\w\-%:]|\.(?=[\w\-%:]))*)/, WORD = /^[A-Za-z_][\w]*/, VAR = /^[?$][\w]+/;
  while (i < n) {
    var c = text[i], rest = text.slice(i, i + 4096);
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#') { while (i < n && text[i] !== '\n') i++; continue; }
    if (c === '<' && (m = IRI.exec(rest))) { i += m[0].length; continue; }
    if ((c === '"' || c === "'") && ((m = STR3.exec(rest)) || (m = STR.exec(rest)))) { i += m[0].length; continue; }
    if (c === '?' || c === '$') { m = VAR.exec(rest); i += m ? m[0].length : 1; continue; }
    if (c === '@') { m = /^@[A-Za-z]+(-[A-Za-z0-9]+)*/.exec(rest); i += m ? m[0].length : 1; continue; }
    if (c === '_' && text[i + 1] === ':') { m = /^_:[\w.-]*/.exec(rest); i += m[0].length; continue; }
    if ((m = PNAME.exec(rest)) && (/[A-Za-z]/.test(c) || c === ':')) { out.push({ kind: 'pname', prefix: m[1] || '', text: m[0], index: i }); i += m[0].length; continue; }
    if ((m = WORD.exec(rest))) { out.push({ kind: 'word', text: m[0], index: i }); i += m[0].length; continue; }
    i++;
  }
  return out;
}
function kkgExplainError(query, message, prefixes, added) {
  message = String(message || '');
  var detail = message;
  var at = /error at (\d+):(\d+)/.exec(message), pos = null;
  if (at) {
    var line = Number(at[1]) - (added || 0);
    if (line >= 1) pos = { line: line, column: Number(at[2]) };
  }
  var where = function (p) { return 'line ' + p.line + ', column ' + p.column; };
  var tokens = kkgTokens(query);
  // An unknown prefix: used, not declared, not one of the package's.
  var declared = {}, i;
  for (i = 0; i < tokens.length; i++) {
    if (tokens[i].kind === 'word' && tokens[i].text.toUpperCase() === 'PREFIX' && tokens[i + 1] && tokens[i + 1].kind === 'pname') { declared[tokens[i + 1].prefix] = true; i++; }
  }
  var prefixError = /Prefix not found/i.test(message) || !pos;
  for (i = 0; prefixError && i < tokens.length; i++) {
    var t = tokens[i];
    if (t.kind !== 'pname' || declared[t.prefix] || Object.prototype.hasOwnProperty.call(prefixes, t.prefix)) continue;
    if (i > 0 && tokens[i - 1].kind === 'word' && tokens[i - 1].text.toUpperCase() === 'PREFIX') continue;
    var known = Object.keys(prefixes).sort().join(', ');
    return { summary: 'Unknown prefix "' + t.prefix + ':" in ' + t.text + ' at ' + where(kkgPosition(query, t.index)) + ': declare it (PREFIX ' + t.prefix + ': <…>) or use one of the prefixes that work undeclared: ' + known + '.', detail: detail };
  }
  // The query form: the first word after the prologue.
  var k = 0;
  while (k < tokens.length && tokens[k].kind === 'word' && /^(PREFIX|BASE)$/i.test(tokens[k].text)) k += tokens[k].text.toUpperCase() === 'PREFIX' ? 2 : 1;
  var first = tokens[k];
  if (first && first.kind === 'word' && KKG_FORMS.indexOf(first.text.toUpperCase()) < 0) {
    var form = kkgNearKeyword(first.text, KKG_FORMS);
    var p0 = kkgPosition(query, first.index);
    if (form) return { summary: '"' + first.text + '" at ' + where(p0) + ' is not a SPARQL keyword: did you mean ' + form + '?', detail: detail };
    if (!/^(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)$/i.test(first.text))
      return { summary: 'A query starts with SELECT, ASK, CONSTRUCT or DESCRIBE (after any PREFIX and BASE lines); "' + first.text + '" at ' + where(p0) + ' is none of them.', detail: detail };
    return { summary: 'This page only reads: SPARQL Update ("' + first.text + '") is not run here.', detail: detail };
  }
  // A misspelt keyword elsewhere: the word at (or just before) the error position, or any word near a keyword.
  if (pos) {
    var index = kkgIndexOf(query, pos.line, pos.column);
    var near = null;
    for (i = 0; i < tokens.length; i++) if (tokens[i].kind === 'word' && tokens[i].index <= index) near = tokens[i];
    var candidates = near ? [near] : [];
    tokens.forEach(function (tk) { if (tk.kind === 'word' && tk !== near && tk.index <= index + 1) candidates.push(tk); });
    for (i = 0; i < candidates.length; i++) {
      var kw = kkgNearKeyword(candidates[i].text, KKG_KEYWORDS);
      if (kw && candidates[i].text.toUpperCase() !== kw) return { summary: '"' + candidates[i].text + '" at ' + where(kkgPosition(query, candidates[i].index)) + ' is not a SPARQL keyword: did you mean ' + kw + '?', detail: detail };
    }
    // An IRI opened with < and not closed before the error.
    if (/expected[^\n]*">"/.test(message)) {
      var open = query.lastIndexOf('<', index);
      if (open >= 0 && !/^<[^<>"{}|^\u0060\\\s]*>/.test(query.slice(open))) {
        var iri = /^<[^\s>]*/.exec(query.slice(open))[0];
        return { summary: 'The IRI ' + iri + ' at ' + where(kkgPosition(query, open)) + ' is not closed: an IRI is written <…> with no spaces inside.', detail: detail };
      }
    }
    var before = query.slice(Math.max(0, index - 30), index).replace(/^[^\n]*\n/, '').replace(/\s+/g, ' ');
    var after = query.slice(index, index + 12).split('\n')[0];
    return { summary: 'The query cannot be read at ' + where(pos) + ': "' + before + '▸' + after + '" (▸ marks where reading stopped; the engine\'s message is below).', detail: detail };
  }
  return { summary: 'The query could not be run: ' + message.split('\n')[0].slice(0, 240), detail: detail };
}
`;

interface Helpers {
  kkgAddPrefixes(query: string, prefixes: Readonly<Record<string, string>>): { query: string; added: number };
  kkgExplainError(query: string, message: string, prefixes: Readonly<Record<string, string>>, added: number): { summary: string; detail: string };
}

let helpers: Helpers | undefined;
const load = (): Helpers =>
  (helpers ??= new Function(`${SPARQL_HELPERS_JS}\nreturn { kkgAddPrefixes: kkgAddPrefixes, kkgExplainError: kkgExplainError };`)() as Helpers);

/** The page's prefix rule, run in Node: the query with the package prefixes it uses undeclared added in front. */
export function addPrefixesAsPage(query: string, prefixes: Readonly<Record<string, string>> = PREFIXES): { query: string; added: number } {
  return load().kkgAddPrefixes(query, prefixes);
}

/** The page's explanation of a failed query, run in Node: a summary in the user's terms and the engine's message. */
export function explainAsPage(query: string, engineMessage: string, prefixes: Readonly<Record<string, string>> = PREFIXES, added = 0): { summary: string; detail: string } {
  return load().kkgExplainError(query, engineMessage, prefixes, added);
}
