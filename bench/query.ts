/**
 * Query benchmark (run manually after `npm run build`: `npm run bench:query -- [options]`).
 *
 * On the package data and on a seeded synthetic graph (bench/gen-graph.ts, ~200k quads), side by side in
 * one run with the best peers measured in the research notes (raw Oxigraph SPARQL, hand-written n3
 * `getQuads` code, Comunica-lite over an N3 store), it prints, with ratios to the named peer:
 *   1. import cost of the package entry vs `import 'n3'` (processes, round-robin, medians)
 *   2. time to the first helper answer (process start → import → first `entity()`) vs a bare process that
 *      imports n3, parses the same N-Quads and runs a hand-written lookup (processes, round-robin)
 *   3. warm point lookups (`entity`, `externalIds`) vs the same answers computed with n3 `getQuads`
 *   4. warm joins, aggregates and search: the helpers' own SPARQL through the package vs the same query
 *      text on the raw Oxigraph store (`store.query`)
 * Warm figures come from one process per dataset, engines interleaved in rounds of ≥ 30 ms slices;
 * warm = median of the slices' per-run means. Every comparison first checks that both sides give the
 * same answer. Comunica-lite is installed into a temporary folder when missing (never into the package).
 *
 * Targets are judged on wall-clock time, as in the research notes, or on CPU time (user + system of the
 * process, GC threads included: less sensitive to other load, more to allocation) with --cpu; both are printed.
 *
 * Options: --triples N (200000)  --seed N (42)  --rounds N warm rounds (7)  --procs N process rounds (11)
 *          --synthetic-procs N (5)  --query-timeout S (60: a query whose one raw run takes longer is left out)
 *          --no-comunica  --skip-synthetic  --peers DIR  --cpu
 * @module
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, ratio, table } from './report.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const dist = join(root, 'dist');
const NQ = join(dist, 'data', 'kaspersky-kg.nq');
const INDEX = join(dist, 'data', 'kaspersky-kg.index.json');
const work = join(tmpdir(), 'kaspersky-kg-bench');
const ID = 'https://w3id.org/kaspersky-kg/id/';
const COMUNICA = '@comunica/query-sparql-rdfjs-lite';
const COMUNICA_VERSION = '5.2.3';

// ----------------------------------------------------------------------------------------------- peers

/**
 * The hand-written n3 peer: `entity` and `externalIds` answered with `getQuads`/`getObjects` over an
 * N3.Store, returning exactly the helpers' results. Plain JavaScript, evaluated both in the peer's own
 * processes (time to first answer) and in the warm process, so both measure the same code.
 */
const N3_PEER = String.raw`
export function n3Peer(N3, store) {
  const { namedNode, defaultGraph } = N3.DataFactory;
  const KG = 'https://w3id.org/kaspersky-kg/ontology#';
  const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
  const ALT = 'http://www.w3.org/2004/02/skos/core#altLabel', SAME = 'http://www.w3.org/2002/07/owl#sameAs', EXACT = 'http://www.w3.org/2004/02/skos/core#exactMatch';
  const dg = defaultGraph();
  const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
  const SUBJECT = namedNode(RDF + 'subject'), PREDICATE = namedNode(RDF + 'predicate'), OBJECT = namedNode(RDF + 'object'), STATES = namedNode(KG + 'states');
  const ids = [SAME, EXACT, 'http://purl.org/dc/terms/identifier', ...['caseNumber', 'frDocumentNumber', 'frCitation', 'docketNumber', 'rin', 'legalCitation'].map((p) => KG + p)]
    .map((p) => [p, namedNode(p), p === SAME ? 'sameAs' : p === EXACT ? 'exactMatch' : p.startsWith(KG) ? p.slice(KG.length) : 'identifier']);
  const cmp = (a, b) => { // code point order, as SPARQL ORDER BY
    for (let i = 0; i < a.length && i < b.length; i++) { const x = a.codePointAt(i), y = b.codePointAt(i); if (x !== y) return x - y; if (x > 0xffff) i++; }
    return a.length - b.length;
  };
  function entity(iri) {
    const names = [], seen = new Set(), types = new Set(), same = new Set();
    let en, any, found = false;
    // the entity's own triples (default graph), then the triples of the propositions some claim states
    const facets = store.getQuads(namedNode(iri), null, null, dg).map((q) => [q.predicate.value, q.object, true]);
    for (const st of store.getSubjects(SUBJECT, namedNode(iri), dg)) {
      if (store.countQuads(null, STATES, st, dg) === 0) continue;
      for (const p of store.getObjects(st, PREDICATE, dg)) for (const o of store.getObjects(st, OBJECT, dg)) facets.push([p.value, o, false]);
    }
    for (const [p, o, inDefault] of facets) {
      if (p === LABEL || p === ALT) {
        found = true;
        const lang = o.termType === 'Literal' ? o.language.toLowerCase() : '';
        const key = o.value + '@' + lang;
        if (!seen.has(key)) { seen.add(key); names.push({ value: o.value, language: lang }); }
        if (p === LABEL) {
          if (lang === 'en' && (en === undefined || o.value < en)) en = o.value;
          if (any === undefined || o.value < any) any = o.value;
        }
      } else if (p === RDF_TYPE) { found = true; types.add(o.value.startsWith(KG) ? o.value.slice(KG.length) : o.value); }
      else if (inDefault && (p === SAME || p === EXACT)) { found = true; same.add(o.value); }
    }
    if (!found) return undefined;
    names.sort((a, b) => (a.language + a.value < b.language + b.value ? -1 : 1));
    return { iri, label: en ?? any ?? iri, names, types: [...types].sort(), sameAs: [...same].sort() };
  }
  function externalIds(iri) {
    const s = namedNode(iri), rows = [];
    for (const [p, node, scheme] of ids) for (const o of store.getObjects(s, node, dg)) rows.push([p, o.value, scheme]);
    rows.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
    return rows.map(([, value, scheme]) => ({ entity: iri, scheme, value }));
  }
  /** The research notes' "direct n3 lookup": the subject's triples in the default graph, as strings. */
  function raw(iri) {
    return store.getQuads(namedNode(iri), null, null, dg).map((q) => ({ p: q.predicate.value, o: q.object.value }));
  }
  return { entity, externalIds, raw };
}`;
const N3_PEER_URL = `data:text/javascript,${encodeURIComponent(N3_PEER)}`;

