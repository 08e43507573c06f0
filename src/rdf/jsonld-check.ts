/**
 * What a JSON-LD document would lose on its way to RDF, found before it is parsed: a walk over the
 * document that follows the JSON-LD 1.1 expansion rules the package's documents use (contexts, terms,
 * compact IRIs, `@vocab`, `@base`, containers, property- and type-scoped contexts) and reports, each with
 * its JSON pointer:
 *
 * - errors: a relative IRI with no base, a character IRIs may not hold, a malformed language tag, an `@id`
 *   that is not a string, a top-level value that is not a node (a scalar, or an array of scalars);
 * - warnings (what the JSON-LD algorithm itself drops): keys that expand to no IRI (no term definition,
 *   no `@vocab`), keyword-like keys JSON-LD ignores, free-floating scalars, blank-node predicates.
 *
 * It also bounds nesting depth ({@link jsonDepthProblem}) before anything recursive sees the text.
 *
 * The walk is one `ExpansionWalk` per document, its steps methods (contexts, expansion, IRI verdicts,
 * elements, keys). It is a hot path: every JSON-LD import runs it. Measured when it was split out of one
 * 450-line closure (bench:export's synthetic ~100,000-quad document, child processes, interleaved): the
 * walk alone 24.3 → 22.0 ms, the "import: package loadJsonLd / oxigraph load" ratio 1.25 → 1.22; the
 * findings identical on the release documents and 7,000 mutated ones.
 * @module
 */
import { iriProblem, languageProblem, preview } from './wellformed.js';

/** A problem at a place in a JSON-LD document. */
export interface JsonLdFinding {
  /** `error`: the document is refused; `warning`: the JSON-LD algorithm drops this (an error in strict mode). */
  level: 'error' | 'warning';
  /** JSON pointer (RFC 6901) of the offending value or key ('' is the whole document). */
  pointer: string;
  /** What is wrong, or what is dropped. */
  message: string;
}

/** Deepest nesting of arrays and objects the readers accept. */
export const MAX_JSON_DEPTH = 256;

/**
 * The character offset where the nesting of arrays/objects first exceeds `maxDepth`, or -1 (a flat scan,
 * no recursion: safe on 10,000-deep input).
 */
export function jsonDepthProblem(text: string, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** RFC 6901 escaping of one reference token. */
function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The character offset of the value at `pointer` in JSON `text` (of the key, for a pointer whose last
 * step names an object key that `atKey` says to point at), or -1. An iterative scan.
 */
export function jsonPointerOffset(text: string, pointer: string, atKey = false): number {
  if (pointer === '') return text.search(/\S/);
  const want = pointer.split('/').slice(1);
  const stack: { kind: 'a' | 'o'; index: number; key: string | undefined; path: string[] }[] = [];
  let path: string[] = [];
  const matches = (p: string[]): boolean => p.length === want.length && p.every((x, k) => x === want[k]);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s|,|:/.test(c)) continue;
    const top = stack[stack.length - 1];
    if (c === '}' || c === ']') {
      stack.pop();
      continue;
    }
    // A key in an object?
    if (top?.kind === 'o' && top.key === undefined && c === '"') {
      const end = stringEnd(text, i);
      let key: string;
      try {
        key = JSON.parse(text.slice(i, end)) as string;
      } catch {
        return -1;
      }
      top.key = key;
      if (atKey && matches([...top.path, pointerToken(key)])) return i;
      i = end - 1;
      continue;
    }
    // A value: its path.
    if (top) {
      path = top.kind === 'a' ? [...top.path, String(top.index++)] : [...top.path, pointerToken(top.key ?? '')];
      if (top.kind === 'o') top.key = undefined;
    } else path = [];
    if (matches(path)) return i;
    if (c === '{' || c === '[') stack.push({ kind: c === '{' ? 'o' : 'a', index: 0, key: undefined, path });
    else if (c === '"') i = stringEnd(text, i) - 1;
    else while (i + 1 < text.length && !/[\s,\]}]/.test(text[i + 1]!)) i++;
  }
  return -1;
}

function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

// ----------------------------------------------------------------------------------- the expansion walk

