/**
 * Content-negotiation benchmark (`npm run bench:negotiate -- [--rounds 9] [--slice-ms 60]`).
 *
 * The endpoint's hand-written `Accept` negotiation (src/serve/negotiate.ts: `chooseFormat`,
 * `choosePageVariant`) next to the `negotiator` package (the one Express and `accepts` use) choosing among
 * the same representations, sent with `charset=utf-8` as the endpoint sends them. Headers: none, curl's
 * `*\/*`, a browser's, SPARQLWrapper's JSON request, a client listing every results format with q-values,
 * parameters and a quoted string, and a hostile 500-element header (~15 KB, near
 * Node's default 16 KiB header limit). Before timing, both sides must give
 * the same answer on every header (the cases where they differ are in test/serve-negotiate-conformance.test.ts).
 *
 * One process, candidates interleaved in rounds of ≥ `--slice-ms` slices (each slice calls one candidate
 * on one header in a loop); the figure is the median over rounds of the per-call time (wall clock).
 * Ratios (negotiator / ours) are what to read; absolute times move with the machine's load.
 * @module
 */
import Negotiator from 'negotiator';
import { chooseFormat, choosePageVariant, GRAPH_FORMATS, PAGE_VARIANT_TYPES, RESULTS_FORMATS } from '../src/serve/negotiate.js';
import { median, ratio, table } from './report.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROUNDS = opt('rounds', 9);
const SLICE_MS = opt('slice-ms', 60);

const out = (s = '') => process.stdout.write(`${s}\n`);

// --------------------------------------------------------------------------------------- the candidates

type Kind = 'SELECT' | 'CONSTRUCT' | 'page';
const PAGE_EXTS = ['.html', '.ttl', '.jsonld', '.nt', '.rdf'];

/** What each side chooses among, in the server's order (the page's aliases after its own types). */
const OFFERED: Record<Kind, { types: string[]; answers: string[] }> = {
  SELECT: { types: [...RESULTS_FORMATS.values()].map((f) => f.contentType), answers: [...RESULTS_FORMATS.keys()] },
  CONSTRUCT: { types: [...GRAPH_FORMATS.values()].map((f) => f.contentType), answers: [...GRAPH_FORMATS.keys()] },
  page: {
    types: [...PAGE_EXTS.map((e) => `${PAGE_VARIANT_TYPES[e]}; charset=utf-8`), 'application/json; charset=utf-8', 'application/x-turtle; charset=utf-8', 'application/xhtml+xml; charset=utf-8'],
    answers: [...PAGE_EXTS, '.jsonld', '.ttl', '.html'],
  },
};
const KEY_OF = new Map<unknown, string>([...RESULTS_FORMATS, ...GRAPH_FORMATS].map(([k, f]) => [f, k]));

function ours(kind: Kind, accept: string | undefined): string | undefined {
  if (kind === 'page') return choosePageVariant(accept, PAGE_EXTS);
  const f = chooseFormat(kind, accept);
  return f && KEY_OF.get(f);
}

function theirs(kind: Kind, accept: string | undefined): string | undefined {
  const { types, answers } = OFFERED[kind];
  const chosen = new Negotiator({ headers: accept === undefined ? {} : { accept } }).mediaType(types);
  return chosen === undefined ? undefined : answers[types.indexOf(chosen)];
}

// ----------------------------------------------------------------------------------------------- headers

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const SPARQLWRAPPER_JSON = 'application/sparql-results+json,application/json,text/javascript,application/javascript';
const CLIENT_LIST =
  'application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.7, text/csv;q=0.5, ' +
  'application/json;q=0.2, application/xml;q=0.2, */*;q=0.1';
const PARAMS = 'text/csv;charset=utf-8;q=0.4, text/tab-separated-values;profile="a,b";q=0.9, application/sparql-results+xml;charset="UTF-8";q=0.6, */*;q=0.01';
const HOSTILE = Array.from({ length: 500 }, (_, i) => `application/x-junk-${i};q=0.${(i % 9) + 1}`).join(', ') + ', text/turtle;q=0.05';