/** Raw Oxigraph rows as plain `{ var: value }` objects, from Map rows or from SPARQL-JSON text. */
function plainRows(result: unknown): Record<string, string>[] {
  return (result as Map<string, { value: string }>[]).map((m) => {
    const o: Record<string, string> = {};
    for (const [k, v] of m) o[k] = v.value;
    return o;
  });
}
function plainJsonRows(text: string): Record<string, string>[] {
  return (JSON.parse(text) as { results: { bindings: Record<string, { value: string }>[] } }).results.bindings.map((b) => {
    const o: Record<string, string> = {};
    for (const k in b) o[k] = b[k]!.value;
    return o;
  });
}

/** Raw rows from Oxigraph's SPARQL TSV (N-Triples cells, bare Turtle numbers), values unescaped. */
function plainTsvRows(tsv: string): Record<string, string>[] {
  const lines = tsv.split('\n');
  const vars = lines[0]!.split('\t').map((v) => v.slice(1));
  const out: Record<string, string>[] = [];
  for (let i = 1; i < lines.length - 1; i++) {
    const cells = lines[i]!.split('\t');
    const o: Record<string, string> = {};
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k]!;
      if (c === '') continue;
      const f = c.charCodeAt(0);
      o[vars[k]!] = f === 60 ? c.slice(1, -1) : f === 34 ? unescapeNt(c.slice(1, c.lastIndexOf('"'))) : f === 95 ? c.slice(2) : c;
    }
    out.push(o);
  }
  return out;
}
const ECHAR: Record<string, string> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };
function unescapeNt(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/gs, (_, u?: string, U?: string, c?: string) => (u ? String.fromCharCode(parseInt(u, 16)) : U ? String.fromCodePoint(parseInt(U, 16)) : ECHAR[c!] ?? c!));
}

// ------------------------------------------------------------------------------------------- helpers

function fmt(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms >= 0.01 ? ms.toFixed(3) : ms.toFixed(4);
}
const out = (s = '') => process.stdout.write(`${s}\n`);
const note = (s: string) => process.stderr.write(`${s}\n`);

/** Resolves Comunica-lite in `dir`, installing it there when missing; a string says why it is skipped. */
function comunicaPeer(dir: string, enabled: boolean): string | { main: string; version: string } {
  if (!enabled) return 'skipped: --no-comunica';
  const find = () => {
    try {
      const req = createRequire(join(dir, 'package.json'));
      const main = req.resolve(COMUNICA);
      const version = (JSON.parse(readFileSync(req.resolve(`${COMUNICA}/package.json`), 'utf8')) as { version: string }).version;
      return { main, version };
    } catch {
      return undefined;
    }
  };
  let found = find();
  if (!found) {
    note(`installing ${COMUNICA}@${COMUNICA_VERSION} into ${dir} (once; ~475 packages, not part of the package) …`);
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"name":"kaspersky-kg-bench-peers","private":true}\n');
    const r = spawnSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', `${COMUNICA}@${COMUNICA_VERSION}`], { encoding: 'utf8', timeout: 900_000 });
    if (r.status !== 0) return `skipped: npm install failed (${(r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-1)[0]})`;
    found = find();
  }
  return found ?? `skipped: ${COMUNICA} not resolvable in ${dir}`;
}

// ------------------------------------------------------------------------------------- process runs

interface ProcRun {
  wall: number;
  stats: Record<string, unknown>;
}