interface TermDef {
  id: string | null;
  type?: string;
  container: string[];
  context?: unknown;
}
interface Ctx {
  terms: Map<string, TermDef>;
  vocab: string | null;
  base: string | null;
  /** False once the walk met something it does not model (a remote context): nothing below is judged. */
  known: boolean;
  /** True when some term may carry a scoped context (else type-scoped contexts are not looked for). */
  scoped: boolean;
  /** True when some term aliases `@value` (else only the key "@value" makes a value object). */
  valueAlias: boolean;
  /** Expansions of strings in vocabulary position under this context (keys, types), memoised (null: no IRI). */
  cache: Map<string, string | null>;
  /** What each key met under this context is (see keyState in {@link checkJsonLd}). */
  keys: Map<string, KeyState>;
  /** Strings in vocabulary position (types, `@vocab`-typed values) found to expand to a good IRI under this context. */
  goodVocab: Set<string>;
}
/** What the entries of a key become: a property, dropped (no IRI, a blank node, a relative IRI), refused (a bad IRI), or a keyword. */
type KeyVerdict = 'property' | 'none' | 'keyword' | 'blank' | 'relative' | 'bad';
interface KeyState {
  readonly e: string | null;
  readonly verdict: KeyVerdict;
  readonly problem: string | undefined;
  readonly def: TermDef | undefined;
}

