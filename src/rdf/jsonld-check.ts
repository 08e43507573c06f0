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
export function pointerToken(key: string | number): string {
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

/** Walks a parsed JSON-LD document and returns its findings (see the module comment). */
export function checkJsonLd(doc: unknown, options: { base?: string; remoteContexts?: ReadonlySet<string> } = {}): JsonLdFinding[] {
  const out: JsonLdFinding[] = [];
  const error = (pointer: string, message: string): void => void out.push({ level: 'error', pointer, message });
  const warn = (pointer: string, message: string): void => void out.push({ level: 'warning', pointer, message });
  const initial: Ctx = { terms: new Map(), vocab: null, base: options.base ?? null, known: true };

  /** Expands an IRI-ish string; `undefined` when it maps to nothing. */
  const expand = (ctx: Ctx, value: string, vocab: boolean, local?: Record<string, unknown>, defining?: Set<string>): string | null | undefined => {
    if (KEYWORD.test(value)) return KEYWORDS.has(value) ? value : null;
    if (local && defining && Object.prototype.hasOwnProperty.call(local, value) && !defining.has(value) && vocab) {
      define(ctx, local, value, defining);
    }
    if (vocab && ctx.terms.has(value)) return ctx.terms.get(value)!.id;
    const colon = value.indexOf(':');
    if (colon > 0) {
      const prefix = value.slice(0, colon);
      const suffix = value.slice(colon + 1);
      if (prefix === '_' || suffix.startsWith('//')) return value;
      if (local && defining && Object.prototype.hasOwnProperty.call(local, prefix) && !defining.has(prefix)) define(ctx, local, prefix, defining);
      const def = ctx.terms.get(prefix);
      if (def && def.id !== null) return def.id + suffix;
      if (SCHEME.test(value)) return value;
    }
    if (vocab && ctx.vocab !== null) return ctx.vocab + value;
    if (!vocab && ctx.base !== null) return resolveIri(ctx.base, value) ?? value;
    return vocab ? null : value;
  };

  const define = (ctx: Ctx, local: Record<string, unknown>, term: string, defining: Set<string>): void => {
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
    else if (typeof rawId === 'string') id = expand(ctx, rawId, true, local, defining);
    else id = expand(ctx, term, true, undefined, undefined);
    const type = typeof spec['@type'] === 'string' ? (expand(ctx, spec['@type'], true, local, defining) ?? undefined) : undefined;
    const container = ([] as unknown[]).concat(spec['@container'] ?? []).filter((c): c is string => typeof c === 'string');
    ctx.terms.set(term, { id: id ?? null, ...(type ? { type } : {}), container, ...(spec['@context'] !== undefined ? { context: spec['@context'] } : {}) });
  };

  const processContext = (active: Ctx, local: unknown, pointer: string): Ctx => {
    let ctx: Ctx = { terms: new Map(active.terms), vocab: active.vocab, base: active.base, known: active.known };
    for (const [k, item] of (Array.isArray(local) ? local : [local]).entries()) {
      const p = Array.isArray(local) ? `${pointer}/${k}` : pointer;
      if (item === null) {
        ctx = { ...initial, terms: new Map() };
        continue;
      }
      if (typeof item === 'string') {
        if (!options.remoteContexts?.has(item)) ctx.known = false;
        continue;
      }
      if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
      const obj = item as Record<string, unknown>;
      if (typeof obj['@import'] === 'string' && !options.remoteContexts?.has(obj['@import'])) ctx.known = false;
      if (typeof obj['@base'] === 'string') {
        const b = obj['@base'];
        ctx.base = SCHEME.test(b) ? b : ctx.base !== null ? (resolveIri(ctx.base, b) ?? null) : null;
        if (!SCHEME.test(b) && ctx.base === null) error(`${p}/@base`, `a relative @base ${preview(b)} with no base to resolve it against`);
      } else if (obj['@base'] === null) ctx.base = null;
      if (obj['@vocab'] === null) ctx.vocab = null;
      else if (typeof obj['@vocab'] === 'string') {
        const v = expand(ctx, obj['@vocab'], true) ?? obj['@vocab'];
        if (v.startsWith('_:')) ctx.vocab = v;
        else if (!SCHEME.test(v)) {
          if (ctx.base !== null) ctx.vocab = resolveIri(ctx.base, v) ?? v;
          else error(`${p}/@vocab`, `a relative @vocab ${preview(v)} with no base to resolve it against`);
        } else ctx.vocab = v;
      }
      if (typeof obj['@language'] === 'string') {
        const lp = languageProblem(obj['@language']);
        if (lp) error(`${p}/@language`, lp);
      }
      const defining = new Set<string>();
      for (const term of Object.keys(obj)) {
        if (term.startsWith('@') || defining.has(term)) continue;
        define(ctx, obj, term, defining);
        const def = ctx.terms.get(term);
        if (def?.id && !KEYWORD.test(def.id) && !def.id.startsWith('_:')) {
          const ip = iriProblem(def.id);
          if (ip) error(`${p}/${pointerToken(term)}`, `term ${preview(term, 40)} maps to ${ip}`);
        }
      }
    }
    return ctx;
  };

  const checkIri = (ctx: Ctx, value: unknown, pointer: string, vocab: boolean, what: string): void => {
    if (typeof value !== 'string') {
      error(pointer, `${what} must be a string, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
      return;
    }
    const iri = expand(ctx, value, vocab);
    if (iri === null || iri === undefined) {
      error(pointer, `${what} ${preview(value)} is not an IRI (a relative IRI with no @vocab or base to resolve it against)`);
      return;
    }
    if (iri.startsWith('_:')) return;
    if (!SCHEME.test(iri)) {
      error(pointer, `${what} is a relative IRI ${preview(value)} with no base to resolve it against`);
      return;
    }
    const p = iriProblem(iri);
    if (p) error(pointer, `${what}: ${p}`);
  };

  const valueObject = (ctx: Ctx, obj: Record<string, unknown>, pointer: string): void => {
    if (typeof obj['@language'] === 'string') {
      const lp = languageProblem(obj['@language']);
      if (lp) error(`${pointer}/@language`, lp);
    }
    if (obj['@type'] !== undefined && obj['@type'] !== '@json') checkIri(ctx, obj['@type'], `${pointer}/@type`, true, '@type');
  };

  const element = (ctx: Ctx, value: unknown, property: string | null, def: TermDef | undefined, pointer: string): void => {
    if (!ctx.known) return;
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => element(ctx, v, property, def, `${pointer}/${i}`));
      return;
    }
    if (typeof value !== 'object') {
      if (property === null || property === '@graph') {
        warn(pointer, `a free-floating ${typeof value} ${preview(String(value), 40)} (not the value of any property) is dropped`);
      } else if (typeof value === 'string' && (def?.type === '@id' || def?.type === '@vocab')) {
        checkIri(ctx, value, pointer, def.type === '@vocab', 'IRI value');
      } else if (typeof value === 'string' && def?.type === undefined && def && 'language' in def) {
        // language from the term: checked where the term is defined
      }
      return;
    }
    const obj = value as Record<string, unknown>;
    if (def?.context !== undefined) ctx = processContext(ctx, def.context, pointer);
    if (obj['@context'] !== undefined) ctx = processContext(ctx, obj['@context'], `${pointer}/@context`);
    if (!ctx.known) return;
    // Type-scoped contexts.
    const typeKey = Object.keys(obj).find((k) => expand(ctx, k, true) === '@type');
    if (typeKey) {
      for (const t of ([] as unknown[]).concat(obj[typeKey]).filter((x): x is string => typeof x === 'string').sort()) {
        const tdef = ctx.terms.get(t);
        if (tdef?.context !== undefined) ctx = processContext(ctx, tdef.context, pointer);
      }
    }
    const keys = Object.keys(obj).filter((k) => k !== '@context');
    const expanded = new Map(keys.map((k) => [k, expand(ctx, k, true)] as const));
    if ([...expanded.values()].includes('@value')) {
      valueObject(ctx, Object.fromEntries(keys.map((k) => [expanded.get(k) ?? k, obj[k]])), pointer);
      return;
    }
    for (const k of keys) {
      const v = obj[k];
      const p = `${pointer}/${pointerToken(k)}`;
      const e = expanded.get(k);
      if (e === null || e === undefined) {
        if (KEYWORD.test(k)) warn(p, `key ${preview(k, 40)} looks like a keyword but is none; JSON-LD ignores it and its value`);
        else warn(p, `key ${preview(k, 40)} expands to no IRI (no term definition, no @vocab); JSON-LD drops it and its value`);
        continue;
      }
      switch (e) {
        case '@id':
          if (typeof v !== 'string') error(p, `@id must be a string, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
          else checkIri(ctx, v, p, false, '@id');
          continue;
        case '@type':
          if (Array.isArray(v)) v.forEach((t, i) => checkIri(ctx, t, `${p}/${i}`, true, '@type'));
          else checkIri(ctx, v, p, true, '@type');
          continue;
        case '@graph':
        case '@included':
          element(ctx, v, '@graph', undefined, p);
          continue;
        case '@list':
        case '@set':
          element(ctx, v, property, def, p);
          continue;
        case '@reverse':
        case '@nest':
          if (v && typeof v === 'object' && !Array.isArray(v)) element(ctx, { ...(v as object) }, property, undefined, p);
          continue;
        case '@language':
          if (typeof v === 'string') {
            const lp = languageProblem(v);
            if (lp) error(p, lp);
          }
          continue;
        default:
          if (e.startsWith('@')) continue;
      }
      if (e.startsWith('_:')) {
        warn(p, `key ${preview(k, 40)} expands to a blank node, which cannot be a predicate; JSON-LD drops it and its value`);
        continue;
      }
      if (!SCHEME.test(e)) {
        warn(p, `key ${preview(k, 40)} expands to a relative IRI ${preview(e)}; JSON-LD drops it and its value`);
        continue;
      }
      const ip = iriProblem(e);
      if (ip) {
        error(p, `key ${preview(k, 40)}: ${ip}`);
        continue;
      }
      const kdef = ctx.terms.get(k);
      if (kdef?.container.includes('@language') && v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [tag, x] of Object.entries(v as Record<string, unknown>)) {
          const lp = tag === '@none' || expand(ctx, tag, true) === '@none' ? undefined : languageProblem(tag);
          if (lp) error(`${p}/${pointerToken(tag)}`, lp);
          element(ctx, x, k, { id: e, container: [] }, `${p}/${pointerToken(tag)}`);
        }
        continue;
      }
      if (kdef && kdef.container.some((c) => c === '@index' || c === '@id' || c === '@type' || c === '@graph') && v && typeof v === 'object' && !Array.isArray(v) && !kdef.container.includes('@graph')) {
        for (const [ik, x] of Object.entries(v as Record<string, unknown>)) {
          if (kdef.container.includes('@id') && ik !== '@none') checkIri(ctx, ik, `${p}/${pointerToken(ik)}`, false, '@id map key');
          element(ctx, x, k, { ...kdef, container: [] }, `${p}/${pointerToken(ik)}`);
        }
        continue;
      }
      element(ctx, v, k, kdef, p);
    }
  };

  if (doc === null || typeof doc !== 'object') {
    error('', `the document is ${doc === null ? 'null' : `a ${typeof doc}`}, not a JSON-LD object or array of objects; it holds no triple`);
    return out;
  }
  if (Array.isArray(doc) && doc.length > 0 && doc.every((x) => x === null || typeof x !== 'object')) {
    error('', 'the document is an array of scalars, not of JSON-LD objects; it holds no triple');
    return out;
  }
  element(initial, doc, null, undefined, '');
  return out;
}
