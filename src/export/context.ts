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
