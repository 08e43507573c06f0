/**
 * The package's JSON-LD context (`context/v2.jsonld`, generated from the ontology; `context/v1.jsonld`, the
 * previous version, stays published unchanged for documents that name it) and the static document loader that is the only way JSON-LD documents are ever resolved: it knows the package context by its IRI
 * and refuses every other remote document, so no export or import touches the network.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../data/paths.js';

/** The versioned, immutable IRI of the package context. */
export const CONTEXT_IRI = 'https://w3id.org/kaspersky-kg/context/v2.jsonld';

/** Where the context file lives inside the package. */
export const contextFile: string = join(packageRoot, 'context', 'v2.jsonld');

/** The IRI of the first context version (frozen: published, never regenerated, still served). */
export const CONTEXT_V1_IRI = 'https://w3id.org/kaspersky-kg/context/v1.jsonld';

/** Where the frozen first context version lives inside the package. */
export const contextV1File: string = join(packageRoot, 'context', 'v1.jsonld');

/** A JSON-LD context definition (the value of `@context`). */
export type ContextDefinition = Readonly<Record<string, unknown>>;

let cachedText: string | undefined;
let cachedContext: ContextDefinition | undefined;

/** The text of `context/v2.jsonld` (a document `{"@context": {...}}`), read once. */
export function contextDocumentText(): string {
  cachedText ??= readFileSync(contextFile, 'utf8');
  return cachedText;
}

let cachedV1Text: string | undefined;
/** The text of the frozen `context/v1.jsonld`, read once. */
export function contextV1DocumentText(): string {
  cachedV1Text ??= readFileSync(contextV1File, 'utf8');
  return cachedV1Text;
}

/** The package context definition: the object under `@context` in `context/v2.jsonld`. */
export function packageContext(): ContextDefinition {
  if (!cachedContext) {
    const doc = JSON.parse(contextDocumentText()) as { '@context'?: ContextDefinition };
    if (!doc['@context'] || typeof doc['@context'] !== 'object') throw new Error(`${contextFile}: no @context object`);
    cachedContext = doc['@context'];
  }
  return cachedContext;
}

/** Thrown when a JSON-LD document refers to a remote document (context) other than the package's own. */
export class RemoteDocumentRefusedError extends Error {
  /** The IRI that was refused. */
  readonly iri: string;
  constructor(iri: string, where?: string) {
    super(
      `${where ? `${where}: ` : ''}refusing to load the remote JSON-LD document <${iri}>: only the package contexts <${CONTEXT_IRI}> and <${CONTEXT_V1_IRI}> are ` +
        'available (offline, static loader); inline that context in the document or drop the reference',
    );
    this.name = 'RemoteDocumentRefusedError';
    this.iri = iri;
  }
}

/** What a jsonld.js document loader returns. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/**
 * A jsonld.js `documentLoader` that serves the package contexts (v2, and the frozen v1) from the package and refuses everything
 * else with {@link RemoteDocumentRefusedError} (never fetches). Pass it to every jsonld.js call.
 */
export async function staticDocumentLoader(url: string): Promise<RemoteDocument> {
  if (url === CONTEXT_IRI) return { contextUrl: null, documentUrl: url, document: JSON.parse(contextDocumentText()) as unknown };
  if (url === CONTEXT_V1_IRI) return { contextUrl: null, documentUrl: url, document: JSON.parse(contextV1DocumentText()) as unknown };
  throw new RemoteDocumentRefusedError(url);
}

// ------------------------------------------------------------------------------------ embedded contexts

/** Context entries that only JSON-LD 1.1 processors read (a 1.0 processor refuses a context holding one). */
const JSON_LD_11_KEYWORDS = new Set(['@included', '@nest', '@json', '@direction', '@none', '@propagate', '@import', '@protected', '@version']);
const JSON_LD_10_CONTAINERS = new Set(['@list', '@set', '@language', '@index']);

/** True when a term definition (or keyword alias) needs a JSON-LD 1.1 processor. */
export function needsJsonLd11(definition: unknown): boolean {
  if (typeof definition === 'string') return JSON_LD_11_KEYWORDS.has(definition);
  if (!definition || typeof definition !== 'object') return false;
  const d = definition as Record<string, unknown>;
  for (const k of Object.keys(d)) {
    if (k === '@context' || k === '@nest' || k === '@prefix' || k === '@protected' || k === '@propagate' || k === '@direction' || k === '@index') return true;
    if (k === '@container') {
      const c = d[k];
      if (Array.isArray(c) || typeof c !== 'string' || !JSON_LD_10_CONTAINERS.has(c)) return true;
    }
    if (k === '@type' && (d[k] === '@json' || d[k] === '@none')) return true;
    if (k === '@id' && typeof d[k] === 'string' && JSON_LD_11_KEYWORDS.has(d[k] as string)) return true;
  }
  return false;
}

