/**
 * bench/export: the package's JSON-LD export and import against jsonld.js and Oxigraph, on the same graph.
 *
 *   npx tsx bench/export.ts [--triples 100000] [--rounds 5] [--skip-small] [--skip-synthetic] [--wall] [--in-process [--force-gc]]
 *                           [--writers | --only-writers]
 *
 * Graphs: the package's dataset (the export fixture when the data files are absent) and a seeded synthetic
 * dataset of about --triples quads in the package's model (entities, claims with provenance and evidence,
 * compiled into proposition nodes and the facts view by compileClaims; ontology graph). Candidates:
 * - compact: toJsonLd (written directly from the quads) vs jsonld.fromRDF + jsonld.compact (+ stringify);
 * - entities: toEntityDocuments + stringify (JSON Lines) vs jsonld.fromRDF + jsonld.frame of the entities;
 *   both are given the model view (entity list, claims mentioning each entity), computed once per release
 *   build as src/export/release.ts does;
 * - import: loadJsonLd (package context by IRI) vs Oxigraph's own Store.load of the same document with the
 *   context inlined.
 * Before timing, every output is checked to mean the same graph (expanded meaning), so the ratios compare
 * equal work. Each timing is taken in a fresh child process per candidate and round (rounds interleave the
 * candidates): a candidate never pays for the garbage another left in the heap (jsonld.js leaves hundreds of
 * MB that a later major GC would charge to whoever runs next). `--in-process` times all candidates in this
 * process instead. Targets: compact ≥ 15× faster, entities ≥ 30× faster, import ≤ 1.2× Oxigraph.
 *
 * Text writers (`--writers` adds them, `--only-writers` runs nothing else): hand-written N-Quads,
 * N-Triples, Turtle and TriG writers against n3's `Writer` given the same quads in the same order (blank
 * nodes relabelled and the quads sorted first, as a byte-stable export must; that work is timed on both
 * sides). For N-Quads and N-Triples the n3 side is the package's writer (src/data/nquads.ts) and the hand
 * side the line writer it replaced; for Turtle and TriG the hand side is the package's (src/export/turtle.ts).
 * Both outputs are first parsed back and checked to be the same graph. The ratio printed is n3 Writer
 * time / hand writer time; the package keeps a hand writer only where n3's is more than ~1.3× slower
 * (bench/README.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import jsonld from 'jsonld';
import * as ox from 'oxigraph';
import { DataFactory, Parser, Writer, type Quad } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { assembleDataset, buildDatasetParts, nquadLine } from '../src/data/dataset.js';
import { compileClaims, licensingConcepts } from '../src/data/materialise.js';
import { dataFiles, packageRoot } from '../src/data/paths.js';
import { rng } from './rng.js';
import { kg } from '../src/generated/vocab.js';
import { CLAIM, ID, PREFIXES } from '../src/namespaces.js';
import { CONTEXT_IRI, fromJsonLd, loadJsonLd, modelView, staticDocumentLoader, toEntityDocuments, toJsonLd, toJsonLdObject } from '../src/export/index.js';
import { toNQuads, toNTriples } from '../src/export/lines.js';
import { pathPrefixes, toTriG, toTurtle } from '../src/export/turtle.js';
import { relabelBlankNodes } from '../src/data/nquads.js';
import { naturalKey } from '../src/rdf/order.js';
import { escapeLiteral } from '../src/rdf/escape.js';

const { namedNode: n, literal: l, quad: q } = DataFactory;
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const TRIPLES = arg('--triples', 100_000);
const ROUNDS = arg('--rounds', 5);
const loader = staticDocumentLoader as never;
const XSD = PREFIXES.xsd;
const RDF_TYPE = `${PREFIXES.rdf}type`;
const LABEL = `${PREFIXES.rdfs}label`;

/** A synthetic dataset in the package's model with about `target` quads. */
export function synthetic(target: number): Quad[] {
  const ontology = buildDatasetParts({ data: [] }).ontology;
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const data: Quad[] = [];
  const sources = Array.from({ length: 50 }, (_, i) => n(`${ID}source/src-${i}`));
  sources.forEach((s, i) => {
    data.push(q(s, n(RDF_TYPE), n(kg.NewsArticle)), q(s, n(`${PREFIXES.dcterms}title`), l(`Source document ${i} on "sanctions"`)), q(s, n(kg.publishedOn), l(`2024-0${1 + (i % 9)}-1${i % 10}`, n(`${XSD}date`))));
  });
  const regions = Array.from({ length: 40 }, (_, i) => n(`${ID}region-${i}`));
  const orgs: ReturnType<typeof n>[] = [];
  const people: ReturnType<typeof n>[] = [];
  let claimNo = 0;
  let total = ontology.length + data.length;
  // Quads per entity in the compiled model: its stated triples, a proposition node (5 quads) and a kg:states
  // link each, the facts of licensed claims, the claim description and its evidence node.
  const perEntity = 42;
  const entities = Math.max(10, Math.round((target - total) / perEntity));
  for (let i = 0; i < entities; i++) {
    const kind = i % 3;
    const c = n(`${CLAIM}S${++claimNo}`);
    const licensed = rand() < 0.8;
    let s: ReturnType<typeof n>;
    const stated: Array<[string, Quad['object']]> = [];
    if (kind === 0) {
      s = n(`${ID}org/org-${i}`);
      orgs.push(s);
      stated.push([RDF_TYPE, n(kg.Company)], [LABEL, l(`Organisation ${i}`, 'en')], [kg.headquarteredIn, pick(regions)]);
      if (rand() < 0.3) stated.push([LABEL, l(`Организация ${i}`, 'ru')]);
    } else if (kind === 1) {
      s = n(`${ID}person/person-${i}`);
      people.push(s);
      stated.push([RDF_TYPE, n(kg.Person)], [LABEL, l(`Person ${i}`, 'en')], [kg.birthDate, l(String(1940 + (i % 60)), n(`${XSD}gYear`))]);
      if (rand() < 0.4) stated.push([LABEL, l(`Персона ${i}`, 'ru')]);
      if (orgs.length) stated.push([kg.memberOfGroup, pick(orgs)]);
    } else {
      s = n(`${ID}event/event-${i}`);
      stated.push([RDF_TYPE, n(kg.Prohibition)], [LABEL, l(`Prohibition ${i}`, 'en')], [kg.effectiveOn, l(`20${10 + (i % 15)}-0${1 + (i % 9)}-2${i % 10}`, n(`${XSD}date`))], [kg.eventStatus, n(kg.StatusInEffect)]);
      if (orgs.length) stated.push([kg.actor, pick(orgs)]);
      if (people.length) stated.push([kg.target, pick(people)]);
    }
    for (const [p, o] of stated) data.push(q(s, n(p), o, c));
    data.push(
      q(c, n(RDF_TYPE), n(kg.Claim)),
      q(c, n(kg.claimKey), l(`S${claimNo}`)),
      q(c, n(LABEL), l(`S${claimNo}: a claim about ${i}`, 'en')),
      q(c, n(kg.modality), n(licensed ? kg.Asserted : kg.Hedged)),
      q(c, n(kg.verification), n(licensed ? kg.Verified : kg.Unverified)),
      q(c, n(kg.quote), l(`The source says "${i}" happened.\nSecond line.`)),
      q(c, n(`${PREFIXES.prov}wasDerivedFrom`), pick(sources)),
    );
    total += stated.length * (licensed ? 2 : 1) + 7;
  }
  const { descriptions, facts } = compileClaims(data, licensingConcepts(ontology));
  return assembleDataset({ ontology, claims: descriptions, facts });
}