const KEYWORD = /^@[A-Za-z]+$/;
const KEYWORDS = new Set(['@base', '@container', '@context', '@direction', '@graph', '@id', '@import', '@included', '@index', '@json', '@language', '@list', '@nest', '@none', '@prefix', '@propagate', '@protected', '@reverse', '@set', '@type', '@value', '@version', '@vocab']);
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function resolveIri(base: string, ref: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

/** ASCII characters an IRI may hold (as `iriProblem` reads RFC 3987), by code. */
const IRI_ASCII_OK = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&'()*+,;=%") IRI_ASCII_OK[ch.charCodeAt(0)] = 1;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** A JSON pointer step: an object key or an array index. */
type Step = string | number;

/** A fresh context (no memoised expansions yet). */
function newCtx(terms: Map<string, TermDef>, vocab: string | null, base: string | null, known: boolean, scoped: boolean): Ctx {
  return { terms, vocab, base, known, scoped, valueAlias: false, cache: new Map(), keys: new Map(), goodVocab: new Set() };
}

/**
 * One walk over one document: the findings, the place being looked at, and the verdicts memoised for this
 * document (language tags, IRIs, authorities and namespaces found good). The steps are methods so that
 * each reads on its own; the walk is a hot path (every JSON-LD import runs it), so state lives in fields
 * read directly, and nothing is allocated per value but what a finding needs.
 */
class ExpansionWalk {
  /** The findings, in the order met. */
  readonly out: JsonLdFinding[] = [];
  /** The place being looked at, as steps (`path[0..top)`; the array is reused: no truncation, which is a slow call); the pointer text is only made for a finding. */
  private readonly path: Step[] = [];
  private top = 0;
  /** The context the document starts in (the base from the options, nothing defined). */
  readonly initial: Ctx;
  /** Verdicts memoised for this document: language tags, IRIs that keys and types expand to. */
  private readonly languageVerdicts = new Map<string, string | undefined>();
  private readonly iriVerdicts = new Map<string, string | undefined>();
  /** Authorities of IRIs found good (most IRIs of a document share a few; up to 32 are kept). */
  private readonly goodAuthorities: string[] = [];
  /** For namespace IRIs (what prefixes map to): -1 when not known good as a start of IRIs, else how many '#' they hold. */
  private readonly namespaces = new Map<string, number>();

  constructor(private readonly options: { base?: string; remoteContexts?: ReadonlySet<string> }) {
    this.initial = newCtx(new Map(), null, options.base ?? null, true, false);
  }

  /** The JSON pointer of the current place (and `extra` steps below it). */
  here(...extra: Step[]): string {
    let s = '';
    for (let i = 0; i < this.top; i++) s += `/${typeof this.path[i] === 'number' ? String(this.path[i]) : pointerToken(this.path[i]!)}`;
    for (const x of extra) s += `/${typeof x === 'number' ? String(x) : pointerToken(x)}`;
    return s;
  }
  /** Records an error at `pointer`. */
  error(pointer: string, message: string): void {
    this.out.push({ level: 'error', pointer, message });
  }
  /** Records a warning at `pointer`. */
  warn(pointer: string, message: string): void {
    this.out.push({ level: 'warning', pointer, message });
  }
  /** languageProblem, memoised for this document. */
  languageOf(tag: string): string | undefined {
    let v = this.languageVerdicts.get(tag);
    if (v === undefined && !this.languageVerdicts.has(tag)) this.languageVerdicts.set(tag, (v = languageProblem(tag)));
    return v;
  }
  /** iriProblem, memoised for this document. */
  iriOf(iri: string): string | undefined {
    let v = this.iriVerdicts.get(iri);
    if (v === undefined && !this.iriVerdicts.has(iri)) this.iriVerdicts.set(iri, (v = iriProblem(iri)));
    return v;
  }
  /**
   * True when `iri` is certainly an absolute IRI iriProblem accepts (a scheme; ASCII characters IRIs may
   * hold; '%' starting %HH; at most one '#'; an authority already found good). False: ask iriProblem.
   */
  quickIri(iri: string): boolean {
    const n = iri.length;
    if (n === 0 || !isAlpha(iri.charCodeAt(0))) return false;
    let colon = 1;
    for (; colon < n; colon++) {
      const c = iri.charCodeAt(colon);
      if (c === 58) break;
      if (!(isAlpha(c) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45)) return false;
    }
    if (colon === n) return false;
    let hashes = 0;
    for (let j = 0; j < n; j++) {
      const c = iri.charCodeAt(j);
      if (c >= 128 || IRI_ASCII_OK[c] === 0) return false;
      if (c === 37 && !(isHex(iri.charCodeAt(j + 1)) && isHex(iri.charCodeAt(j + 2)))) return false;
      if (c === 35) hashes++;
    }
    if (hashes > 1) return false;
    if (iri.charCodeAt(colon + 1) === 47 && iri.charCodeAt(colon + 2) === 47) {
      const from = colon + 3;
      let to = from;
      for (; to < n; to++) {
        const c = iri.charCodeAt(to);
        if (c === 47 || c === 63 || c === 35) break;
      }
      const len = to - from;
      for (let g = 0; g < this.goodAuthorities.length; g++) {
        const a = this.goodAuthorities[g]!;
        if (a.length !== len) continue;
        let j = 0;
        while (j < len && a.charCodeAt(j) === iri.charCodeAt(from + j)) j++;
        if (j === len) return true;
      }
      return false;
    }
    return true;
  }
  /** iriProblem, answered quickly for the common case; remembers a good authority. */
  iriVerdict(iri: string): string | undefined {
    if (this.quickIri(iri)) return undefined;
    const p = iriProblem(iri);
    if (p === undefined) {
      const colon = iri.indexOf(':');
      if (iri.charCodeAt(colon + 1) === 47 && iri.charCodeAt(colon + 2) === 47 && this.goodAuthorities.length < 32) {
        const a = /^[^/?#]*/.exec(iri.slice(colon + 3))![0];
        if (!this.goodAuthorities.includes(a)) this.goodAuthorities.push(a);
      }
    }
    return p;
  }

  namespace(ns: string): number {
    let n = this.namespaces.get(ns);
    if (n === undefined) {
      n = -1;
      const colon = ns.indexOf(':');
      if (colon > 0 && this.iriVerdict(ns) === undefined && ns.length >= colon + 3) {
        // The authority (if any) must end inside the namespace, so that every IRI it starts has the same one.
        let closed = true;
        if (ns.charCodeAt(colon + 1) === 47 && ns.charCodeAt(colon + 2) === 47) {
          closed = false;
          for (let j = colon + 3; j < ns.length && !closed; j++) {
            const c = ns.charCodeAt(j);
            closed = c === 47 || c === 63 || c === 35;
          }
        }
        if (closed) {
          n = 0;
          for (let j = 0; j < ns.length; j++) if (ns.charCodeAt(j) === 35) n++;
        }
      }
      this.namespaces.set(ns, n);
    }
    return n;
  }
  /**
   * True when `value`, in document-relative position, is a compact IRI whose prefix maps to a good
   * namespace and whose suffix only holds characters IRIs may hold (so the IRI it expands to is good,
   * checked without building it). False: check the expanded IRI.
   */
  quickCompact(ctx: Ctx, value: string): boolean {
    const colon = value.indexOf(':');
    if (colon <= 0 || (colon === 1 && value.charCodeAt(0) === 95) || (value.charCodeAt(colon + 1) === 47 && value.charCodeAt(colon + 2) === 47)) return false;
    if (value.charCodeAt(0) === 64) return false;
    const def = ctx.terms.get(value.slice(0, colon));
    if (def === undefined || def.id === null) return false;
    let hashes = this.namespace(def.id);
    if (hashes < 0) return false;
    const n = value.length;
    for (let j = colon + 1; j < n; j++) {
      const c = value.charCodeAt(j);
      if (c >= 128 || IRI_ASCII_OK[c] === 0) return false;
      if (c === 37 && !(isHex(value.charCodeAt(j + 1)) && isHex(value.charCodeAt(j + 2)))) return false;
      if (c === 35 && ++hashes > 1) return false;
    }
    return true;
  }

  /** Expands an IRI-ish string; `undefined` when it maps to nothing. */
  expand(ctx: Ctx, value: string, vocab: boolean, local?: Record<string, unknown>, defining?: Set<string>): string | null | undefined {
    if (value.charCodeAt(0) === 64 && KEYWORD.test(value)) return KEYWORDS.has(value) ? value : null;
    if (local && defining && Object.prototype.hasOwnProperty.call(local, value) && !defining.has(value) && vocab) {
      this.define(ctx, local, value, defining);
    }
    if (vocab) {
      const t = ctx.terms.get(value);
      if (t !== undefined) return t.id;
    }
    const colon = value.indexOf(':');
    if (colon > 0) {
      if ((colon === 1 && value.charCodeAt(0) === 95) || (value.charCodeAt(colon + 1) === 47 && value.charCodeAt(colon + 2) === 47)) return value;
      const prefix = value.slice(0, colon);
      if (local && defining && Object.prototype.hasOwnProperty.call(local, prefix) && !defining.has(prefix)) this.define(ctx, local, prefix, defining);
      const def = ctx.terms.get(prefix);
      if (def && def.id !== null) return def.id + value.slice(colon + 1);
      if (SCHEME.test(value)) return value;
    }
    if (vocab && ctx.vocab !== null) return ctx.vocab + value;
    if (!vocab && ctx.base !== null) return resolveIri(ctx.base, value) ?? value;
    return vocab ? null : value;
  }
  /** {@link expand} in vocabulary position, memoised per context (null: no IRI). */
  expandKey(ctx: Ctx, value: string): string | null {
    let e = ctx.cache.get(value);
    if (e === undefined) ctx.cache.set(value, (e = this.expand(ctx, value, true) ?? null));
    return e;
  }

  /** Defines `term` of the local context `local` in `ctx` (defining first the terms and prefixes its definition uses; `defining`: the terms already begun). */
  define(ctx: Ctx, local: Record<string, unknown>, term: string, defining: Set<string>): void {
    defining.add(term);
    const raw = local[term];
    if (raw === null) {
      ctx.terms.set(term, { id: null, container: [] });
      return;
    }
    const spec = typeof raw === 'string' ? { '@id': raw } : raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
    if (!spec) return;
    let id: string | null | undefined;
    const rawId = spec['@reverse'] ?? spec['@id'];
    if (rawId === null) id = null;
    else if (typeof rawId === 'string') id = this.expand(ctx, rawId, true, local, defining);
    else id = this.expand(ctx, term, true, undefined, undefined);
    const type = typeof spec['@type'] === 'string' ? (this.expand(ctx, spec['@type'], true, local, defining) ?? undefined) : undefined;
    const container = ([] as unknown[]).concat(spec['@container'] ?? []).filter((c): c is string => typeof c === 'string');
    if (spec['@context'] !== undefined) ctx.scoped = true;
    ctx.terms.set(term, { id: id ?? null, ...(type ? { type } : {}), container, ...(spec['@context'] !== undefined ? { context: spec['@context'] } : {}) });
  }

  /** The context `local` (a `@context` value, at `pointer`) makes of `active`; reports bad `@base`, `@vocab`, `@language` and term IRIs. */
  processContext(active: Ctx, local: unknown, pointer: string): Ctx {
    let ctx: Ctx = newCtx(new Map(active.terms), active.vocab, active.base, active.known, active.scoped);
    for (const [k, item] of (Array.isArray(local) ? local : [local]).entries()) {
      const p = Array.isArray(local) ? `${pointer}/${k}` : pointer;
      if (item === null) {
        ctx = newCtx(new Map(), this.initial.vocab, this.initial.base, this.initial.known, false);
        continue;
      }
      if (typeof item === 'string') {
        if (!this.options.remoteContexts?.has(item)) ctx.known = false;
        continue;
      }
      if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
      const obj = item as Record<string, unknown>;
      if (typeof obj['@import'] === 'string' && !this.options.remoteContexts?.has(obj['@import'])) ctx.known = false;
      if (typeof obj['@base'] === 'string') {
        const b = obj['@base'];
        ctx.base = SCHEME.test(b) ? b : ctx.base !== null ? (resolveIri(ctx.base, b) ?? null) : null;
        if (!SCHEME.test(b) && ctx.base === null) this.error(`${p}/@base`, `a relative @base ${preview(b)} with no base to resolve it against`);
      } else if (obj['@base'] === null) ctx.base = null;
      if (obj['@vocab'] === null) ctx.vocab = null;
      else if (typeof obj['@vocab'] === 'string') {
        const v = this.expand(ctx, obj['@vocab'], true) ?? obj['@vocab'];
        if (v.startsWith('_:')) ctx.vocab = v;
        else if (!SCHEME.test(v)) {
          if (ctx.base !== null) ctx.vocab = resolveIri(ctx.base, v) ?? v;
          else this.error(`${p}/@vocab`, `a relative @vocab ${preview(v)} with no base to resolve it against`);
        } else ctx.vocab = v;
      }
      if (typeof obj['@language'] === 'string') {
        const lp = languageProblem(obj['@language']);
        if (lp) this.error(`${p}/@language`, lp);
      }
      const defining = new Set<string>();
      for (const term of Object.keys(obj)) {
        if (term.startsWith('@') || defining.has(term)) continue;
        this.define(ctx, obj, term, defining);
        const def = ctx.terms.get(term);
        if (def?.id && !KEYWORD.test(def.id) && !def.id.startsWith('_:')) {
          const ip = this.iriVerdict(def.id);
          if (ip) this.error(`${p}/${pointerToken(term)}`, `term ${preview(term, 40)} maps to ${ip}`);
        }
      }
    }
    for (const d of ctx.terms.values()) if (d.id === '@value') ctx.valueAlias = true;
    return ctx;
  }

  /** Checks an IRI-ish value at the current place (`step`: one more step below it). */
  checkIri(ctx: Ctx, value: unknown, vocab: boolean, what: string, step?: Step): void {
    if (typeof value !== 'string') {
      this.error(step === undefined ? this.here() : this.here(step), `${what} must be a string, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
      return;
    }
    if (vocab ? ctx.goodVocab.has(value) : this.quickCompact(ctx, value)) return;
    const iri = vocab ? this.expandKey(ctx, value) : this.expand(ctx, value, false);
    if (iri === null || iri === undefined) {
      this.error(step === undefined ? this.here() : this.here(step), `${what} ${preview(value)} is not an IRI (a relative IRI with no @vocab or base to resolve it against)`);
      return;
    }
    if (this.quickIri(iri) || iri.startsWith('_:')) {
      if (vocab) ctx.goodVocab.add(value);
      return;
    }
    if (!SCHEME.test(iri)) {
      this.error(step === undefined ? this.here() : this.here(step), `${what} is a relative IRI ${preview(value)} with no base to resolve it against`);
      return;
    }
    const p = vocab ? this.iriOf(iri) : this.iriVerdict(iri);
    if (vocab && p === undefined) ctx.goodVocab.add(value);
    if (p) this.error(step === undefined ? this.here() : this.here(step), `${what}: ${p}`);
  }

  /**
   * Walks a value at the current place: an array's items, a scalar (free-floating, or an IRI value of an
   * `@id`/`@vocab`-typed term), a value object (its language and type), or a node object's entries.
   */
  element(ctx: Ctx, value: unknown, property: string | null, def: TermDef | undefined): void {
    if (!ctx.known) return;
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      const depth = this.top;
      for (let i = 0; i < value.length; i++) {
        this.path[depth] = i;
        this.top = depth + 1;
        this.element(ctx, value[i], property, def);
      }
      this.top = depth;
      return;
    }
    if (typeof value !== 'object') {
      if (property === null || property === '@graph') {
        this.warn(this.here(), `a free-floating ${typeof value} ${preview(String(value), 40)} (not the value of any property) is dropped`);
      } else if (typeof value === 'string' && def !== undefined && (def.type === '@id' || def.type === '@vocab')) {
        this.checkIri(ctx, value, def.type === '@vocab', 'IRI value');
      }
      return;
    }
    const obj = value as Record<string, unknown>;
    if (def?.context !== undefined) ctx = this.processContext(ctx, def.context, this.here());
    if (obj['@context'] !== undefined) ctx = this.processContext(ctx, obj['@context'], this.here('@context'));
    if (!ctx.known) return;
    // The first key that aliases @type; whether some key aliases @value.
    let typeKey: string | undefined;
    let isValue = false;
    if (ctx.scoped || ctx.valueAlias) {
      for (const k in obj) {
        if (k === '@context') continue;
        const e = this.expandKey(ctx, k);
        if (e === '@type' && typeKey === undefined) typeKey = k;
        else if (e === '@value') isValue = true;
      }
    } else isValue = obj['@value'] !== undefined; // only "@value" itself expands to @value
    // Type-scoped contexts.
    if (typeKey !== undefined && ctx.scoped) {
      let changed = false;
      for (const t of ([] as unknown[]).concat(obj[typeKey]).filter((x): x is string => typeof x === 'string').sort()) {
        const tdef = ctx.terms.get(t);
        if (tdef?.context !== undefined) {
          ctx = this.processContext(ctx, tdef.context, this.here());
          changed = true;
        }
      }
      if (changed) {
        isValue = false;
        for (const k in obj) if (k !== '@context' && this.expandKey(ctx, k) === '@value') isValue = true;
      }
    }
    if (isValue) {
      // A value object: its @language and @type (the last key expanding to each wins).
      let language: unknown;
      let type: unknown;
      for (const k in obj) {
        if (k === '@context') continue;
        const e = this.expandKey(ctx, k) ?? k;
        if (e === '@language') language = obj[k];
        else if (e === '@type') type = obj[k];
      }
      if (typeof language === 'string') {
        const lp = this.languageOf(language);
        if (lp) this.error(this.here('@language'), lp);
      }
      if (type !== undefined && type !== '@json') this.checkIri(ctx, type, true, '@type', '@type');
      return;
    }
    const depth = this.top;
    for (const k in obj) {
      if (k === '@context') continue;
      this.path[depth] = k;
      this.top = depth + 1;
      this.keyed(ctx, k, obj[k], property, def);
    }
    this.top = depth;
  }

  /**
   * What a key is under a context, memoised: its expansion, its term definition, and what happens to its
   * entries (see {@link keyed}).
   */
  keyState(ctx: Ctx, k: string): KeyState {
    let st = ctx.keys.get(k);
    if (st === undefined) {
      const e = this.expandKey(ctx, k);
      let verdict: KeyVerdict = 'property';
      let problem: string | undefined;
      if (e === null) verdict = 'none';
      else if (e.charCodeAt(0) === 64) verdict = 'keyword';
      else if (e.charCodeAt(0) === 95 && e.charCodeAt(1) === 58) verdict = 'blank';
      else if (!SCHEME.test(e)) verdict = 'relative';
      else if ((problem = this.iriOf(e)) !== undefined) verdict = 'bad';
      st = { e, verdict, problem, def: ctx.terms.get(k) };
      ctx.keys.set(k, st);
    }
    return st;
  }

  /** One entry `k: v` of a node object (the place is at `k`). */
  keyed(ctx: Ctx, k: string, v: unknown, property: string | null, def: TermDef | undefined): void {
    const st = this.keyState(ctx, k);
    const e = st.e;
    switch (st.verdict) {
      case 'property':
        break;
      case 'none':
        if (KEYWORD.test(k)) this.warn(this.here(), `key ${preview(k, 40)} looks like a keyword but is none; JSON-LD ignores it and its value`);
        else this.warn(this.here(), `key ${preview(k, 40)} expands to no IRI (no term definition, no @vocab); JSON-LD drops it and its value`);
        return;
      case 'keyword':
        switch (e) {
          case '@id':
            if (typeof v !== 'string') this.error(this.here(), `@id must be a string, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
            else this.checkIri(ctx, v, false, '@id');
            return;
          case '@type':
            if (Array.isArray(v)) for (let i = 0; i < v.length; i++) this.checkIri(ctx, v[i], true, '@type', i);
            else this.checkIri(ctx, v, true, '@type');
            return;
          case '@graph':
          case '@included':
            this.element(ctx, v, '@graph', undefined);
            return;
          case '@list':
          case '@set':
            this.element(ctx, v, property, def);
            return;
          case '@reverse':
          case '@nest':
            if (v && typeof v === 'object' && !Array.isArray(v)) this.element(ctx, { ...(v as object) }, property, undefined);
            return;
          case '@language':
            if (typeof v === 'string') {
              const lp = this.languageOf(v);
              if (lp) this.error(this.here(), lp);
            }
            return;
          default:
            return;
        }
      case 'blank':
        this.warn(this.here(), `key ${preview(k, 40)} expands to a blank node, which cannot be a predicate; JSON-LD drops it and its value`);
        return;
      case 'relative':
        this.warn(this.here(), `key ${preview(k, 40)} expands to a relative IRI ${preview(e!)}; JSON-LD drops it and its value`);
        return;
      case 'bad':
        this.error(this.here(), `key ${preview(k, 40)}: ${st.problem!}`);
        return;
    }
    const kdef = st.def;
    if (kdef !== undefined && kdef.container.length > 0 && v && typeof v === 'object' && !Array.isArray(v)) {
      if (kdef.container.includes('@language')) {
        const depth = this.top;
        for (const tag in v as Record<string, unknown>) {
          const x = (v as Record<string, unknown>)[tag];
          this.path[depth] = tag;
          this.top = depth + 1;
          const lp = tag === '@none' || this.expandKey(ctx, tag) === '@none' ? undefined : this.languageOf(tag);
          if (lp) this.error(this.here(), lp);
          this.element(ctx, x, k, undefined);
        }
        this.top = depth;
        return;
      }
      if (kdef.container.some((c) => c === '@index' || c === '@id' || c === '@type' || c === '@graph') && !kdef.container.includes('@graph')) {
        const depth = this.top;
        for (const ik in v as Record<string, unknown>) {
          const x = (v as Record<string, unknown>)[ik];
          this.path[depth] = ik;
          this.top = depth + 1;
          if (kdef.container.includes('@id') && ik !== '@none') this.checkIri(ctx, ik, false, '@id map key');
          this.element(ctx, x, k, { ...kdef, container: [] });
        }
        this.top = depth;
        return;
      }
    }
    this.element(ctx, v, k, kdef);
  }
}

/** Walks a parsed JSON-LD document and returns its findings (see the module comment). */
export function checkJsonLd(doc: unknown, options: { base?: string; remoteContexts?: ReadonlySet<string> } = {}): JsonLdFinding[] {
  const walk = new ExpansionWalk(options);
  if (doc === null || typeof doc !== 'object') {
    walk.error('', `the document is ${doc === null ? 'null' : `a ${typeof doc}`}, not a JSON-LD object or array of objects; it holds no triple`);
    return walk.out;
  }
  if (Array.isArray(doc) && doc.length > 0 && doc.every((x) => x === null || typeof x !== 'object')) {
    walk.error('', 'the document is an array of scalars, not of JSON-LD objects; it holds no triple');
    return walk.out;
  }
  walk.element(walk.initial, doc, null, undefined);
  return walk.out;
}