/**
 * The context to embed in a document: the given context's own term definitions, in its order, restricted to
 * the terms the document uses (when `used` is given), and without `@version`/`@protected` when no term used
 * needs JSON-LD 1.1, so that JSON-LD 1.0 processors read it too. Definitions are the context's own objects.
 */
function embeddable(entries: readonly (readonly [string, unknown])[], keep: (i: number) => boolean): Record<string, unknown> {
  let needs11 = false;
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    if (k.charCodeAt(0) !== 64 && keep(i) && needsJsonLd11(v)) {
      needs11 = true;
      break;
    }
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    if (k.charCodeAt(0) === 64) {
      if (needs11 || (k !== '@version' && k !== '@protected')) out[k] = v;
    } else if (keep(i)) out[k] = v;
  }
  return out;
}

/**
 * The whole context as a document embeds it: every term definition, and `@version`/`@protected` only when
 * a term needs JSON-LD 1.1 (the package context's whole-graph documents then read in JSON-LD 1.0 processors
 * too). Leave out `skipTerms` (e.g. the `claims` alias of `@included`, which a whole-graph document never
 * uses). Cached per context object.
 */
export function embeddedContext(context: ContextDefinition, skipTerms: readonly string[] = []): ContextDefinition {
  const key = skipTerms.join('\u0000');
  let byContext = fullCache.get(context);
  if (!byContext) fullCache.set(context, (byContext = new Map()));
  let out = byContext.get(key);
  if (!out) {
    const entries = Object.entries(context);
    byContext.set(key, (out = embeddable(entries, (i) => !skipTerms.includes(entries[i]![0]))));
  }
  return out;
}
const fullCache = new WeakMap<ContextDefinition, Map<string, ContextDefinition>>();

/**
 * Computes, for documents compacted with one context, the smallest context that means the same for each of
 * them: the definitions of the terms the document uses (as keys, as string values such as `type` values and
 * `@vocab`-typed values, and as the prefixes of compact IRIs), in the context's order. Over-inclusion is
 * harmless (a string value that happens to be a term name adds its definition); a term the document uses is
 * never left out. Sub-trees shared between documents can be measured once ({@link ContextPruner.termsOf})
 * and their term lists merged ({@link ContextPruner.contextFor}). Equal term sets share one context object.
 */
export class ContextPruner {
  private readonly entries: readonly (readonly [string, unknown])[];
  private readonly index = new Map<string, number>();
  private readonly mark: Uint8Array;
  private readonly cache = new Map<string, ContextDefinition>();
  /** For each entry, the other terms its definition refers to (prefixes of its compact IRIs, terms it names). */
  private readonly needs: readonly (readonly number[])[];

  constructor(context: ContextDefinition) {
    this.entries = Object.entries(context);
    for (let i = 0; i < this.entries.length; i++) {
      const k = this.entries[i]![0];
      if (k.charCodeAt(0) !== 64) this.index.set(k, i);
    }
    this.mark = new Uint8Array(this.entries.length);
    this.needs = this.entries.map(([k, v]) => (k.charCodeAt(0) === 64 ? [] : this.termsOf(v).filter((i) => this.entries[i]![0] !== k)));
  }

  /** The indices of the context terms a JSON value uses (with repeats), appended to `into`. */
  termsOf(value: unknown, into: number[] = []): number[] {
    const index = this.index;
    const addString = (s: string): void => {
      const i = index.get(s);
      if (i !== undefined) into.push(i);
      const colon = s.indexOf(':');
      if (colon > 0 && colon < 64) {
        const p = index.get(s.slice(0, colon));
        if (p !== undefined) into.push(p);
      }
    };
    const visit = (v: unknown): void => {
      if (typeof v === 'string') addString(v);
      else if (Array.isArray(v)) for (const x of v) visit(x);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        for (const k in o) {
          if (k === '@context') continue;
          if (k.charCodeAt(0) !== 64) addString(k);
          visit(o[k]);
        }
      }
    };
    visit(value);
    return into;
  }

  /** The context holding the definitions of the given term indices (see {@link termsOf}). */
  contextFor(terms: readonly number[]): ContextDefinition {
    const mark = this.mark;
    // The terms used, and (transitively) the terms their definitions refer to.
    const stack = [...terms];
    while (stack.length) {
      const i = stack.pop()!;
      if (mark[i]) continue;
      mark[i] = 1;
      for (const j of this.needs[i]!) if (!mark[j]) stack.push(j);
    }
    let key = '';
    for (let i = 0; i < mark.length; i++) if (mark[i]) key += `${i},`;
    let out = this.cache.get(key);
    if (!out) this.cache.set(key, (out = embeddable(this.entries, (i) => mark[i] === 1)));
    mark.fill(0);
    return out;
  }

  /** The smallest context for one document (see the class description). */
  contextOf(document: unknown): ContextDefinition {
    return this.contextFor(this.termsOf(document));
  }
}