/** Runs `node --input-type=module -e code` from the package root; wall time and the JSON it printed last. */
function runProcess(code: string): ProcRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}\n--- code:\n${code.slice(0, 2000)}`);
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  return { wall, stats: last.startsWith('{') ? (JSON.parse(last) as Record<string, unknown>) : {} };
}

/** Runs each named command once per round, round-robin (rotating the start), and collects the runs. */
function roundRobin(cmds: Record<string, string>, rounds: number, label: string): Record<string, ProcRun[]> {
  const names = Object.keys(cmds);
  const runs: Record<string, ProcRun[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) runProcess(cmds[n]!); // warm the page cache and check every command once
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length]!;
      runs[n]!.push(runProcess(cmds[n]!));
    }
    note(`  ${label}: round ${r + 1}/${rounds}`);
  }
  return runs;
}

// times since process start (performance.now() counts from it) and CPU time of the process so far
const T = `const ms = () => performance.now(); const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };`;
const PRINT = `const ru = process.resourceUsage(); console.log(JSON.stringify({ ...stats, maxRssMB: ru.maxRSS / 1024 }));`;

/** The first-answer commands for one dataset (N-Quads file + index file; the package's own when `pkg`). */
function firstAnswerCommands(o: { nq: string; index: string; iri: string; pkg: boolean; comunica?: string }): Record<string, string> {
  const url = (p: string) => JSON.stringify(pathToFileURL(p).href);
  const ours = o.pkg
    ? `${T} const { openGraph } = await import('kaspersky-kg'); const stats = { import: ms() };
       const kg = await openGraph(); stats.open = ms();
       const e = await kg.entity(${JSON.stringify(o.iri)}); stats.answer = ms(); stats.answerCpu = cpu(); stats.result = JSON.stringify(e); stats.fast = kg.constructor.name === 'EmbeddedGraph'; ${PRINT}`
    : `${T} await import('kaspersky-kg'); const stats = { import: ms() };
       const { EmbeddedGraph } = await import(${url(join(dist, 'src', 'graph.js'))});
       const { PointIndex } = await import(${url(join(dist, 'src', 'index-store', 'store.js'))});
       const { readFileSync } = await import('node:fs');
       let engine; const open = () => (engine ??= import(${url(join(dist, 'src', 'query', 'embedded.js'))}).then(async (m) => new m.EmbeddedTarget(await m.loadOxigraph(readFileSync(${JSON.stringify(o.nq)}, 'utf8')))));
       const kg = new EmbeddedGraph(open, PointIndex.fromJSON(readFileSync(${JSON.stringify(o.index)}, 'utf8'))); stats.open = ms();
       const e = await kg.entity(${JSON.stringify(o.iri)}); stats.answer = ms(); stats.answerCpu = cpu(); stats.result = JSON.stringify(e); stats.fast = engine === undefined; ${PRINT}`;
  const n3 = `${T} const N3 = (await import('n3')).default; const stats = { import: ms() };
       const { readFileSync } = await import('node:fs');
       const store = new N3.Store(new N3.Parser({ format: 'N-Quads' }).parse(readFileSync(${JSON.stringify(o.nq)}, 'utf8'))); stats.open = ms();
       const { n3Peer } = await import(${JSON.stringify(N3_PEER_URL)});
       const e = n3Peer(N3, store).entity(${JSON.stringify(o.iri)}); stats.answer = ms(); stats.answerCpu = cpu(); stats.result = JSON.stringify(e); ${PRINT}`;
  const cmds: Record<string, string> = { 'kaspersky-kg entity()': ours, 'n3 + hand-written lookup': n3 };
  const entityText = `SELECT DISTINCT ?k ?v WHERE { VALUES ?entity { <${o.iri}> } { ?entity <http://www.w3.org/2000/01/rdf-schema#label> ?v BIND("label" AS ?k) } UNION { ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?entity ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <http://www.w3.org/2000/01/rdf-schema#label> ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?v . FILTER EXISTS { ?c <https://w3id.org/kaspersky-kg/ontology#states> ?st } BIND("label" AS ?k) } UNION { ?entity a ?v BIND("type" AS ?k) } }`;
  cmds['oxigraph SPARQL (info)'] = `${T} const ox = (await import('oxigraph')).default; const stats = { import: ms() };
       const { readFileSync } = await import('node:fs');
       const store = new ox.Store(); store.load(readFileSync(${JSON.stringify(o.nq)}, 'utf8'), { format: 'application/n-quads' }); stats.open = ms();
       const rows = store.query(${JSON.stringify(entityText)}).map((m) => Object.fromEntries([...m].map(([k, v]) => [k, v.value]))); stats.answer = ms(); stats.answerCpu = cpu(); stats.rows = rows.length; ${PRINT}`;
  if (o.comunica) {
    cmds['comunica-lite (info)'] = `${T} const { createRequire } = await import('node:module'); const req = createRequire(${JSON.stringify(o.comunica)});
       const { QueryEngine } = req(${JSON.stringify(o.comunica)}); const N3 = (await import('n3')).default; const stats = { import: ms() };
       const { readFileSync } = await import('node:fs');
       const store = new N3.Store(new N3.Parser({ format: 'N-Quads' }).parse(readFileSync(${JSON.stringify(o.nq)}, 'utf8'))); stats.open = ms();
       const rows = await (await new QueryEngine().queryBindings(${JSON.stringify(entityText)}, { sources: [store] })).toArray(); stats.answer = ms(); stats.answerCpu = cpu(); stats.rows = rows.length; ${PRINT}`;
  }
  return cmds;
}

// ------------------------------------------------------------------------------------- warm process

/** What the warm child measures for one dataset. */
interface WarmConfig {
  /** lookups: the index, the n3 peer's store and Oxigraph; queries: Oxigraph and the package only; comunica: Comunica-lite alone. */
  mode?: 'lookups' | 'queries' | 'comunica';
  dataset: string;
  nq: string;
  index: string;
  iris: string[];
  queries: QuerySpec[];
  rounds: number;
  comunica?: string;
}
/** One join/aggregate/search: a helper (or raw SELECT through the package) and its peers' query texts. */
interface QuerySpec {
  name: string;
  kind: 'join' | 'aggregate' | 'search';
  /** The helper to call on the graph (a method name), or 'select' for raw SPARQL through `kg.select`. */
  call: string;
  args: unknown[];
  /** The helper object's name in helpers/queries.ts (its SPARQL and bind), when `call` is a helper. */
  helper?: string;
  /** The raw peers' query text instead of the helper's (search: a plain SPARQL name search). */
  rawText?: string;
  /** Why the helper's own SPARQL is not run raw (too slow to be a peer at this size). */
  rawNote?: string;
}
interface EngineResult {
  /** First run, wall ms. */
  first: number;
  /** Median of the slices' per-run means: wall ms and CPU ms (user + system of the process). */
  warm: number;
  warmCpu: number;
  runs: number;
  note?: string;
}
interface WarmResult {
  dataset: string;
  load: Record<string, number>;
  lookups: { op: string; engines: Record<string, EngineResult> }[];
  queries: { name: string; kind: string; rows: number; engines: Record<string, EngineResult>; peerNote?: string }[];
  mismatches: string[];
  /** Queries left out: their first run on raw Oxigraph took over --query-timeout seconds. */
  skipped?: string[];
}

type Op = { name: string; sync?: (i: number) => unknown; async?: (i: number) => Promise<unknown>; budgetMs?: number };

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Interleaved rounds: each op runs a ≥ minMs slice per round; warm = median of per-run means (wall and CPU). */
async function interleave(ops: Op[], rounds: number, minMs = 30): Promise<Record<string, EngineResult>> {
  const res: Record<string, { first: number; slices: number[]; cpu: number[]; runs: number; note?: string }> = {};
  for (const op of ops) {
    const t = performance.now();
    if (op.sync) op.sync(0);
    else await op.async!(0);
    res[op.name] = { first: performance.now() - t, slices: [], cpu: [], runs: 1 };
  }
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < ops.length; k++) {
      const op = ops[(k + r) % ops.length]!;
      const st = res[op.name]!;
      if (op.budgetMs !== undefined && st.first > op.budgetMs) {
        st.note = `first run over ${op.budgetMs} ms: no warm rounds`;
        continue;
      }
      let n = 0;
      const c0 = cpuMs(), t0 = performance.now();
      let el = 0;
      if (op.sync) {
        do op.sync(++n);
        while ((el = performance.now() - t0) < minMs);
      } else {
        do await op.async!(++n);
        while ((el = performance.now() - t0) < minMs);
      }
      st.cpu.push((cpuMs() - c0) / n);
      st.slices.push(el / n);
      st.runs += n;
    }
  }
  return Object.fromEntries(Object.entries(res).map(([k, v]) => [k, {
    first: v.first, warm: v.slices.length ? median(v.slices) : v.first, warmCpu: v.cpu.length ? median(v.cpu) : NaN, runs: v.runs, ...(v.note ? { note: v.note } : {}),
  }]));
}

