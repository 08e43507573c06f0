/**
 * `openGraph()`: the package's entry point. Embedded (the bundled data in Oxigraph, loaded once, lazily)
 * or remote (any SPARQL 1.1 endpoint holding the package's N-Quads).
 * @module
 */
import type { Quad } from 'n3';
import type { QueryTarget, Solution } from './query/target.js';
import type { Bindings } from './query/terms.js';
import type { EmbeddedTarget } from './query/embedded.js';
import type { PointIndex } from './index-store/store.js';
import { runHelper, type Helper, type ParamsOf, type ResultOf } from './helpers/define.js';
import * as H from './helpers/queries.js';

export type { RemoteOptions } from './query/remote.js';
import type { RemoteOptions } from './query/remote.js';

/** A handle on the knowledge graph: raw SPARQL plus the typed helpers in `helpers.ts`. */
export class KasperskyGraph {
  /** The target queries run on. */
  readonly target: QueryTarget;
  constructor(target: QueryTarget) {
    this.target = target;
  }
  /** Runs a SELECT query; parameters are bound as RDF terms. */
  select<Row extends Solution = Solution>(query: string, bindings?: Bindings): Promise<Row[]> {
    return this.target.select(query, bindings) as Promise<Row[]>;
  }
  /** Runs an ASK query. */
  ask(query: string, bindings?: Bindings): Promise<boolean> {
    return this.target.ask(query, bindings);
  }
  /** Runs a CONSTRUCT/DESCRIBE query and returns RDF/JS quads. */
  construct(query: string, bindings?: Bindings): Promise<Quad[]> {
    return this.target.construct(query, bindings);
  }
  /** Runs any typed helper (see `helpers/queries.ts`). */
  run<P, R>(helper: Helper<P, R>, params: P): Promise<R> {
    return runHelper(this.target, helper, params);
  }
  /** One entity by IRI: names in every language, types, verified identifiers. */
  entity(iri: string): Promise<ResultOf<typeof H.entity>> {
    return this.run(H.entity, { iri });
  }
  /** Entities by name (case- and accent-insensitive; labels, aliases, original script). */
  findEntities(name: string, limit?: number): Promise<ResultOf<typeof H.findEntities>> {
    return this.run(H.findEntities, limit === undefined ? { name } : { name, limit });
  }
  /** Actions targeting a party, its subsidiaries or its group members. */
  actionsAgainst(party: string): Promise<ResultOf<typeof H.actionsAgainst>> {
    return this.run(H.actionsAgainst, { party });
  }
  /** Actions by an authority or its sub-units. */
  actionsBy(authority: string): Promise<ResultOf<typeof H.actionsBy>> {
    return this.run(H.actionsBy, { authority });
  }
  /** The dated timeline, optionally within `from`..`to` (YYYY, YYYY-MM or YYYY-MM-DD). */
  timeline(range: ParamsOf<typeof H.timeline> = {}): Promise<ResultOf<typeof H.timeline>> {
    return this.run(H.timeline, range);
  }
  /** People designated in sanctions actions, with roles and organisations. */
  sanctionedPeople(): Promise<ResultOf<typeof H.sanctionedPeople>> {
    return this.run(H.sanctionedPeople, undefined);
  }
  /** What changes for customers and resellers, and when. */
  customerImpacts(): Promise<ResultOf<typeof H.customerImpacts>> {
    return this.run(H.customerImpacts, undefined);
  }
  /** Regions and markets. */
  regions(): Promise<ResultOf<typeof H.regions>> {
    return this.run(H.regions, undefined);
  }
  /** Claims about an entity, with modality, verification and sources. */
  claimsAbout(iri: string): Promise<ResultOf<typeof H.claimsAbout>> {
    return this.run(H.claimsAbout, { iri });
  }
  /** All claims, or those derived from one source document. */
  claims(source?: string): Promise<ResultOf<typeof H.claims>> {
    return this.run(H.claims, source === undefined ? undefined : { source });
  }
  /** The claims and sources that support one triple. */
  sourcesOf(subject: string, predicate: string, object: H.ObjectParam): Promise<ResultOf<typeof H.sourcesOf>> {
    return this.run(H.sourcesOf, { subject, predicate, object });
  }
  /** Claims contradicted or qualified by other claims, with the contradicting sources and their words. */
  contestedClaims(): Promise<ResultOf<typeof H.contestedClaims>> {
    return this.run(H.contestedClaims, undefined);
  }
  /**
   * Negative statements: triples the sources say do NOT hold, matching a subject, predicate and/or
   * object, each with the denying claim and every source's own words.
   */
  denials(pattern: ParamsOf<typeof H.denials> = {}): Promise<ResultOf<typeof H.denials>> {
    return this.run(H.denials, pattern);
  }
  /**
   * Was a party designated by a sanctions action? `yes` with the designations, `no` with the sources that
   * say it was not (e.g. OFAC did not designate Eugene Kaspersky), or `unknown`.
   */
  designationStatus(target: string): Promise<ResultOf<typeof H.designationStatus>> {
    return this.run(H.designationStatus, { target });
  }
  /** Verified external identifiers of an entity. */
  externalIds(iri: string): Promise<ResultOf<typeof H.externalIds>> {
    return this.run(H.externalIds, { iri });
  }
  /** Releases the target. */
  close(): Promise<void> {
    return this.target.close();
  }
}