function lineSet(quads: readonly Quad[]): Set<string> {
  return new Set(quads.map(nquadLine));
}
function sameGraph(a: readonly Quad[], b: readonly Quad[], what: string): void {
  const hasBlank = (qs: readonly Quad[]) => qs.some((x) => x.subject.termType === 'BlankNode' || x.object.termType === 'BlankNode' || x.graph.termType === 'BlankNode');
  if (hasBlank(a) || hasBlank(b)) {
    const uniq = (qs: readonly Quad[]) => [...new Map(qs.map((x) => [nquadLine(x), x])).values()];
    if (!isomorphic(uniq(a), uniq(b))) throw new Error(`${what}: not isomorphic`);
    return;
  }
  const la = lineSet(a);
  const lb = lineSet(b);
  const missing = [...lb].filter((x) => !la.has(x));
  const extra = [...la].filter((x) => !lb.has(x));
  if (missing.length || extra.length) throw new Error(`${what}: not the same graph (${missing.length} missing, ${extra.length} extra), e.g. ${missing[0] ?? extra[0]}`);
}
function subsetOf(a: readonly Quad[], b: readonly Quad[], what: string): void {
  const lb = lineSet(b);
  const bad = a.map(nquadLine).filter((x) => !lb.has(x));
  if (bad.length) throw new Error(`${what}: ${bad.length} quads not in the source, e.g. ${bad[0]}`);
}