async function warmChild(cfg: WarmConfig): Promise<WarmResult> {
  const imp = (p: string) => import(pathToFileURL(join(dist, 'src', ...p.split('/'))).href);
  const { EmbeddedGraph, openGraphFromNQuads } = (await imp('graph.js')) as typeof import('../src/graph.js');
  const { PointIndex } = (await imp('index-store/store.js')) as typeof import('../src/index-store/store.js');
  const H = (await imp('helpers/queries.js')) as Record<string, import('../src/helpers/define.js').Helper<unknown, unknown>>;
  const terms = (await imp('query/terms.js')) as typeof import('../src/query/terms.js') & { prepareQuery?: (q: string, b: unknown) => string };
  const prepare = (q: string, b: import('../src/query/terms.js').Bindings | undefined) => (terms.prepareQuery ? terms.prepareQuery(q, b) : terms.bindQuery(q, b));
  const N3 = (await import('n3')).default;
  const text = readFileSync(cfg.nq, 'utf8');
  const load: Record<string, number> = {};
  const mismatches: string[] = [];
  const iris = cfg.iris;
  const at = (i: number) => iris[i % iris.length]!;
  const entityText = (iri: string) => prepare(H.entity!.sparql, H.entity!.bind({ iri }) as never);
  const idsText = (iri: string) => prepare(H.externalIds!.sparql, H.externalIds!.bind({ iri }) as never);
  const textOf = (q: QuerySpec) => q.rawText ?? prepare(H[q.helper!]!.sparql, H[q.helper!]!.bind(queryParams(q) as never) as never);
  const lookups: WarmResult['lookups'] = [];
  const queries: WarmResult['queries'] = [];

  if (cfg.mode === 'comunica' && cfg.comunica) {
    // Comunica-lite alone in its process (its garbage would otherwise be collected during the others' slices)
    let t = performance.now();
    const n3store = new N3.Store(new N3.Parser({ format: 'N-Quads' }).parse(text));
    load.n3 = performance.now() - t;
    const { QueryEngine } = createRequire(cfg.comunica)(cfg.comunica) as { QueryEngine: new () => { queryBindings(q: string, o: unknown): Promise<{ toArray(): Promise<unknown[]>; destroy(): void }> } };
    const engine = new QueryEngine();
    const rows = async (q: string): Promise<number> => {
      const stream = await engine.queryBindings(q, { sources: [n3store] });
      let timer: NodeJS.Timeout | undefined;
      try {
        return (await Promise.race([stream.toArray(), new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error('over 30 s')), 30_000)))])).length;
      } catch (e) {
        stream.destroy();
        throw e;
      } finally {
        clearTimeout(timer);
      }
    };
    const safe = async (ops: Op[]): Promise<Record<string, EngineResult>> => {
      try {
        return await interleave(ops, cfg.rounds);
      } catch (e) {
        return { [ops[0]!.name]: { first: NaN, warm: NaN, warmCpu: NaN, runs: 0, note: `skipped: ${(e as Error).message}` } };
      }
    };
    for (const [op, texts] of [['entity', iris.map(entityText)], ['externalIds', iris.map(idsText)]] as const) {
      note(`  ${cfg.dataset}: comunica-lite ${op}`);
      lookups.push({ op, engines: await safe([{ name: 'comunica-lite (info)', async: (i) => rows(texts[i % texts.length]!), budgetMs: 5_000 }]) });
    }
    for (const q of cfg.queries) {
      note(`  ${cfg.dataset}: comunica-lite ${q.name}`);
      const text = textOf(q);
      queries.push({ name: q.name, kind: q.kind, rows: 0, engines: await safe([{ name: 'comunica-lite (info)', async: () => rows(text), budgetMs: 3_000 }]) });
    }
    return { dataset: cfg.dataset, load, lookups, queries, mismatches };
  }

  // Oxigraph first (a big JS heap slows its load), then the index, then the n3 peer's store.
  let t = performance.now();
  const viaSparql = await openGraphFromNQuads(text, { index: false });
  const engine = await viaSparql.sparqlTarget();
  load.oxigraph = performance.now() - t;
  const store = engine.store;
  t = performance.now();
  const index = PointIndex.fromJSON(readFileSync(cfg.index, 'utf8'));
  load.index = performance.now() - t;
  const ours = new EmbeddedGraph(() => viaSparql.sparqlTarget(), index);
  if (cfg.mode === 'queries') return { dataset: cfg.dataset, load, lookups, queries: await measureQueries(), mismatches };

  // ---- point lookups, with the n3 peer's store in this process (not in the queries' one: its big JS heap
  // would make every garbage collection there slower, charging the path that allocates most)
  t = performance.now();
  const n3store = new N3.Store(new N3.Parser({ format: 'N-Quads' }).parse(text));
  load.n3 = performance.now() - t;
  const { n3Peer } = (await import(N3_PEER_URL)) as { n3Peer: (n3: unknown, s: unknown) => { entity(i: string): unknown; externalIds(i: string): unknown; raw(i: string): unknown } };
  const peer = n3Peer(N3, n3store);
  // same answers first
  for (const iri of iris) {
    const a = JSON.stringify(await ours.entity(iri)), b = JSON.stringify(peer.entity(iri)), c = JSON.stringify(await viaSparql.entity(iri));
    if (a !== b || a !== c) mismatches.push(`entity(${iri}): ours ${a} / n3 ${b} / sparql ${c}`);
    const x = JSON.stringify(await ours.externalIds(iri)), y = JSON.stringify(peer.externalIds(iri)), z = JSON.stringify(await viaSparql.externalIds(iri));
    if (x !== y || x !== z) mismatches.push(`externalIds(${iri}): ours ${x} / n3 ${y} / sparql ${z}`);
  }
  for (const [op, oursOp, peerOp, sparqlOp, textFor] of [
    ['entity', (i: number) => ours.entity(at(i)), (i: number) => peer.entity(at(i)), (i: number) => viaSparql.entity(at(i)), entityText],
    ['externalIds', (i: number) => ours.externalIds(at(i)), (i: number) => peer.externalIds(at(i)), (i: number) => viaSparql.externalIds(at(i)), idsText],
  ] as const) {
    note(`  ${cfg.dataset}: warm ${op}`);
    const texts = iris.map((iri) => textFor(iri));
    lookups.push({ op, engines: await interleave([
      { name: 'kaspersky-kg (index)', async: oursOp },
      { name: 'n3 getQuads, same answer', sync: peerOp },
      { name: 'n3 getQuads, raw triples (info)', sync: (i) => peer.raw(at(i)) },
      { name: 'kaspersky-kg via SPARQL (info)', async: sparqlOp },
      { name: 'oxigraph raw SPARQL (info)', sync: (i) => plainRows(store.query(texts[i % texts.length]!)) },
    ], cfg.rounds) });
  }

  return { dataset: cfg.dataset, load, lookups, queries, mismatches };

  // ---- joins, aggregates, search
  async function measureQueries(): Promise<WarmResult['queries']> {
    for (const q of cfg.queries) {
      note(`  ${cfg.dataset}: warm ${q.name}`);
      const text = textOf(q);
      const call = (): Promise<unknown> =>
        q.call === 'select' ? ours.select(text)
          : q.call.startsWith('run:') ? ours.run(H[q.call.slice(4)]!, undefined)
            : (ours as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[q.call]!(...q.args);
      // same answers: the package's rows (its select of the same text) vs the raw rows, both row formats
      const rawRows = plainRows(store.query(text));
      let rows = rawRows.length;
      let peerNote = q.rawNote;
      if (q.call === 'findEntities') {
        rows = ((await call()) as unknown[]).length;
        if (q.rawText) peerNote = `raw name search: ${rawRows.length} rows`;
      }
      if (!(q.call === 'findEntities' && q.rawText)) {
        const mine = (await ours.select(text)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.value])));
        const key = (rs: Record<string, string>[]) => rs.map((r) => JSON.stringify(Object.entries(r).sort())).sort().join('\n');
        if (key(mine) !== key(rawRows) || key(plainJsonRows(store.query(text, { results_format: 'json' }) as string)) !== key(rawRows) || key(plainTsvRows(store.query(text, { results_format: 'tsv' }) as string)) !== key(rawRows)) {
          mismatches.push(`${q.name}: rows differ between the package and raw Oxigraph`);
        }
      }
      const ops: Op[] = [
        { name: 'kaspersky-kg', async: call, budgetMs: 10_000 },
        { name: 'oxigraph raw, Map rows', sync: () => plainRows(store.query(text)), budgetMs: 10_000 },
        { name: 'oxigraph raw, JSON rows', sync: () => plainJsonRows(store.query(text, { results_format: 'json' }) as string), budgetMs: 10_000 },
        { name: 'oxigraph raw, TSV rows (info)', sync: () => plainTsvRows(store.query(text, { results_format: 'tsv' }) as string), budgetMs: 10_000 },
      ];
      if (q.call !== 'select' && !q.rawText) ops.push({ name: 'kaspersky-kg select only (info)', async: () => ours.select(text), budgetMs: 10_000 });
      queries.push({ name: q.name, kind: q.kind, rows, engines: await interleave(ops, cfg.rounds), ...(peerNote ? { peerNote } : {}) });
    }
    return queries;
  }
}

