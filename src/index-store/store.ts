/**
 * Answers the point-lookup helpers (`entity`, `externalIds`, `findEntities`) from the precompiled index,
 * without the SPARQL engine. Each answer binds (validates) the parameters with the helper's own `bind`,
 * builds the rows the helper's SPARQL would return, and maps them with the helper's own `map`; where the
 * engine's answer could differ (ties whose order the engine decides, terms the engine rewrites, a helper
 * whose SPARQL text changed since this code was written), it declines and the caller runs the SPARQL.
 * @module
 */
import type { Term } from 'n3';
import { DataFactory } from '../rdf/factory.js';
import * as H from '../helpers/queries.js';
import type { Helper } from '../helpers/define.js';
import type { Solution } from '../query/target.js';
import type { EntityMatch, EntitySummary, ExternalIdentifier, LangString } from '../helpers/types.js';
import { FACET_KINDS, INDEX_FORMAT, fingerprint, foldNames, type IndexEntity, type IndexFile, type IndexTerm, type IndexedHelperName } from './format.js';

/**
 * Fingerprints of the helper SPARQL texts this code reproduces. When a helper's text changes, its
 * fingerprint no longer matches and the helper runs as SPARQL until this module (and `build.ts`) are
 * reviewed against the new text and the fingerprint is updated; `test/index-store.test.ts` fails meanwhile.
 */
export const IMPLEMENTED_FINGERPRINTS: Readonly<Record<IndexedHelperName, string>> = {
  entity: 'c42c571e',
  externalIds: '9ef594ea',
  findEntities: '45f349de',
};

const KIND_TERMS = FACET_KINDS.map((k) => DataFactory.literal(k));

/** An answer from the index; `undefined` in its place means "not answerable here: run the SPARQL". */
export interface IndexAnswer<R> {
  /** The helper's result, deepEqual to what the SPARQL path returns. */
  readonly value: R;
}

/** The point-lookup index, loaded. */
export class PointIndex {
  /** The dataset the index describes (byte length, quad count, SHA-256 of its N-Quads). */
  readonly dataset: IndexFile['dataset'];
  /** The helpers this index answers (those whose SPARQL still matches what the index was written and built for). */
  readonly helpers: ReadonlySet<IndexedHelperName>;
  private readonly file: IndexFile;
  private readonly decoded: (Term | undefined)[];
  private readonly search: [string, string][];

  /** Wraps a parsed index file; throws when it is not one (wrong format identifier or shape). */
  constructor(file: IndexFile) {
    if (file?.format !== INDEX_FORMAT || !Array.isArray(file.terms) || typeof file.entities !== 'object' || !Array.isArray(file.search)) {
      throw new Error(`not a ${INDEX_FORMAT} file`);
    }
    this.file = file;
    this.dataset = file.dataset;
    this.decoded = new Array<Term | undefined>(file.terms.length);
    const current: Record<IndexedHelperName, Helper<never, unknown>> = { entity: H.entity, externalIds: H.externalIds, findEntities: H.findEntities };
    const ok = new Set<IndexedHelperName>();
    for (const name of Object.keys(current) as IndexedHelperName[]) {
      const fp = fingerprint(current[name].sparql);
      if (fp === IMPLEMENTED_FINGERPRINTS[name] && fp === file.helpers?.[name]) ok.add(name);
    }
    this.helpers = ok;
    // folded names depend on the Unicode tables of the runtime that folded them
    this.search = file.unicode === (process.versions.unicode ?? '') ? file.search : file.search.map(([iri]) => [iri, this.refold(iri)]);
  }

  /** Parses an index file's text. */
  static fromJSON(text: string): PointIndex {
    return new PointIndex(JSON.parse(text) as IndexFile);
  }