type Task = () => Promise<unknown> | unknown;
/**
 * Runs a task and lets go of its result: a promise of nothing for an asynchronous task, undefined for a
 * synchronous one. (`await task()` in the timing loop kept each result in the async frame until the next
 * result replaced it, so the previous run's output, tens of MB for the entity documents, stayed alive and
 * was marked and promoted during the next run, charging GC to whichever candidate built the most.)
 */
function drop(task: Task): Promise<void> | undefined {
  const r = task();
  return r instanceof Promise ? r.then(() => undefined) : undefined;
}
const gc = (globalThis as { gc?: () => void }).gc;
const FORCE_GC = process.argv.includes('--force-gc');
const WALL = process.argv.includes('--wall');
/** CPU time of this process (user + system, all threads) in ms: robust on a shared machine; `--wall` for wall time. */
function now(): number {
  if (WALL) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Interleaved rounds: in each round every task runs for a slice of at least `sliceMs` (at least once),
 * after a forced GC with `--force-gc` (and node --expose-gc); the result per task is the median over
 * rounds of the slice's mean time per run.
 */
async function timeRounds(tasks: Record<string, Task>, rounds: number, sliceMs = 150): Promise<Record<string, number>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (const t of Object.values(tasks)) await drop(t); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const [k, t] of Object.entries(tasks)) {
      if (FORCE_GC) gc?.();
      let runs = 0;
      const t0 = now();
      do {
        const pending = drop(t);
        if (pending) await pending;
        runs++;
      } while (now() - t0 < sliceMs);
      times[k]!.push((now() - t0) / runs);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
}

// ---------------------------------------------------------------------------------------------- text writers

/**
 * The hand-written N-Quads line writer the package had before `data/nquads.ts` moved to n3's Writer
 * (kept here only as the reference the ratio is measured against): one line per quad, the lines sorted.
 */
function handLines(quads: readonly Quad[], format: 'N-Quads' | 'N-Triples'): string {
  const term = (t: Quad['subject'] | Quad['predicate'] | Quad['object'] | Quad['graph']): string => {
    if (t.termType === 'NamedNode') return `<${t.value}>`;
    if (t.termType === 'BlankNode') return `_:${t.value}`;
    if (t.termType !== 'Literal') throw new Error(`cannot serialise a ${t.termType} in N-Quads`);
    const lex = `"${escapeLiteral(t.value)}"`;
    if (t.language) return `${lex}@${t.language}`;
    return t.datatype.value === `${XSD}string` ? lex : `${lex}^^<${t.datatype.value}>`;
  };
  const input = format === 'N-Triples' ? quads.filter((x) => x.graph.termType === 'DefaultGraph') : quads;
  const lines = relabelBlankNodes(input).map((x) => `${term(x.subject)} ${term(x.predicate)} ${term(x.object)}${x.graph.termType === 'DefaultGraph' ? '' : ` ${term(x.graph)}`} .`);
  lines.sort();
  return lines.length ? `${lines.join('\n')}\n` : '';
}