// ------------------------------------------------------------------------------------------- main

function querySet(ds: 'package' | 'synthetic'): QuerySpec[] {
  const prologue = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>';
  const nameSearch = (needle: string) => `${prologue} SELECT DISTINCT ?entity ?name WHERE { ?entity rdfs:label|skos:altLabel ?name FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), "${ID}") && CONTAINS(LCASE(STR(?name)), "${needle}")) }`;
  const typeCounts = 'SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) ?type';
  const p = ds === 'package'
    ? { event: `${ID}event/commerce-prohibition-2024`, party: `${ID}kaspersky`, authority: `${ID}us-department-of-commerce`, range: { from: '2024-06', to: '2024-09' }, needle: 'kaspersky' }
    : { event: `${ID}person/synthetic-5`, party: `${ID}synthetic-corporate-group-3`, authority: `${ID}synthetic-department-1`, range: { from: '2024', to: '2024' }, needle: 'petrov' };
  const specs: QuerySpec[] = [
    { name: 'timeline()', kind: 'join', call: 'timeline', args: [], helper: 'timeline' },
    { name: `timeline(${p.range.from}..${p.range.to})`, kind: 'join', call: 'timeline', args: [p.range], helper: 'timeline' },
    { name: 'sanctionedPeople()', kind: 'join', call: 'sanctionedPeople', args: [], helper: 'sanctionedPeople' },
    { name: 'claimsAbout(…)', kind: 'join', call: 'claimsAbout', args: [p.event], helper: 'claimsAbout' },
    { name: 'actionsAgainst(…)', kind: 'join', call: 'actionsAgainst', args: [p.party], helper: 'actionsAgainst' },
    { name: 'actionsBy(…)', kind: 'join', call: 'actionsBy', args: [p.authority], helper: 'actionsBy' },
    { name: 'customerImpacts()', kind: 'join', call: 'customerImpacts', args: [], helper: 'customerImpacts' },
    { name: 'contestedClaims()', kind: 'join', call: 'contestedClaims', args: [], helper: 'contestedClaims' },
    { name: 'denials()', kind: 'join', call: 'denials', args: [], helper: 'denials' },
    { name: 'graphStatistics (COUNT)', kind: 'aggregate', call: 'run:graphStatistics', args: [], helper: 'graphStatistics' },
    { name: 'type counts (COUNT/GROUP BY, kg.select)', kind: 'aggregate', call: 'select', args: [], rawText: typeCounts },
    { name: `findEntities('${p.needle}') vs SPARQL name search`, kind: 'search', call: 'findEntities', args: [p.needle], rawText: nameSearch(p.needle) },
  ];
  if (ds === 'package') specs.push({ name: `findEntities('${p.needle}') vs its own SPARQL`, kind: 'search', call: 'findEntities', args: [p.needle], helper: 'findEntities' });
  return specs;
}

/** Probe child: loads the engine, then runs each query once (from `start`), printing one JSON line per query. */
async function probeChild(cfg: WarmConfig, start: number): Promise<void> {
  const imp = (p: string) => import(pathToFileURL(join(dist, 'src', ...p.split('/'))).href);
  const { openGraphFromNQuads } = (await imp('graph.js')) as typeof import('../src/graph.js');
  const H = (await imp('helpers/queries.js')) as Record<string, import('../src/helpers/define.js').Helper<unknown, unknown>>;
  const { prepareQuery } = (await imp('query/terms.js')) as typeof import('../src/query/terms.js');
  const store = (await (await openGraphFromNQuads(readFileSync(cfg.nq, 'utf8'), { index: false })).sparqlTarget()).store;
  process.stdout.write('{"ready":true}\n');
  for (let i = start; i < cfg.queries.length; i++) {
    const q = cfg.queries[i]!;
    const text = q.rawText ?? prepareQuery(H[q.helper!]!.sparql, H[q.helper!]!.bind(queryParams(q) as never));
    const t = performance.now();
    store.query(text);
    process.stdout.write(`${JSON.stringify({ i, ms: performance.now() - t })}\n`);
  }
}

/** The parameters of a query spec's helper call. */
function queryParams(q: QuerySpec): unknown {
  switch (q.call) {
    case 'findEntities': return { name: q.args[0] };
    case 'timeline': return q.args[0] ?? {};
    case 'claimsAbout': return { iri: q.args[0] };
    case 'actionsAgainst': return { party: q.args[0] };
    case 'actionsBy': return { authority: q.args[0] };
    default: return q.args[0];
  }
}

/**
 * Runs every query once on raw Oxigraph in a child process and returns its time, or 'timeout' for a query
 * still running after `timeoutMs` (the child is killed and restarted after it: Oxigraph calls are
 * synchronous and cannot be interrupted otherwise).
 */