const CASES: { name: string; kind: Kind; accept: string | undefined }[] = [
  { name: 'SELECT, no Accept', kind: 'SELECT', accept: undefined },
  { name: 'SELECT, */* (curl)', kind: 'SELECT', accept: '*/*' },
  { name: 'SELECT, one type', kind: 'SELECT', accept: 'text/csv' },
  { name: 'SELECT, SPARQLWrapper JSON', kind: 'SELECT', accept: SPARQLWRAPPER_JSON },
  { name: 'SELECT, every format with q', kind: 'SELECT', accept: CLIENT_LIST },
  { name: 'SELECT, parameters and quotes', kind: 'SELECT', accept: PARAMS },
  { name: 'CONSTRUCT, a browser', kind: 'CONSTRUCT', accept: BROWSER },
  { name: 'CONSTRUCT, 500-element header (~15 KB)', kind: 'CONSTRUCT', accept: HOSTILE },
  { name: 'page, a browser', kind: 'page', accept: BROWSER },
  { name: 'page, text/turtle', kind: 'page', accept: 'text/turtle' },
];

// ------------------------------------------------------------------------------------------------ timing

let sink = 0;
/** Per-call time in ns of one ≥ SLICE_MS slice. */
function slice(fn: () => string | undefined): number {
  let calls = 0;
  const start = performance.now();
  let now = start;
  const batch = 16;
  while (now - start < SLICE_MS) {
    for (let i = 0; i < batch; i++) sink += fn()?.length ?? 0;
    calls += batch;
    now = performance.now();
  }
  return ((now - start) * 1e6) / calls;
}

const fmtNs = (ns: number) => (ns >= 10_000 ? `${(ns / 1000).toFixed(0)} µs` : ns >= 1000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`);

out(`# Accept negotiation: src/serve/negotiate.ts vs negotiator ${(await import('negotiator/package.json', { with: { type: 'json' } })).default.version}`);
out(`node ${process.version}, ${ROUNDS} rounds of ${SLICE_MS} ms slices, interleaved\n`);

for (const c of CASES) {
  const a = ours(c.kind, c.accept);
  const b = theirs(c.kind, c.accept);
  if (a !== b) {
    process.stderr.write(`different answers for ${c.name}: ours ${a}, negotiator ${b}\n`);
    process.exit(1);
  }
}
out('Same answer from both on every header: yes\n');

const times = new Map<string, { ours: number[]; theirs: number[] }>(CASES.map((c) => [c.name, { ours: [], theirs: [] }]));
// Warm-up: one short slice each.
for (const c of CASES) (slice(() => ours(c.kind, c.accept)), slice(() => theirs(c.kind, c.accept)));
for (let r = 0; r < ROUNDS; r++) {
  for (const c of CASES) {
    const t = times.get(c.name)!;
    if (r % 2) (t.theirs.push(slice(() => theirs(c.kind, c.accept))), t.ours.push(slice(() => ours(c.kind, c.accept))));
    else (t.ours.push(slice(() => ours(c.kind, c.accept))), t.theirs.push(slice(() => theirs(c.kind, c.accept))));
  }
}

const rows: string[][] = [];
const ratios: number[] = [];
for (const c of CASES) {
  const t = times.get(c.name)!;
  const o = median(t.ours);
  const n = median(t.theirs);
  ratios.push(n / o);
  rows.push([c.name, String(ours(c.kind, c.accept) ?? '406'), fmtNs(o), fmtNs(n), ratio(n, o)]);
}
out(table(['header', 'answer', 'ours / call', 'negotiator / call', 'negotiator ÷ ours'], rows));
const geo = Math.exp(ratios.reduce((s, x) => s + Math.log(x), 0) / ratios.length);
out(`\nGeometric mean of negotiator ÷ ours: ${geo.toFixed(2)}× (above 1: negotiator is slower)`);
if (sink < 0) out(String(sink));