const PREDICATE_RANK: Readonly<Record<string, number>> = { [RDF_TYPE]: 0, [LABEL]: 1 };
type Node = Quad['subject'] | Quad['object'] | Quad['graph'];
/** A term's sort key: IRIs by value, blank nodes after them, literals by form, language and datatype. */
function nodeKey(t: Node): string {
  return t.termType === 'BlankNode' ? `\uffff${t.value}` : t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : t.value;
}
/** Sorts keyed items in natural order (ties by the key itself). */
function byNatural<T>(items: Iterable<[string, T]>, rank: (key: string) => number = () => 0): T[] {
  const keyed = [...items].map(([k, v]) => ({ r: rank(k), n: naturalKey(k), k, v }));
  keyed.sort((a, b) => a.r - b.r || (a.n !== b.n ? (a.n < b.n ? -1 : 1) : a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.v);
}
/**
 * The quads in the order the hand Turtle/TriG writer prints them, grouped the same way (graph, subject,
 * predicate with `a` and the label first, object), each level sorted in natural order.
 */
function turtleOrder(quads: readonly Quad[]): Quad[] {
  const graphs = new Map<string, Map<string, Map<string, Map<string, Quad>>>>();
  for (const x of quads) {
    const gk = x.graph.termType === 'DefaultGraph' ? '' : nodeKey(x.graph);
    let g = graphs.get(gk);
    if (!g) graphs.set(gk, (g = new Map()));
    const sk = nodeKey(x.subject);
    let s = g.get(sk);
    if (!s) g.set(sk, (s = new Map()));
    let p = s.get(x.predicate.value);
    if (!p) s.set(x.predicate.value, (p = new Map()));
    p.set(nodeKey(x.object), x);
  }
  const out: Quad[] = [];
  for (const g of byNatural(graphs)) for (const s of byNatural(g)) for (const p of byNatural(s, (k) => PREDICATE_RANK[k] ?? 2)) out.push(...byNatural(p));
  return out;
}

/** Turtle (default graph) or TriG (every graph) by n3's Writer, with the same prefixes as the hand writer and the quads sorted first. */
export function n3Turtle(quads: readonly Quad[], format: 'Turtle' | 'TriG'): string {
  const input = relabelBlankNodes(format === 'Turtle' ? quads.filter((x) => x.graph.termType === 'DefaultGraph') : quads);
  const prefixes = { ...PREFIXES, ...pathPrefixes(input, PREFIXES) };
  const w = new Writer({ format, prefixes });
  w.addQuads(turtleOrder(input));
  let out = '';
  w.end((error, result: string) => {
    if (error) throw error;
    out = result;
  });
  return out;
}

/** The writer pairs (hand writer, n3 Writer) per format. */
const WRITERS: ReadonlyArray<readonly [string, (quads: readonly Quad[]) => string, (quads: readonly Quad[]) => string, 'N-Quads' | 'N-Triples' | 'Turtle' | 'TriG']> = [
  // N-Quads and N-Triples: the package writes them with n3's Writer (src/data/nquads.ts); the hand writer is the former one.
  ['N-Quads', (x) => handLines(x, 'N-Quads'), (x) => toNQuads(x), 'N-Quads'],
  ['N-Triples', (x) => handLines(x, 'N-Triples'), (x) => toNTriples(x), 'N-Triples'],
  // Turtle and TriG: the package's hand writers (src/export/turtle.ts) against n3's Writer given the same quads sorted the same way.
  ['Turtle', (x) => toTurtle(x), (x) => n3Turtle(x, 'Turtle'), 'Turtle'],
  ['TriG', (x) => toTriG(x), (x) => n3Turtle(x, 'TriG'), 'TriG'],
];
const WRITER_TASKS: Record<string, (quads: Quad[]) => Task> = Object.fromEntries(
  WRITERS.flatMap(([name, hand, n3]) => [
    [`hand ${name}`, (quads: Quad[]) => () => hand(quads)],
    [`n3 Writer ${name}`, (quads: Quad[]) => () => n3(quads)],
  ]),
);

/** Checks that each pair of writers writes the same graph (both parsed back with n3), and is byte-stable (same text for shuffled input). */
function checkWriters(quads: readonly Quad[]): void {
  const shuffled = [...quads].reverse();
  for (const [name, hand, n3, syntax] of WRITERS) {
    const a = hand(quads);
    const b = n3(quads);
    if (n3(shuffled) !== b) throw new Error(`n3 Writer ${name}: not byte-stable under input order`);
    const pa = new Parser({ format: syntax }).parse(a);
    const pb = new Parser({ format: syntax }).parse(b);
    sameGraph(pa, pb, `${name}: hand writer vs n3 Writer`);
    const source = syntax === 'N-Quads' || syntax === 'TriG' ? quads : quads.filter((x) => x.graph.termType === 'DefaultGraph');
    sameGraph(pb, source, `${name}: n3 Writer vs the source`);
  }
}

type Doc = Record<string, unknown>;
/** Releases an Oxigraph store's WASM memory now (wasm-bindgen's free(), missing from the typings). */
const free = (store: ox.Store): void => (store as unknown as { free(): void }).free();

/**
 * The per-entity documents the jsonld.js way, with the same meaning as the package's: fromRDF of the
 * dataset + compact (claims, propositions, evidence), fromRDF of the default graph + frame (the entities,
 * facts only, relations as references), then the claims that mention each entity attached under `claims`,
 * with their propositions and evidence nodes embedded.
 */
export async function jsonldEntityDocs(quads: readonly Quad[], dflt: readonly Quad[], entityIds: readonly string[], mentions: ReadonlyMap<string, readonly string[]>): Promise<Doc[]> {
  const compacted = (await jsonld.compact((await jsonld.fromRDF(quads as never)) as never, CONTEXT_IRI as never, { documentLoader: loader } as never)) as unknown as { '@graph'?: Doc[] };
  const expand = (id: string) => id.replace(/^([a-z]+):/, (m, p: string) => (p in PREFIXES ? PREFIXES[p as keyof typeof PREFIXES] : m));
  const claimNodes = new Map((compacted['@graph'] ?? []).map((n) => [expand(n['@id'] as string), n]));
  // A claim with its propositions and evidence nodes embedded, as the package's documents have them.
  const embedded = (claim: Doc): Doc => {
    const out: Doc = { ...claim };
    for (const key of ['states', 'denies', 'evidence']) {
      const v = out[key];
      if (v === undefined) continue;
      const list = (Array.isArray(v) ? v : [v]).map((id) => (typeof id === 'string' ? (claimNodes.get(expand(id)) ?? id) : id));
      out[key] = list.length === 1 ? list[0] : list;
    }
    return out;
  };
  const frame = { '@context': CONTEXT_IRI, '@id': entityIds, '@embed': '@never' };
  const framed = (await jsonld.frame((await jsonld.fromRDF(dflt as never)) as never, frame as never, { documentLoader: loader } as never)) as unknown as { '@graph'?: Doc[] } & Doc;
  const byId = new Map((framed['@graph'] ?? [framed]).map((n) => [expand(n['@id'] as string), n]));
  return entityIds.map((iri) => {
    const { '@context': _, ...node } = byId.get(iri) ?? { '@id': iri };
    const doc: Doc = { '@context': CONTEXT_IRI, ...node };
    const claims = [...(mentions.get(iri) ?? [])].map((c) => claimNodes.get(c)).filter((x): x is Doc => !!x).map(embedded);
    if (claims.length) doc.claims = claims;
    return doc;
  });
}

/** A value computed on first use, then kept. */
function lazy<T>(make: () => T): () => T {
  let v: T | undefined;
  let made = false;
  return () => {
    if (!made) (v = make()), (made = true);
    return v as T;
  };
}

/**
 * The timed tasks on one graph (setup not timed: the view, the default graph, the documents to import).
 * Each setup value is made when a task first needs it, so a child process timing one task keeps only
 * that task's inputs alive (not the documents the import tasks read, nor the view the entity tasks read).
 */
function tasks(quads: Quad[]): Record<string, Task> {
  const dflt = lazy(() => quads.filter((x) => x.graph.termType === 'DefaultGraph'));
  const view = lazy(() => modelView(quads));
  const ours = lazy(() => toJsonLd(quads, { indent: 0 }));
  const inline = lazy(() => toJsonLd(quads, { indent: 0, contextRef: 'inline' }));
  const compact = async () => jsonld.compact((await jsonld.fromRDF(quads as never)) as never, CONTEXT_IRI as never, { documentLoader: loader } as never);
  return {
    'package toJsonLdObject': () => toJsonLdObject(quads),
    'jsonld.js fromRDF+compact': compact,
    'package toJsonLd (text)': () => toJsonLd(quads, { indent: 0 }),
    'jsonld.js fromRDF+compact+stringify': async () => JSON.stringify(await compact()),
    'package toEntityDocuments': () => toEntityDocuments(quads, { view: view() }),
    'jsonld.js fromRDF+compact+frame': () => jsonldEntityDocs(quads, dflt(), view().entities, view().mentions),
    'package loadJsonLd': () => {
      const store = new ox.Store();
      loadJsonLd(store, ours());
      free(store);
    },
    'oxigraph Store.load (inline context)': () => {
      const store = new ox.Store();
      store.load(inline(), { format: 'application/ld+json' });
      free(store);
    },
    ...Object.fromEntries(Object.entries(WRITER_TASKS).map(([k, make]) => [k, make(quads)])),
  };
}
/** Candidates timed against each other (Oxigraph's WASM loads never share a group with the JS tasks). */
const GROUPS = [
  ['package toJsonLdObject', 'jsonld.js fromRDF+compact', 'package toJsonLd (text)', 'jsonld.js fromRDF+compact+stringify'],
  ['package toEntityDocuments', 'jsonld.js fromRDF+compact+frame'],
  ['package loadJsonLd', 'oxigraph Store.load (inline context)'],
];
/** The text writers, each timed against n3's Writer for the same format. */
const WRITER_GROUPS = WRITERS.map(([name]) => [`hand ${name}`, `n3 Writer ${name}`]);
const ONLY_WRITERS = process.argv.includes('--only-writers');
const WITH_WRITERS = ONLY_WRITERS || process.argv.includes('--writers');
/** n3's Writer replaces a hand writer when it is at most this many times slower. */
const WRITER_TOLERANCE = 1.3;
const IN_PROCESS = process.argv.includes('--in-process');

/** The graph a child process builds for itself: the same seeded data as the parent's. */
function graphFor(name: string): Quad[] {
  if (name === 'small') return smallGraph();
  return synthetic(TRIPLES);
}
function smallGraph(): Quad[] {
  return dataFiles.length && dataFiles.every(existsSync) ? assembleDataset(buildDatasetParts()) : assembleDataset(buildDatasetParts({ data: [join(packageRoot, 'test', 'fixtures', 'export-fixture.trig')] }));
}

/** Times each task of a group in fresh child processes, round by round; medians of the rounds. */
function timeInChildren(group: readonly string[], graphName: string, rounds: number): Record<string, number> {
  const times: Record<string, number[]> = Object.fromEntries(group.map((k) => [k, []]));
  const script = fileURLToPath(import.meta.url);
  for (let r = 0; r < rounds; r++) {
    for (const task of group) {
      const args = [...process.execArgv, script, '--child', task, '--graph', graphName, '--triples', String(TRIPLES), ...(WALL ? ['--wall'] : [])];
      const res = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
      const line = res.stdout.trim().split('\n').pop() ?? '';
      if (res.status !== 0 || !line.startsWith('{')) throw new Error(`child for "${task}" failed (exit ${res.status}): ${res.stderr.slice(-2000)}`);
      times[task]!.push((JSON.parse(line) as { ms: number }).ms);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
}

/** In a child: build the graph, warm the task up, then time it over a slice of at least 1 s (at least 2 runs); prints the median per run. */
async function child(task: string, graphName: string): Promise<void> {
  const f = tasks(graphFor(graphName))[task];
  if (!f) throw new Error(`unknown task ${task}`);
  await drop(f);
  const runs: number[] = [];
  const t0 = now();
  do {
    const t1 = now();
    const pending = drop(f);
    if (pending) await pending;
    runs.push(now() - t1);
  } while (runs.length < 2 || now() - t0 < 1000);
  runs.sort((a, b) => a - b);
  console.log(JSON.stringify({ ms: runs[Math.floor(runs.length / 2)]! }));
}

/** Equal meaning first: both sides' JSON-LD outputs expand to the same graphs. */
async function checkJsonLd(quads: Quad[], dflt: Quad[], view: ReturnType<typeof modelView>, entityIds: readonly string[]): Promise<void> {
  const ours = toJsonLd(quads, { indent: 0 });
  sameGraph(fromJsonLd(ours), quads, 'package compacted JSON-LD');
  const theirs: unknown = await jsonld.compact((await jsonld.fromRDF(quads as never)) as never, CONTEXT_IRI as never, { documentLoader: loader } as never);
  sameGraph(fromJsonLd(JSON.stringify(theirs)), quads, 'jsonld.js compacted JSON-LD');
  const docs = toEntityDocuments(quads, { view });
  const theirDocs = await jsonldEntityDocs(quads, dflt, entityIds, view.mentions);
  const sample = Math.min(docs.length, 300);
  for (let i = 0; i < sample; i++) {
    const mine = fromJsonLd(JSON.stringify(docs[i]!.document));
    subsetOf(mine, quads, `entity ${docs[i]!.iri}`);
    sameGraph(fromJsonLd(JSON.stringify(theirDocs[entityIds.indexOf(docs[i]!.iri)])), mine, `jsonld.js document of ${docs[i]!.iri}`);
  }
  const inline = toJsonLd(quads, { indent: 0, contextRef: 'inline' });
  const s1 = new ox.Store();
  loadJsonLd(s1, ours);
  const s2 = new ox.Store();
  s2.load(inline, { format: 'application/ld+json' });
  if (s1.size !== s2.size || s1.size !== quads.length) throw new Error(`import sizes differ: ${s1.size} / ${s2.size} / ${quads.length}`);
  free(s1);
  free(s2);
  console.log(`  (checked: same graphs; ${sample} entity documents equal to the jsonld.js ones)`);
  // Returning lets the checks' documents go: nothing of them stays alive during the timing (a big live heap
  // slows every allocating task).
}

async function benchGraph(label: string, graphName: string, quads: Quad[], rounds: number): Promise<Array<[string, number, number, number]>> {
  const dflt = quads.filter((x) => x.graph.termType === 'DefaultGraph');
  const view = modelView(quads);
  const entityIds = view.entities;
  console.log(`\n## ${label}: ${quads.length} quads (${dflt.length} in the default graph), ${entityIds.length} entities`);

  if (!ONLY_WRITERS) await checkJsonLd(quads, dflt, view, entityIds);
  if (WITH_WRITERS) {
    checkWriters(quads);
    console.log('  (checked: each writer pair writes the same graph as the source; n3 Writer output byte-stable)');
  }

  const t: Record<string, number> = {};
  const here = IN_PROCESS ? tasks(quads) : undefined;
  const groups = [...(ONLY_WRITERS ? [] : GROUPS), ...(WITH_WRITERS ? WRITER_GROUPS : [])];
  for (const group of groups) Object.assign(t, here ? await timeRounds(Object.fromEntries(group.map((k) => [k, here[k]!])), rounds) : timeInChildren(group, graphName, rounds));
  for (const [k, v] of Object.entries(t)) console.log(`  ${k.padEnd(40)} ${v.toFixed(2).padStart(10)} ms`);
  if (WITH_WRITERS) {
    for (const [name] of WRITERS) {
      const ratio = t[`n3 Writer ${name}`]! / t[`hand ${name}`]!;
      console.log(`  writer ${name.padEnd(10)} n3 Writer / hand ${ratio.toFixed(2).padStart(7)}×  (${ratio <= WRITER_TOLERANCE ? 'n3 Writer within' : 'hand writer: n3 Writer over'} ${WRITER_TOLERANCE}×)`);
    }
  }
  if (ONLY_WRITERS) return [];
  const rows: Array<[string, number, number, number]> = [
    ['compact (objects): jsonld.js / package', t['jsonld.js fromRDF+compact']! / t['package toJsonLdObject']!, 15, 1],
    ['compact (text): jsonld.js / package', t['jsonld.js fromRDF+compact+stringify']! / t['package toJsonLd (text)']!, 15, 1],
    ['entity documents: jsonld.js frame / package', t['jsonld.js fromRDF+compact+frame']! / t['package toEntityDocuments']!, 30, 1],
    ['import: package loadJsonLd / oxigraph load', t['package loadJsonLd']! / t['oxigraph Store.load (inline context)']!, 1.2, -1],
  ];
  for (const [what, ratio, target, dir] of rows) {
    const ok = dir > 0 ? ratio >= target : ratio <= target;
    console.log(`  ${what.padEnd(46)} ${ratio.toFixed(2).padStart(7)}×  (target ${dir > 0 ? '≥' : '≤'} ${target}×) ${ok ? 'OK' : 'MISSED'}`);
  }
  return rows;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) return child(process.argv[at + 1]!, process.argv[process.argv.indexOf('--graph') + 1]!);
  const how = IN_PROCESS ? `medians of ${ROUNDS} interleaved rounds of ≥150 ms slices in this process` : `medians of ${ROUNDS} rounds, each candidate in a fresh process per round (median run of a ≥1 s slice after a warm-up)`;
  console.log(`# bench/export (Node ${process.version}; ${WALL ? 'wall' : 'CPU'} time; ${how})`);
  const results: Array<[string, number, number, number]> = [];
  if (!process.argv.includes('--skip-small')) results.push(...(await benchGraph(dataFiles.length ? 'package dataset' : 'export fixture', 'small', smallGraph(), Math.max(ROUNDS, IN_PROCESS ? 9 : ROUNDS))));
  if (!process.argv.includes('--skip-synthetic')) results.push(...(await benchGraph(`synthetic (~${TRIPLES} quads)`, 'synthetic', synthetic(TRIPLES), ROUNDS)));
  const missed = results.filter(([, r, t, d]) => (d > 0 ? r < t : r > t));
  if (!ONLY_WRITERS) console.log(missed.length ? `\n${missed.length} target(s) missed` : '\nall targets met');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
