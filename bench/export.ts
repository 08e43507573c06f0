/**
 * bench/export: the package's JSON-LD export and import against jsonld.js and Oxigraph, on the same graph.
 *
 *   npx tsx bench/export.ts [--triples 100000] [--rounds 5] [--skip-small] [--skip-synthetic] [--wall] [--in-process [--force-gc]]
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
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import jsonld from 'jsonld';
import * as ox from 'oxigraph';
import { DataFactory, type Quad } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { assembleDataset, buildDatasetParts, nquadLine } from '../src/data/dataset.js';
import { compileClaims, licensingConcepts } from '../src/data/materialise.js';
import { dataFiles, packageRoot } from '../src/data/paths.js';
import { rng } from './rng.js';
import { kg } from '../src/generated/vocab.js';
import { CLAIM, ID, PREFIXES } from '../src/namespaces.js';
import { CONTEXT_IRI, fromJsonLd, loadJsonLd, modelView, staticDocumentLoader, toEntityDocuments, toJsonLd, toJsonLdObject } from '../src/export/index.js';

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
  };
}
/** Candidates timed against each other (Oxigraph's WASM loads never share a group with the JS tasks). */
const GROUPS = [
  ['package toJsonLdObject', 'jsonld.js fromRDF+compact', 'package toJsonLd (text)', 'jsonld.js fromRDF+compact+stringify'],
  ['package toEntityDocuments', 'jsonld.js fromRDF+compact+frame'],
  ['package loadJsonLd', 'oxigraph Store.load (inline context)'],
];
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

async function benchGraph(label: string, graphName: string, quads: Quad[], rounds: number): Promise<Array<[string, number, number, number]>> {
  const dflt = quads.filter((x) => x.graph.termType === 'DefaultGraph');
  const view = modelView(quads);
  const entityIds = view.entities;
  console.log(`\n## ${label}: ${quads.length} quads (${dflt.length} in the default graph), ${entityIds.length} entities`);

  // Equal meaning first: both sides' outputs expand to the same graphs.
  const ours = toJsonLd(quads, { indent: 0 });
  sameGraph(fromJsonLd(ours), quads, 'package compacted JSON-LD');
  let theirs: unknown = await jsonld.compact((await jsonld.fromRDF(quads as never)) as never, CONTEXT_IRI as never, { documentLoader: loader } as never);
  sameGraph(fromJsonLd(JSON.stringify(theirs)), quads, 'jsonld.js compacted JSON-LD');
  let docs = toEntityDocuments(quads, { view });
  let theirDocs = await jsonldEntityDocs(quads, dflt, entityIds, view.mentions);
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
  // Nothing of the checks stays alive during the timing (a big live heap slows every allocating task).
  docs = [];
  theirDocs = [];
  theirs = undefined;

  const t: Record<string, number> = {};
  const here = IN_PROCESS ? tasks(quads) : undefined;
  for (const group of GROUPS) Object.assign(t, here ? await timeRounds(Object.fromEntries(group.map((k) => [k, here[k]!])), rounds) : timeInChildren(group, graphName, rounds));
  for (const [k, v] of Object.entries(t)) console.log(`  ${k.padEnd(40)} ${v.toFixed(2).padStart(10)} ms`);
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
  console.log(missed.length ? `\n${missed.length} target(s) missed` : '\nall targets met');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
