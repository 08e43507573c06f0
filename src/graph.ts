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
import type { QueryLimits } from './query/isolated.js';
import type { QueryPool } from './query/pool.js';
import { runHelper, type Helper } from './helpers/define.js';
import { installHelperMethods, type HelperMethods } from './helpers/methods.js';

export type { RemoteOptions } from './query/remote.js';
import type { RemoteOptions } from './query/remote.js';

/**
 * Options of {@link openGraph} for the embedded graph: limits on caller-written SPARQL (`select`, `ask`,
 * `construct`), which runs in a worker thread that is stopped when a limit is passed. The typed helpers
 * run the package's own queries in-process, without these limits.
 */
export interface EmbeddedOptions extends QueryLimits {
  /** Absent: the embedded graph (an `endpoint` opens a remote one, see {@link RemoteOptions}). */
  endpoint?: undefined;
}

/**
 * The typed helpers as methods of the graph (`kg.entity(iri)`, `kg.findEntities(name, limit?)`,
 * `kg.timeline({ from, to })`, `kg.sourcesOf(s, p, o)`…): one per helper of `helpers/queries.ts` that declares
 * a `method`, with that helper's parameters, result and documentation (see `helpers/methods.ts`).
 */
export interface KasperskyGraph extends HelperMethods {}

/** A handle on the knowledge graph: raw SPARQL, any typed helper (`run`), and each helper as a method. */
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
  /** Releases the target. */
  close(): Promise<void> {
    return this.target.close();
  }
}
installHelperMethods(KasperskyGraph.prototype);

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
 * The embedded graph. Caller-written SPARQL (`select`, `ask`, `construct`) runs isolated in a worker thread
 * with a time limit, a memory limit and a result-size limit (`query/isolated.ts`); the typed helpers run
 * in-process: `entity`, `externalIds` and `findEntities` answer from the precompiled point-lookup index when
 * there is one (same results as their SPARQL, which stays their definition; see `src/index-store/`),
 * the others on the embedded engine, created on the first query that needs it.
 */
export class EmbeddedGraph extends KasperskyGraph {
  /** The point-lookup index (undefined: every helper runs as SPARQL). */
  readonly index: PointIndex | undefined;
  private readonly engine: () => Promise<EmbeddedTarget>;
  private readonly untrusted: QueryTarget | undefined;
  /**
   * `engine` creates (once) and returns the embedded target; `index` answers the point lookups; `untrusted`
   * runs caller-written SPARQL (default: the in-process engine, as the helpers).
   */
  constructor(engine: () => Promise<EmbeddedTarget>, index?: PointIndex, untrusted?: QueryTarget) {
    super(new LazyTarget(engine));
    this.engine = engine;
    this.index = index;
    this.untrusted = untrusted;
  }
  /** Runs a caller-written SELECT query in the isolated worker, within the graph's limits. */
  override select<Row extends Solution = Solution>(query: string, bindings?: Bindings): Promise<Row[]> {
    return this.untrusted ? (this.untrusted.select(query, bindings) as Promise<Row[]>) : super.select<Row>(query, bindings);
  }
  /** Runs a caller-written ASK query in the isolated worker, within the graph's limits. */
  override ask(query: string, bindings?: Bindings): Promise<boolean> {
    return this.untrusted ? this.untrusted.ask(query, bindings) : super.ask(query, bindings);
  }
  /** Runs a caller-written CONSTRUCT/DESCRIBE query in the isolated worker, within the graph's limits. */
  override construct(query: string, bindings?: Bindings): Promise<Quad[]> {
    return this.untrusted ? this.untrusted.construct(query, bindings) : super.construct(query, bindings);
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

/** Loads Oxigraph with the N-Quads into a target whose SELECT converts terms through SPARQL TSV (`query/tsv-select.ts`). */
async function createEmbeddedTarget(nquads: () => string | Promise<string>): Promise<EmbeddedTarget> {
  const [{ loadOxigraph }, { TsvSelectTarget }] = await Promise.all([import('./query/embedded.js'), import('./query/tsv-select.js')]);
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

let sharedPool: Promise<QueryPool> | undefined;

/** The process's worker pool for caller-written SPARQL on the bundled data (one worker, created on first use). */
function packagePool(): Promise<QueryPool> {
  sharedPool ??= (async () => {
    const [{ datasetNQuads }] = await Promise.all([import('./data/dataset.js')]);
    return isolationPool(datasetNQuads().text);
  })().catch((error: unknown) => {
    sharedPool = undefined;
    throw error;
  });
  return sharedPool;
}

/** A one-worker pool over `nquads` for caller-written queries: waiting queries queue, none is refused as busy. */
async function isolationPool(nquads: string): Promise<QueryPool> {
  const { QueryPool } = await import('./query/pool.js');
  return new QueryPool({ nquads, size: 1, maxQueue: 1_000_000, maxWaitMs: 2 ** 31 - 1 });
}

/** The isolated target for caller-written SPARQL over a pool, with the caller's limits. */
async function isolatedTarget(pool: () => Promise<QueryPool>, limits: QueryLimits): Promise<QueryTarget> {
  const { IsolatedTarget } = await import('./query/isolated.js');
  return new IsolatedTarget(pool, limits);
}

/**
 * Opens the knowledge graph: with no options (or {@link EmbeddedOptions}) the embedded copy of the bundled
 * data, with `{ endpoint }` a remote SPARQL 1.1 endpoint that holds the package's N-Quads (queried as they
 * are, over the endpoint's default graph: no graph needs naming). On the embedded graph, caller-written
 * SPARQL runs in a worker thread with a time limit (`timeoutMs`, default 30 s), a memory limit
 * (`memoryLimitMb`, default 512) and a result-size limit (`maxResultBytes`, default 64 MiB); passing one
 * ends in a `QueryLimitError`.
 */
export async function openGraph(options?: RemoteOptions | EmbeddedOptions): Promise<KasperskyGraph> {
  if (!options || options.endpoint === undefined) {
    const limits: QueryLimits = {};
    if (options?.timeoutMs !== undefined) limits.timeoutMs = options.timeoutMs;
    if (options && 'maxResultBytes' in options && options.maxResultBytes !== undefined) limits.maxResultBytes = options.maxResultBytes;
    if (options && 'memoryLimitMb' in options && options.memoryLimitMb !== undefined) limits.memoryLimitMb = options.memoryLimitMb;
    const { openPackageIndex } = await import('./index-store/load.js');
    return new EmbeddedGraph(embeddedTarget, openPackageIndex(), await isolatedTarget(packagePool, limits));
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
  let pool: Promise<QueryPool> | undefined;
  const untrusted = await isolatedTarget(() => (pool ??= isolationPool(nquads)), {});
  let index = options.index === false ? undefined : options.index;
  if (options.index === undefined) {
    const [{ buildPointIndex }, { PointIndex }] = await Promise.all([import('./index-store/build.js'), import('./index-store/store.js')]);
    index = new PointIndex(buildPointIndex(nquads));
  }
  return new EmbeddedGraph(open, index, untrusted);
}