  /**
   * Answers `helper` with `params` when the helper is one the index serves and the answer is certain to
   * equal the SPARQL path's; returns undefined otherwise. Throws what the helper's `bind` throws on
   * invalid parameters, as the SPARQL path does.
   */
  answer<P, R>(helper: Helper<P, R>, params: P): IndexAnswer<R> | undefined {
    if (helper === (H.entity as Helper<unknown, unknown>)) return this.entity(params as { iri: string }) as IndexAnswer<R> | undefined;
    if (helper === (H.externalIds as Helper<unknown, unknown>)) return this.externalIds(params as { iri: string }) as IndexAnswer<R> | undefined;
    if (helper === (H.findEntities as Helper<unknown, unknown>)) return this.findEntities(params as { name: string; limit?: number }) as IndexAnswer<R> | undefined;
    return undefined;
  }

  /** The `entity` helper from the index (undefined: run its SPARQL). */
  entity(params: { iri: string }): IndexAnswer<EntitySummary | undefined> | undefined {
    if (!this.helpers.has('entity')) return undefined;
    H.entity.bind(params);
    const e = this.lookup(params.iri);
    if (e?.u) return undefined;
    const rows: Solution[] = [];
    if (e?.f) for (const code of e.f) rows.push({ k: KIND_TERMS[code & 3]!, v: this.term(code >>> 2) });
    const value = H.entity.map(rows, params);
    return value && orderOfNamesIsEngineDefined(value.names) ? undefined : { value };
  }

  /** The `externalIds` helper from the index (undefined: run its SPARQL). */
  externalIds(params: { iri: string }): IndexAnswer<ExternalIdentifier[]> | undefined {
    if (!this.helpers.has('externalIds')) return undefined;
    H.externalIds.bind(params);
    const e = this.lookup(params.iri);
    if (e?.u) return undefined;
    const rows: Solution[] = [];
    const x = e?.x;
    if (x) for (let i = 0; i < x.length; i += 2) rows.push({ p: this.term(x[i]!), v: this.term(x[i + 1]!) });
    return { value: H.externalIds.map(rows, params) };
  }

  /** The `findEntities` helper from the index: a scan of the folded names, then the helper's own scoring (undefined: run its SPARQL). */
  findEntities(params: { name: string; limit?: number }): IndexAnswer<EntityMatch[]> | undefined {
    if (!this.helpers.has('findEntities')) return undefined;
    H.findEntities.bind(params);
    if (!this.file.searchExact) return undefined;
    const needle = H.foldName(params.name);
    if (!needle) return { value: H.findEntities.map([], params) };
    const rows: Solution[] = [];
    for (const [iri, folded] of this.search) {
      if (!folded.includes(needle)) continue;
      const e = this.lookup(iri)!;
      if (e.u) return undefined;
      const entity = DataFactory.namedNode(iri);
      for (const code of e.f!) rows.push({ entity, k: KIND_TERMS[code & 3]!, v: this.term(code >>> 2) });
    }
    // The mapper sorts matches by score, label and IRI (a total order: no tie is left to the engine's row
    // order), but keeps the input order of names equal in language + value: there the engine answers.
    const value = H.findEntities.map(rows, params);
    return value.some((m) => orderOfNamesIsEngineDefined(m.names)) ? undefined : { value };
  }

  private lookup(iri: string): IndexEntity | undefined {
    return Object.hasOwn(this.file.entities, iri) ? this.file.entities[iri] : undefined;
  }

  private term(i: number): Term {
    return (this.decoded[i] ??= decodeTerm(this.file.terms[i]!));
  }

  private refold(iri: string): string {
    const names = (this.lookup(iri)?.f ?? []).filter((code) => (code & 3) <= 1).map((code) => this.term(code >>> 2).value);
    return foldNames(names);
  }
}

function decodeTerm(t: IndexTerm): Term {
  if (typeof t === 'string') return DataFactory.namedNode(t);
  if (!Array.isArray(t)) return DataFactory.blankNode(t.b);
  if (t.length === 1) return DataFactory.literal(t[0]);
  if (t.length === 2) return DataFactory.literal(t[0], t[1]);
  return DataFactory.literal(t[0], DataFactory.namedNode(t[2]));
}

/**
 * The helpers sort names by `language + value`; two different names with the same concatenation
 * (`"x"@en` and `"enx"`) keep the order in which the engine returned them.
 */
function orderOfNamesIsEngineDefined(names: readonly LangString[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1]!.language + names[i - 1]!.value === names[i]!.language + names[i]!.value) return true;
  return false;
}