async function probeQueries(cfgFile: string, count: number, timeoutMs: number): Promise<(number | 'timeout')[]> {
  const { spawn } = await import('node:child_process');
  const { createInterface } = await import('node:readline');
  const times: (number | 'timeout')[] = [];
  while (times.length < count) {
    const start = times.length;
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--probe', cfgFile, String(start)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    };
    const lines = createInterface({ input: child.stdout });
    let ready = false;
    for await (const line of lines) {
      const m = JSON.parse(line) as { ready?: boolean; i?: number; ms?: number };
      if (m.ready) ready = true;
      else times[m.i!] = m.ms!;
      arm(); // a timeout per query (not for the load)
    }
    clearTimeout(timer);
    const signal = child.exitCode === null && child.signalCode === null ? (await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.once('exit', (c, sg) => res([c, sg]))))[1] : child.signalCode;
    if (!ready) throw new Error('the probe process failed before loading the graph');
    if (times.length < count) {
      if (signal !== 'SIGKILL') throw new Error(`the probe process stopped at query ${times.length}`);
      times.push('timeout'); // the query it was running
    }
  }
  return times;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--probe') return probeChild(JSON.parse(readFileSync(argv[1]!, 'utf8')) as WarmConfig, Number(argv[2]));
  if (argv[0] === '--warm') {
    const cfg = JSON.parse(readFileSync(argv[1]!, 'utf8')) as WarmConfig;
    const res = await warmChild(cfg);
    process.stdout.write(`${JSON.stringify(res)}\n`);
    return;
  }
  const opt = (flag: string, dflt: number) => (argv.includes(flag) ? Number(argv[argv.indexOf(flag) + 1]) : dflt);
  const triples = opt('--triples', 200_000), seed = opt('--seed', 42), rounds = opt('--rounds', 7), procs = opt('--procs', 11), synProcs = opt('--synthetic-procs', 5);
  const peersDir = argv.includes('--peers') ? argv[argv.indexOf('--peers') + 1]! : join(work, 'peers');
  const withSynthetic = !argv.includes('--skip-synthetic');
  const useWall = !argv.includes('--cpu');
  const queryTimeout = opt('--query-timeout', 60);
  const judged = useWall ? 'wall' : 'CPU';

  for (const f of [join(dist, 'src', 'index.js'), join(dist, 'src', 'index-store', 'store.js'), NQ]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first (the bench measures the built package)`);
  }
  const { buildPointIndex } = (await import(pathToFileURL(join(dist, 'src', 'index-store', 'build.js')).href)) as typeof import('../src/index-store/build.js');
  const { openPackageIndex } = (await import(pathToFileURL(join(dist, 'src', 'index-store', 'load.js')).href)) as typeof import('../src/index-store/load.js');
  if (!openPackageIndex()) {
    note(`${INDEX} missing or stale: compiling it (scripts/compile-index.ts; add it to \`npm run build\`)`);
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'compile-index.ts')], { cwd: root, stdio: 'inherit' });
  }
  const comunica = comunicaPeer(peersDir, !argv.includes('--no-comunica'));
  const comunicaMain = typeof comunica === 'string' ? undefined : comunica.main;

  // the synthetic graph and its index, generated once per size and seed
  mkdirSync(work, { recursive: true });
  const synNq = join(work, `synthetic-${triples}-s${seed}.nq`), synIndex = join(work, `synthetic-${triples}-s${seed}.index.json`), synMeta = join(work, `synthetic-${triples}-s${seed}.json`);
  if (withSynthetic && !(existsSync(synNq) && existsSync(synIndex) && existsSync(synMeta))) {
    note(`generating the synthetic graph (${triples} quads, seed ${seed}) and its index into ${work} …`);
    const { generateGraph, ontologyGraphLines } = await import('./gen-graph.js');
    const g = generateGraph({ triples, seed, ontology: ontologyGraphLines(readFileSync(NQ, 'utf8')) });
    writeFileSync(synNq, g.nquads);
    writeFileSync(synIndex, JSON.stringify(buildPointIndex(g.nquads)));
    writeFileSync(synMeta, JSON.stringify({ quads: g.quads, counts: g.counts, samples: g.samples }));
  }
  const syn = withSynthetic ? (JSON.parse(readFileSync(synMeta, 'utf8')) as { quads: number; counts: Record<string, number>; samples: Record<string, string[]> }) : undefined;
  const pkgIndex = JSON.parse(readFileSync(INDEX, 'utf8')) as { entities: Record<string, unknown>; dataset: { quads: number } };

  out(`# bench/query — ${new Date().toISOString()}`);
  out(`Node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  out(`package data: ${pkgIndex.dataset.quads} quads (${NQ}); index ${(readFileSync(INDEX).length / 1024).toFixed(0)} KiB`);
  if (syn) out(`synthetic: ${syn.quads} quads + ontology graph, seed ${seed} (${JSON.stringify(syn.counts)}); index ${(readFileSync(synIndex).length / 1048576).toFixed(1)} MiB`);
  out(`comunica-lite: ${typeof comunica === 'string' ? comunica : `${comunica.version} from ${peersDir}`}`);
  out('Ratios compare runs of the same run (interleaved rounds or round-robin processes); absolute times move with the machine\'s load.');
  out(`Targets are judged on ${judged} time (${useWall ? 'wall clock, as in the research notes; --cpu to judge on CPU time' : 'user + system CPU of the process, GC threads included'}); both are printed.`);
  const verdicts: [boolean, string][] = [];

  // ---- 1. import cost
  out('\n## 1. Import cost of the package entry (`node --input-type=module -e "import …"`, round-robin, medians)\n');
  const AT = `const u = process.cpuUsage(); console.log(JSON.stringify({ at: performance.now(), cpu: (u.user + u.system) / 1000 }));`;
  const importCmds: Record<string, string> = {
    'node (no import)': `import 'node:path'; ${AT}`,
    'n3': `import 'n3'; ${AT}`,
    'oxigraph (info)': `import 'oxigraph'; ${AT}`,
    'kaspersky-kg': `import 'kaspersky-kg'; ${AT}`,
  };
  if (comunicaMain) importCmds['comunica-lite (info)'] = `import { createRequire } from 'node:module'; createRequire(${JSON.stringify(comunicaMain)})(${JSON.stringify(comunicaMain)}); ${AT}`;
  const imports = roundRobin(importCmds, procs * 2, 'import');
  const at = (n: string, k: 'at' | 'cpu') => median(imports[n]!.map((r) => Number(r.stats[k])));
  const cost = (n: string, k: 'at' | 'cpu') => at(n, k) - at('node (no import)', k);
  out(table(['import', 'imported at ms (wall since start)', 'CPU ms so far', 'import cost ms, wall', 'import cost ms, CPU', '× n3, wall', '× n3, CPU', 'process wall ms (info)'], Object.keys(importCmds).map((n) => [
    n, fmt(at(n, 'at')), fmt(at(n, 'cpu')), fmt(cost(n, 'at')), fmt(cost(n, 'cpu')),
    n.startsWith('node') ? '' : ratio(cost(n, 'at'), cost('n3', 'at')), n.startsWith('node') ? '' : ratio(cost(n, 'cpu'), cost('n3', 'cpu')), fmt(median(imports[n]!.map((r) => r.wall))),
  ])));
  const heavy = loadedHeavyModules();
  out(`\n\`import 'kaspersky-kg'\` loads: ${heavy.length ? heavy.join(', ') : 'none of oxigraph, jsonld, rdf-validate-shacl, the embedded engine or the index modules'}`);
  const k = useWall ? 'at' : 'cpu';
  verdicts.push([cost('kaspersky-kg', k) / cost('n3', k) <= 1.2, `import cost: kaspersky-kg ${ratio(cost('kaspersky-kg', k), cost('n3', k))} n3's (${judged}; ${useWall ? 'CPU' : 'wall'} ${ratio(cost('kaspersky-kg', useWall ? 'cpu' : 'at'), cost('n3', useWall ? 'cpu' : 'at'))}; target ≤ 1.2×)`]);

  // ---- 2. time to first answer
  const ttfa = (label: string, o: { nq: string; index: string; iri: string; pkg: boolean }, n: number) => {
    out(`\n## 2${label === 'package data' ? 'a' : 'b'}. Time to first helper answer, ${label}: process start → import → first \`entity(<${o.iri.replace(ID, 'id:')}>)\` (round-robin, ${n} rounds, medians)\n`);
    const cmds = firstAnswerCommands({ ...o, ...(comunicaMain ? { comunica: comunicaMain } : {}) });
    const runs = roundRobin(cmds, n, `first answer, ${label}`);
    const med = (name: string, k: string) => median(runs[name]!.map((r) => Number(r.stats[k])));
    const w = (name: string) => median(runs[name]!.map((r) => r.wall));
    const N3P = 'n3 + hand-written lookup', OURS = 'kaspersky-kg entity()';
    const results = new Set(runs[OURS]!.concat(runs[N3P]!).map((r) => r.stats.result));
    out(table(['process', 'imported at ms', 'opened at ms', 'answered at ms (wall)', 'answered at, CPU ms', '× n3, wall', '× n3, CPU', 'process wall ms (info)', 'peak RSS MB'], Object.keys(cmds).map((name) => [
      name, fmt(med(name, 'import')), fmt(med(name, 'open')), fmt(med(name, 'answer')), fmt(med(name, 'answerCpu')),
      ratio(med(name, 'answer'), med(N3P, 'answer')), ratio(med(name, 'answerCpu'), med(N3P, 'answerCpu')), fmt(w(name)), fmt(median(runs[name]!.map((r) => Number(r.stats.maxRssMB)))),
    ])));
    const fast = runs[OURS]!.every((r) => r.stats.fast === true);
    out(`\n(times from process start, \`performance.now()\` and \`process.cpuUsage()\` at each step; "process wall" adds spawning and exit.) Same answer from both: ${results.size === 1 ? 'yes' : `NO (${[...results].join(' / ')})`}; answered from the index without the SPARQL engine: ${fast ? 'yes' : 'NO'}`);
    const [mk, ok2] = useWall ? ['answer', 'answerCpu'] : ['answerCpu', 'answer'];
    verdicts.push([results.size === 1 && med(OURS, mk) <= med(N3P, mk), `first helper answer, ${label}: kaspersky-kg ${ratio(med(OURS, mk), med(N3P, mk))} the n3 process's (${judged}; ${useWall ? 'CPU' : 'wall'} ${ratio(med(OURS, ok2), med(N3P, ok2))}; target ≤ 1.0×)`]);
  };
  ttfa('package data', { nq: NQ, index: INDEX, iri: `${ID}person/andrei-gennadyevich-tikhonov`, pkg: true }, procs);
  if (syn) ttfa(`synthetic ${Math.round(syn.quads / 1000)}k`, { nq: synNq, index: synIndex, iri: syn.samples.people![7]!, pkg: false }, synProcs);

  // ---- 3 and 4. warm lookups, joins, aggregates, search (one process per dataset)
  const warmRun = async (dataset: string, nq: string, index: string, iris: string[], queries: QuerySpec[]): Promise<WarmResult> => {
    const child = (mode: string, extra: Partial<WarmConfig>): WarmResult => {
      const cfgFile = join(work, `warm-${mode}-${dataset.replace(/\W+/g, '-')}.json`);
      writeFileSync(cfgFile, JSON.stringify({ dataset, nq, index, iris, queries, rounds, ...extra } satisfies WarmConfig));
      note(`${mode} process: ${dataset} …`);
      const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--warm', cfgFile], { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status !== 0) throw new Error(`${mode} process for ${dataset} failed (${r.status})`);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as WarmResult;
    };
    // queries too slow to measure at this size are left out (run once on raw Oxigraph, in a child killed after --query-timeout s)
    const probeFile = join(work, `probe-${dataset.replace(/\W+/g, '-')}.json`);
    writeFileSync(probeFile, JSON.stringify({ dataset, nq, index, iris, queries, rounds } satisfies WarmConfig));
    note(`probe: ${dataset} (each query once on raw Oxigraph) …`);
    const probe = await probeQueries(probeFile, queries.length, queryTimeout * 1000);
    const skipped = queries.filter((_, i) => probe[i] === 'timeout');
    queries = queries.filter((_, i) => probe[i] !== 'timeout');
    const main = child('lookups', { mode: 'lookups', queries: [] });
    main.queries = child('queries', { mode: 'queries', queries }).queries;
    main.skipped = skipped.map((q) => q.name);
    if (comunicaMain) {
      const com = child('comunica', { mode: 'comunica', comunica: comunicaMain, queries, rounds: Math.min(rounds, 3) });
      main.lookups.forEach((l, i) => Object.assign(l.engines, com.lookups[i]!.engines));
      main.queries.forEach((q, i) => Object.assign(q.engines, com.queries[i]!.engines));
      main.load['n3 (comunica process)'] = com.load.n3!;
    }
    return main;
  };
  const reports: WarmResult[] = [];
  const pkgIris = [...Object.keys(pkgIndex.entities).filter((i) => i.startsWith(ID)), `${ID}no-such-entity`];
  reports.push(await warmRun('package data', NQ, INDEX, pkgIris, querySet('package')));
  if (syn) {
    const s = syn.samples;
    const iris = [...s.people!, ...s.organizations!, ...s.events!, ...s.agencies!, ...s.people!.slice(0, 50).map((p) => p.replace('/person/', '/role/'))];
    reports.push(await warmRun(`synthetic ${Math.round(syn.quads / 1000)}k`, synNq, synIndex, iris, querySet('synthetic')));
  }
  for (const rep of reports) {
    out(`\n## 3. Warm point lookups, ${rep.dataset} (cycling over the dataset's entity IRIs; loads: ${Object.entries(rep.load).map(([k, v]) => `${k} ${fmt(v)} ms`).join(', ')})\n`);
    const rows: string[][] = [];
    const m = (e: EngineResult) => (useWall ? e.warm : e.warmCpu);
    const other = (e: EngineResult) => (useWall ? e.warmCpu : e.warm);
    for (const l of rep.lookups) {
      const peer = l.engines['n3 getQuads, same answer']!;
      for (const [name, e] of Object.entries(l.engines)) rows.push([`${l.op}: ${name}`, fmt(e.first), fmt(e.warm), fmt(e.warmCpu), ratio(e.warm, peer.warm), ratio(e.warmCpu, peer.warmCpu), e.note ?? '']);
      const mine = l.engines['kaspersky-kg (index)']!;
      verdicts.push([m(mine) / m(peer) <= 2, `warm ${l.op}, ${rep.dataset}: kaspersky-kg ${ratio(m(mine), m(peer))} n3 getQuads with the same answer (${judged}; ${useWall ? 'CPU' : 'wall'} ${ratio(other(mine), other(peer))}; vs n3's raw-triples lookup ${ratio(m(mine), m(l.engines['n3 getQuads, raw triples (info)']!))}; target ≤ 2×)`]);
    }
    out(table(['lookup: engine', 'first ms', 'warm ms, wall', 'warm ms, CPU', '× n3 same answer, wall', '× n3, CPU', 'note'], rows));
    if (comunicaMain) out('\n(comunica-lite runs in a process of its own, ≤ 3 rounds: its garbage would be collected during the others\' slices; its ratios are across processes.)');
    out(`\n## 4. Warm joins, aggregates and search, ${rep.dataset} (the helpers' own SPARQL; peer: raw Oxigraph \`store.query\` of the same text, the faster of Map and JSON rows)\n`);
    const qrows: string[][] = [];
    for (const q of rep.queries) {
      const rawMap = q.engines['oxigraph raw, Map rows']!, rawJson = q.engines['oxigraph raw, JSON rows']!;
      const best = (f: (e: EngineResult) => number) => Math.min(f(rawMap), f(rawJson));
      const mine = q.engines['kaspersky-kg']!;
      const sel = q.engines['kaspersky-kg select only (info)'];
      const com = q.engines['comunica-lite (info)'];
      const rawTsv = q.engines['oxigraph raw, TSV rows (info)'];
      qrows.push([q.name, q.kind, String(q.rows), fmt(mine.warm), fmt(mine.warmCpu), sel ? fmt(m(sel)) : '', fmt(m(rawMap)), fmt(m(rawJson)), ratio(mine.warm, best((e) => e.warm)), ratio(mine.warmCpu, best((e) => e.warmCpu)),
        rawTsv ? `${fmt(m(rawTsv))} (${ratio(m(mine), m(rawTsv))})` : '',
        com ? (com.runs ? `${fmt(m(com))} (${ratio(m(com), m(mine))})` : com.note ?? '') : '', q.peerNote ?? '']);
      verdicts.push([m(mine) / best(m) <= 1.2, `warm ${q.kind} ${q.name}, ${rep.dataset}: kaspersky-kg ${ratio(m(mine), best(m))} raw Oxigraph (${judged}; ${useWall ? 'CPU' : 'wall'} ${ratio(other(mine), best(other))}; target ≤ 1.2×)`]);
    }
    out(table(['query', 'kind', 'rows', 'kaspersky-kg ms, wall', 'kaspersky-kg ms, CPU', `select only ms (${judged})`, `raw Map ms (${judged})`, `raw JSON ms (${judged})`, '× raw, wall', '× raw, CPU', `raw TSV ms, info (${judged}; kaspersky-kg ×)`, `comunica-lite ms (${judged}; × kaspersky-kg)`, 'note'], qrows));
    out('\n("raw": Oxigraph\'s `store.query` of the same text with rows as plain `{ var: value }` objects, Map rows or SPARQL-JSON, the faster of the two as in the research notes; "raw TSV" reads the TSV serialisation the package itself converts from, shown for information. "select only": the package\'s `select` of the same text, RDF/JS terms without the helper\'s mapping.)');
    if (rep.skipped?.length) out(`\nNot measured at this size (one raw Oxigraph run took over ${queryTimeout} s): ${rep.skipped.join(', ')}.`);
    if (rep.queries.some((q) => q.kind === 'search')) out('\n(search: `findEntities` answers from the index; "vs SPARQL name search" runs a plain CONTAINS over labels as the raw peer, a smaller question than the helper answers; the helper\'s own SPARQL is too slow to serve as a peer above a few thousand quads: ~800 s at 200k measured once.)');
    if (rep.mismatches.length) {
      out(`\nMISMATCHES (${rep.mismatches.length}):\n${rep.mismatches.slice(0, 20).join('\n')}`);
      verdicts.push([false, `${rep.dataset}: ${rep.mismatches.length} answers differ between the package and its peers`]);
    }
  }

  out('\n## Targets\n');
  for (const [ok, text] of verdicts) out(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
}

/** Which heavy modules `import 'kaspersky-kg'` loads (a resolve hook lists them). */
function loadedHeavyModules(): string[] {
  const dir = join(work, 'hooks');
  mkdirSync(dir, { recursive: true });
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }\n`);
  const reg = join(dir, 'register.mjs');
  writeFileSync(reg, `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(reg).href, '--input-type=module', '-e', `import 'kaspersky-kg';`], { cwd: root, encoding: 'utf8' });
  const urls = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7));
  return ['/node_modules/oxigraph/', '/node_modules/jsonld/', '/node_modules/rdf-validate-shacl/', '/src/query/embedded.js', '/src/index-store/'].filter((m) => urls.some((u) => u.includes(m)));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