/**
 * A {@link QueryTarget} that creates the real (embedded) target on the first query, so that opening a
 * graph and answering point lookups from the index never load the SPARQL engine.
 */
class LazyTarget implements QueryTarget {
  readonly kind = 'embedded' as const;
  private readonly open: () => Promise<QueryTarget>;
  constructor(open: () => Promise<QueryTarget>) {
    this.open = open;
  }
  async select(query: string, bindings?: Bindings): Promise<Solution[]> {
    return (await this.open()).select(query, bindings);
  }
  async ask(query: string, bindings?: Bindings): Promise<boolean> {
    return (await this.open()).ask(query, bindings);
  }
  async construct(query: string, bindings?: Bindings): Promise<Quad[]> {
    return (await this.open()).construct(query, bindings);
  }
  /** The embedded engine holds nothing to release, and is shared: nothing to do (and nothing is created). */
  async close(): Promise<void> {}
}

/**
 * An embedded graph with a precompiled point-lookup index: `entity`, `externalIds` and `findEntities`
 * answer from the index (same results as their SPARQL, which stays their definition; see
 * `src/index-store/`), everything else runs on the embedded engine, created on the first query that
 * needs it. Returned by {@link openGraph} when the package was built with its index.
 */
export class EmbeddedGraph extends KasperskyGraph {
  /** The point-lookup index (undefined: every helper runs as SPARQL). */
  readonly index: PointIndex | undefined;
  private readonly engine: () => Promise<EmbeddedTarget>;
  /** `engine` creates (once) and returns the embedded target; `index` answers the point lookups. */
  constructor(engine: () => Promise<EmbeddedTarget>, index?: PointIndex) {
    super(new LazyTarget(engine));
    this.engine = engine;
    this.index = index;
  }
  /** Runs a typed helper: from the index when it can answer, else as SPARQL on the embedded engine. */
  override async run<P, R>(helper: Helper<P, R>, params: P): Promise<R> {
    const fast = this.index?.answer(helper, params);
    return fast ? fast.value : super.run(helper, params);
  }
  /** The embedded (Oxigraph) target behind this graph, created on the first call. */
  sparqlTarget(): Promise<EmbeddedTarget> {
    return this.engine();
  }
}

let embedded: Promise<EmbeddedTarget> | undefined;

/** Loads Oxigraph with the N-Quads into a target whose SELECT converts terms through SPARQL TSV (`index-store/select.ts`). */
async function createEmbeddedTarget(nquads: () => string | Promise<string>): Promise<EmbeddedTarget> {
  const [{ loadOxigraph }, { TsvSelectTarget }] = await Promise.all([import('./query/embedded.js'), import('./index-store/select.js')]);
  return new TsvSelectTarget(await loadOxigraph(await nquads()));
}

/** The embedded target, created on first use and shared by every embedded graph of the process. */
export function embeddedTarget(): Promise<EmbeddedTarget> {
  embedded ??= createEmbeddedTarget(async () => (await import('./data/dataset.js')).datasetNQuads().text).catch((error: unknown) => {
    embedded = undefined; // let a later call try again
    throw error;
  });
  return embedded;
}

/**
 * Opens the knowledge graph: with no options the embedded copy of the bundled data, with
 * `{ endpoint }` a remote SPARQL 1.1 endpoint that holds the package's N-Quads (queried as they are, over
 * the endpoint's default graph: no graph needs naming).
 */
export async function openGraph(options?: RemoteOptions): Promise<KasperskyGraph> {
  if (!options) {
    const { openPackageIndex } = await import('./index-store/load.js');
    const index = openPackageIndex();
    return index ? new EmbeddedGraph(embeddedTarget, index) : new KasperskyGraph(await embeddedTarget());
  }
  const { RemoteTarget } = await import('./query/remote.js');
  return new KasperskyGraph(new RemoteTarget(options));
}

/**
 * An embedded graph over the given N-Quads (internal: for benches and tests). Its own engine is created
 * on the first SPARQL query; the point-lookup index is `options.index`, or built from the N-Quads when
 * omitted, or none with `index: false`.
 * @internal
 */
export async function openGraphFromNQuads(nquads: string, options: { index?: PointIndex | false } = {}): Promise<EmbeddedGraph> {
  let engine: Promise<EmbeddedTarget> | undefined;
  const open = (): Promise<EmbeddedTarget> => (engine ??= createEmbeddedTarget(() => nquads));
  let index = options.index === false ? undefined : options.index;
  if (options.index === undefined) {
    const [{ buildPointIndex }, { PointIndex }] = await Promise.all([import('./index-store/build.js'), import('./index-store/store.js')]);
    index = new PointIndex(buildPointIndex(nquads));
  }
  return new EmbeddedGraph(open, index);
}
