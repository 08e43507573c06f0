/**
 * Hostile SPARQL through the command line (`query`, `ask`) and the library (`kg.select/ask/construct` on
 * caller text): resource bombs end with a clear error within their limits, deep nesting is refused before
 * the engine, engine traps become clear errors and the next query is answered correctly, invalid UTF-8 is
 * refused with its byte offset. Each CLI case runs the built CLI with no network (test/support/hostile.ts).
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import { datasetNQuads } from '../src/data/dataset.js';
import { openGraph, type KasperskyGraph } from '../src/graph.js';
import type { QueryLimitError } from '../src/query/isolated.js';
import { QueryTextError, checkQueryText, invalidUtf8Offset } from '../src/query/guard.js';
import type { QueryError } from '../src/query/target.js';
import { CAN_ISOLATE_NETWORK, CLI, assertNoCrashOutput, assertShortFirstLine, runCli, runHostileCase, tempDir, type HostileCase } from './support/hostile.js';

const P = '<http://example.org/p>';
const rep = (s: string, n: number, sep = '') => Array<string>(n).fill(s).join(sep);
/** Grows as the fourth power of the default graph: the cartesian bomb of issue 12. */
const CARTESIAN = 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';
/** Counts a cube of the default graph: little memory, never ends within a test. */
const SLOW_COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
/** A property path over every predicate, twice, joined with every triple. */
const PATH_BOMB = `SELECT * WHERE { ?s (${P}|!${P})*/(${P}|!${P})* ?o . ?a ?b ?c }`;
const DEEP = /nested more than 128 deep at line \d+, column \d+ \(byte offset \d+\)/;
const STACK = /ran out of stack on this query: it is nested or chained too deeply/;
const STOPPED = /SPARQL query stopped: the query (?:used more than \d+ MiB of memory|ran longer than \d+ ms) and was stopped/;

/** The default graph's triple count, counted from the package's N-Quads (the answer every check expects). */
const TRIPLES = new Parser({ format: 'N-Quads' }).parse(datasetNQuads().text).filter((q) => q.graph.termType === 'DefaultGraph').length;
const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';

// A single argument is limited to 128 KiB by the kernel (E2BIG): the longest queries go in .rq files.
const cases: HostileCase[] = [
  // --- resource bombs: stopped by a limit, with a clear message ---
  { name: 'cartesian product of four triple patterns', args: ['query', CARTESIAN], exit: 1, stderr: STOPPED, timeoutMs: 45_000 },
  { name: 'cartesian product with a short --timeout', args: ['query', CARTESIAN, '--timeout', '2000'], exit: 1, stderr: STOPPED, timeoutMs: 30_000 },
  { name: 'a cube counted (little memory): stopped by --timeout', args: ['query', SLOW_COUNT, '--timeout', '2000'], exit: 1, stderr: /ran longer than 2000 ms and was stopped/, timeoutMs: 30_000 },
  { name: 'cartesian product with a small --memory-limit', args: ['query', CARTESIAN, '--memory-limit', '64'], exit: 1, stderr: /used more than 64 MiB of memory/, timeoutMs: 45_000 },
  { name: '(p|!p)* property paths joined with everything', args: ['query', PATH_BOMB], exit: 1, stderr: STOPPED, timeoutMs: 45_000 },
  { name: 'a result over --max-result-bytes', args: ['query', 'SELECT * WHERE { ?s ?p ?o }', '--max-result-bytes', '1000'], exit: 1, stderr: /the result has \d+ bytes, more than the limit of 1000/ },
  { name: 'a CONSTRUCT over --max-result-bytes', args: ['query', 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', '--max-result-bytes', '1000'], exit: 1, stderr: /more than the limit of 1000/ },
  { name: 'a cube counted from stdin with --timeout', args: ['query', '-', '--timeout', '1500'], stdin: SLOW_COUNT, exit: 1, stderr: /ran longer than 1500 ms/, timeoutMs: 30_000 },
  { name: 'the same bomb from a .rq file', args: ['query', 'bomb.rq', '--timeout', '1500'], files: { 'bomb.rq': SLOW_COUNT }, exit: 1, stderr: /ran longer than 1500 ms/, timeoutMs: 30_000 },

  // --- deep nesting: refused before the engine ---
  { name: '10,000-deep groups', args: ['query', `SELECT * WHERE ${rep('{', 10_000)} ?s ?p ?o ${rep('}', 10_000)}`], exit: 1, stderr: DEEP },
  { name: '10,000-deep parentheses in a FILTER', args: ['query', `SELECT * WHERE { ?s ?p ?o FILTER(${rep('(', 10_000)}true${rep(')', 10_000)}) }`], exit: 1, stderr: DEEP },
  { name: '10,000-deep blank node brackets', args: ['query', 'q.rq'], files: { 'q.rq': `SELECT * WHERE { ?s ${P} ${rep(`[ ${P} `, 10_000)} ?o ${rep(' ]', 10_000)} }` }, exit: 1, stderr: DEEP },
  { name: '10,000-deep OPTIONAL groups', args: ['query', `SELECT * WHERE ${rep('{ OPTIONAL ', 10_000)}{ ?s ?p ?o }${rep(' }', 10_000)}`], exit: 1, stderr: DEEP },
  { name: '10,000-deep function calls', args: ['query', `SELECT * WHERE { BIND(${rep('STR(', 10_000)}1${rep(')', 10_000)} AS ?x) }`], exit: 1, stderr: DEEP },
  { name: '10,000-deep EXISTS', args: ['query', 'q.rq'], files: { 'q.rq': `ASK { ${rep('FILTER EXISTS { ', 10_000)}${rep('}', 10_000)} }` }, exit: 1, stderr: DEEP },
  { name: '10,000-deep << >> triple terms', args: ['query', `SELECT * WHERE { ${rep('<< ', 10_000)}?s ?p ?o${rep(' >>', 10_000)} ?q ?r }`], exit: 1, stderr: DEEP },
  { name: '10,000-deep path parentheses', args: ['query', `SELECT * WHERE { ?s ${rep('(', 10_000)}${P}${rep(')', 10_000)} ?o }`], exit: 1, stderr: DEEP },
  { name: 'unbalanced: 10,000 opening braces only', args: ['query', `SELECT * WHERE ${rep('{', 10_000)}`], exit: 1, stderr: DEEP },
  { name: '129-deep groups (one past the limit)', args: ['query', `SELECT * WHERE ${rep('{', 128)} BIND(1 AS ?x) ${rep('}', 128)}`], exit: 1, stderr: DEEP },
  { name: 'deep nesting from a .rq file', args: ['query', 'deep.rq'], files: { 'deep.rq': `SELECT * WHERE ${rep('{', 10_000)} ?s ?p ?o ${rep('}', 10_000)}` }, exit: 1, stderr: DEEP },
  { name: 'deep nesting on stdin', args: ['query', '-'], stdin: `ASK { FILTER(${rep('(', 5000)}true${rep(')', 5000)}) }`, exit: 1, stderr: DEEP },
  { name: 'deep nesting in a CONSTRUCT template', args: ['query', `CONSTRUCT ${rep('{', 10_000)} ?s ?p ?o ${rep('}', 10_000)} WHERE { ?s ?p ?o }`], exit: 1, stderr: DEEP },
  // …but brackets inside strings, IRIs and comments are text, not nesting
  { name: '127-deep groups run (within the limit)', args: ['query', `SELECT ?x WHERE ${rep('{', 127)} BIND(7 AS ?x) ${rep('}', 127)}`, '--format', 'csv'], exit: 0, stdout: /^x\r?\n7\r?\n$/ },
  { name: '10,000 braces inside a string literal', args: ['query', `SELECT (STRLEN("${rep('{', 10_000)}") AS ?n) WHERE {}`, '--format', 'csv'], exit: 0, stdout: /^n\r?\n10000\r?\n$/ },
  { name: '10,000 parentheses inside a long string', args: ['query', `SELECT (STRLEN("""${rep('(', 10_000)}\n""") AS ?n) WHERE {}`, '--format', 'csv'], exit: 0, stdout: /^n\r?\n10001\r?\n$/ },
  { name: '10,000 brackets inside a single-quoted string', args: ['query', `SELECT (STRLEN('${rep('[', 10_000)}') AS ?n) WHERE {}`, '--format', 'csv'], exit: 0, stdout: /^n\r?\n10000\r?\n$/ },
  { name: '10,000 braces inside a comment', args: ['query', `# ${rep('{', 10_000)}\nSELECT (1 AS ?n) WHERE {}`, '--format', 'csv'], exit: 0, stdout: /^n\r?\n1\r?\n$/ },
  { name: '1,000 parentheses inside an IRI', args: ['query', `SELECT (STRLEN(STR(<http://example.org/${rep('(', 1000)}>)) AS ?n) WHERE {}`, '--format', 'csv'], exit: 0, stdout: /^n\r?\n1019\r?\n$/ },
  { name: 'escaped quotes do not end a string early', args: ['query', `SELECT (STRLEN("\\"${rep('{', 5000)}") AS ?n) WHERE {}`, '--format', 'csv'], exit: 0, stdout: /^n\r?\n5001\r?\n$/ },

  // --- long chains: the engine's stack runs out; a clear error, not a trap ---
  { name: '5,000 || in a FILTER', args: ['query', `SELECT * WHERE { ?s ?p ?o FILTER(${rep('?o = 1', 5000, ' || ')}) }`], exit: 1, stderr: STACK },
  { name: '5,000 && in a FILTER', args: ['query', `SELECT * WHERE { ?s ?p ?o FILTER(${rep('?o != 1', 5000, ' && ')}) }`], exit: 1, stderr: STACK },
  { name: '10,000 additions', args: ['query', `SELECT * WHERE { BIND(${rep('1', 10_000, ' + ')} AS ?x) }`], exit: 1, stderr: STACK },
  { name: '10,000 negations', args: ['query', `ASK { FILTER(${rep('!', 10_000)}true) }`], exit: 1, stderr: STACK },
  { name: '10,000 UNION branches', args: ['query', 'q.rq'], files: { 'q.rq': `SELECT * WHERE { ${rep(`{ ?s ${P} ?o }`, 10_000, ' UNION ')} }` }, exit: 1, stderr: STACK },
  { name: '10,000 OPTIONALs in sequence', args: ['query', 'q.rq'], files: { 'q.rq': `SELECT * WHERE { ${rep(`OPTIONAL { ?s ${P} ?o }`, 10_000, ' ')} }` }, exit: 1, stderr: STACK },
  { name: '5,000 FILTERs', args: ['query', `SELECT * WHERE { ?s ?p ?o ${rep('FILTER(?o != 1)', 5000, ' ')} }`], exit: 1, stderr: STACK },
  { name: '10,000-step sequence path', args: ['query', 'q.rq'], files: { 'q.rq': `SELECT * WHERE { ?s ${rep(P, 10_000, '/')} ?o }` }, exit: 1, stderr: STACK },
  { name: '10,000-way alternative path', args: ['query', 'q.rq'], files: { 'q.rq': `SELECT * WHERE { ?s ${rep(P, 10_000, '|')} ?o }` }, exit: 1, stderr: STACK },

  // --- invalid UTF-8: refused with the byte offset, never run as another query ---
  { name: '0xFF in a .rq file', args: ['query', 'q.rq'], files: { 'q.rq': Buffer.concat([Buffer.from('SELECT * WHERE { ?s ?p "'), Buffer.from([0xff]), Buffer.from('" }')]) }, exit: 1, stderr: /the query file q\.rq is not valid UTF-8: byte 0xFF at byte offset 24/ },
  { name: 'overlong "/" (C0 AF) in a .rq file', args: ['query', 'q.rq'], files: { 'q.rq': Buffer.concat([Buffer.from('ASK { ?s ?p "'), Buffer.from([0xc0, 0xaf]), Buffer.from('" }')]) }, exit: 1, stderr: /byte 0xC0 at byte offset 13/ },
  { name: 'a UTF-16 surrogate (ED A0 80) in a .rq file', args: ['query', 'q.rq'], files: { 'q.rq': Buffer.concat([Buffer.from('ASK {}'), Buffer.from([0x23, 0xed, 0xa0, 0x80])]) }, exit: 1, stderr: /byte 0xED at byte offset 7/ },
  { name: 'a code point above U+10FFFF (F4 90 80 80)', args: ['query', 'q.rq'], files: { 'q.rq': Buffer.concat([Buffer.from('ASK { FILTER("'), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from('" = "") }')]) }, exit: 1, stderr: /byte 0xF4 at byte offset 14/ },
  { name: 'a sequence cut at the end of the file', args: ['query', 'q.rq'], files: { 'q.rq': Buffer.concat([Buffer.from('ASK {} # '), Buffer.from([0xe2, 0x82])]) }, exit: 1, stderr: /byte 0xE2 at byte offset 9/ },
  { name: 'a lone continuation byte on stdin', args: ['query', '-'], stdin: Buffer.concat([Buffer.from('ASK { FILTER("caf'), Buffer.from([0xa9]), Buffer.from('" = "") }')]), exit: 1, stderr: /the query on stdin is not valid UTF-8: byte 0xA9 at byte offset 17/ },
  { name: 'Latin-1 text on stdin', args: ['query', '-'], stdin: Buffer.from('ASK { ?s ?p "Fran\xe7ais" }', 'latin1'), exit: 1, stderr: /byte 0xE7 at byte offset 17/ },
  { name: 'UTF-16 text in a .rq file', args: ['query', 'q.rq'], files: { 'q.rq': Buffer.from('\ufeffASK {}', 'utf16le') }, exit: 1, stderr: /not valid UTF-8: byte 0xFF at byte offset 0/ },
  // valid UTF-8 runs
  { name: 'Cyrillic and astral characters run', args: ['query', 'SELECT (STRLEN("Касперский 𝔘") AS ?n) WHERE {}', '--format', 'csv'], exit: 0, stdout: /^n\r?\n12\r?\n$/ },
  { name: 'a UTF-8 byte order mark in a .rq file is accepted', args: ['query', 'q.rq', '--format', 'csv'], files: { 'q.rq': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('SELECT (1 AS ?n) WHERE {}')]) }, exit: 0, stdout: /^n\r?\n1\r?\n$/ },

  // --- malformed or refused queries: a clear error, exit 1 ---
  { name: 'a misspelt keyword', args: ['query', 'SELCT * WHERE { ?s ?p ?o }'], exit: 1, stderr: /SPARQL query failed: error at 1:1/ },
  { name: 'an undeclared prefix', args: ['query', 'SELECT * WHERE { ?s nope:p ?o }'], exit: 1, stderr: /SPARQL query failed: error at 1:/ },
  { name: 'an unterminated string', args: ['query', 'SELECT * WHERE { ?s ?p "abc }'], exit: 1, stderr: /SPARQL query failed/ },
  { name: 'an unterminated IRI', args: ['query', 'SELECT * WHERE { ?s ?p <http://example.org/ }'], exit: 1, stderr: /SPARQL query failed/ },
  { name: 'only a comment', args: ['query', '# nothing here'], exit: 1, stderr: /SPARQL query failed/ },
  { name: 'a NUL byte in a .rq file', args: ['query', 'q.rq'], files: { 'q.rq': Buffer.from('ASK {\u0000}') }, exit: 1, stderr: /SPARQL query failed/ },
  { name: 'INSERT DATA (an update)', args: ['query', 'INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }'], exit: 1, stderr: /SPARQL query failed/ },
  { name: 'DELETE WHERE (an update)', args: ['query', 'DELETE WHERE { ?s ?p ?o }'], exit: 1, stderr: /SPARQL query failed/ },
  { name: 'LOAD from the network (an update)', args: ['query', 'LOAD <http://example.org/data.ttl>'], exit: 1, stderr: /SPARQL query failed/ },
  { name: 'SERVICE to a remote endpoint', args: ['query', 'SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }'], exit: 1, stderr: /SPARQL query failed/ },
  { name: 'a relative IRI with no base', args: ['query', 'SELECT * WHERE { ?s <p> ?o }'], exit: 1, stderr: /SPARQL query failed/ },
  { name: 'an empty query', args: ['query', ''], exit: 2, stderr: /the query is empty/ },
  { name: 'a blank query', args: ['query', '  \n\t '], exit: 2, stderr: /the query is empty/ },
  { name: 'an empty .rq file', args: ['query', 'empty.rq'], files: { 'empty.rq': '' }, exit: 2, stderr: /the query is empty/ },
  { name: 'a missing .rq file', args: ['query', 'missing.rq'], exit: 1, stderr: /query file missing\.rq: no such file/ },
  { name: 'a folder given as the query file', args: ['query', '{dir}'], exit: 1, stderr: /is a folder, not a \.rq file/ },
  { name: 'two queries', args: ['query', 'ASK {}', 'ASK {}'], exit: 2, stderr: /query takes one SPARQL text/ },

  // --- options ---
  { name: '--timeout 0', args: ['query', 'ASK {}', '--timeout', '0'], exit: 2, stderr: /--timeout must be a positive integer/ },
  { name: '--timeout not a number', args: ['query', 'ASK {}', '--timeout', '10s'], exit: 2, stderr: /--timeout must be a positive integer, not "10s"/ },
  { name: '--timeout negative', args: ['query', 'ASK {}', '--timeout=-5'], exit: 2, stderr: /--timeout must be a positive integer/ },
  { name: '--max-result-bytes 0', args: ['query', 'ASK {}', '--max-result-bytes', '0'], exit: 2, stderr: /--max-result-bytes must be a positive integer/ },
  { name: '--memory-limit not a number', args: ['query', 'ASK {}', '--memory-limit', 'lots'], exit: 2, stderr: /--memory-limit must be a positive integer/ },
  { name: 'an unknown --format', args: ['query', 'ASK {}', '--format', 'xml'], exit: 2, stderr: /unknown --format xml/ },
  { name: 'ask: a path as the question name', args: ['ask', '../../../etc/passwd'], exit: 1, stderr: /.+/ },
  { name: 'ask: --timeout 0', args: ['ask', 'cq01', '--timeout', '0'], exit: 2, stderr: /--timeout must be a positive integer/ },

  // --- big but legitimate: answered ---
  { name: 'VALUES with 20,000 rows', args: ['query', `SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { ${Array.from({ length: 20_000 }, (_, i) => i).join(' ')} } }`, '--format', 'csv'], exit: 0, stdout: /^n\r?\n20000\r?\n$/ },
  { name: 'a 200 KB string literal', args: ['query', 'q.rq', '--format', 'csv'], files: { 'q.rq': `SELECT (STRLEN("${rep('x', 200_000)}") AS ?n) WHERE {}` }, exit: 0, stdout: /^n\r?\n200000\r?\n$/ },
  { name: '2,000 projected variables', args: ['query', `SELECT ${Array.from({ length: 2000 }, (_, i) => `?v${i}`).join(' ')} WHERE {}`, '--format', 'tsv'], exit: 0, stdout: /^\?v0\t/ },
  { name: 'a catastrophic-backtracking regex runs in linear time', args: ['query', `ASK { FILTER(REGEX("${rep('a', 5000)}!", "^(a+)+$")) }`], exit: 0, stdout: /^false$/m },
  { name: '81-deep mixed nesting runs', args: ['query', `SELECT ?x WHERE ${rep('{ ', 40)}BIND(${rep('(', 40)}1${rep(')', 40)} AS ?x)${rep(' }', 40)}`, '--format', 'csv'], exit: 0, stdout: /^x\r?\n1\r?\n$/ },
];

describe('hostile SPARQL: command line', function () {
  this.timeout(120_000);
  before(function () {
    if (!CAN_ISOLATE_NETWORK) console.warn('    (unshare -rn is not available here: the CLI cases run with the network)');
  });
  for (const c of cases) it(c.name, async () => void (await runHostileCase(c)));

  it('a cartesian bomb ends with a clear error within its time limit and under 1 GiB (process tree RSS polled)', async () => {
    const cwd = tempDir();
    const started = Date.now();
    const child = spawn('/bin/sh', ['-c', `exec "$0" --max-old-space-size=1024 --stack-trace-limit=0 "$@"`, process.execPath, CLI, 'query', CARTESIAN, '--timeout', '20000'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb * 1024);
      } catch {
        // exited
      }
    }, 20);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(poll);
    const ms = Date.now() - started;
    assert.equal(code, 1, stderr);
    assert.match(stderr, STOPPED);
    assertNoCrashOutput(stderr, 'cartesian bomb');
    assertShortFirstLine(stderr, 'cartesian bomb');
    assert.ok(ms < 20_000 + 10_000, `ended after ${ms} ms (time limit 20 000 ms)`);
    // Worker threads share the process: VmRSS covers the engine's WASM memory too.
    assert.ok(peak > 0 && peak < 1024 * 1024 * 1024, `peak RSS ${Math.round(peak / 1048576)} MiB`);
    console.log(`      cartesian bomb: ${ms} ms, peak RSS ${Math.round(peak / 1048576)} MiB`);
  });

  it('invalid UTF-8 in the query argument itself is refused with its offset (raw argv bytes)', async function () {
    // argv cannot carry invalid UTF-8 from JavaScript strings: the shell's printf writes the raw byte.
    const cmd = `exec "$0" "$1" query "$(printf 'ASK { ?s ?p "\\377" }')"`;
    const args = ['-c', cmd, process.execPath, CLI];
    const [bin, argv] = CAN_ISOLATE_NETWORK ? ['unshare', ['-rn', '/bin/sh', ...args]] : ['/bin/sh', args];
    const child = spawn(bin as string, argv as string[], { cwd: tempDir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1, stderr);
    assert.match(stderr, /the query argument is not valid UTF-8: byte 0xFF at byte offset 13/);
    assertNoCrashOutput(stderr, 'argv');
  });

  it('the CLI runs no query text through the engine when it is refused (no worker output, one line)', async () => {
    const r = await runCli(['query', `SELECT * WHERE ${rep('{', 10_000)}`]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });
});

describe('hostile SPARQL: library (kg.select / ask / construct on caller text)', function () {
  this.timeout(120_000);
  let kg: KasperskyGraph;
  const count = async () => Number((await kg.select(COUNT))[0]!.n!.value);

  before(async () => {
    kg = await openGraph({ timeoutMs: 4000 });
    assert.equal(await count(), TRIPLES);
  });

  /** Each case: a query that must fail with the given error, then the graph answers the next query right. */
  const failing: { name: string; run: (kg: KasperskyGraph) => Promise<unknown>; error: RegExp; kind?: string; cls: 'QueryLimitError' | 'QueryTextError' | 'QueryError' }[] = [
    { name: 'cartesian bomb (select)', run: (g) => g.select(CARTESIAN), error: STOPPED, cls: 'QueryLimitError' },
    { name: 'slow count (select): the time limit', run: (g) => g.select(SLOW_COUNT), error: /ran longer than 4000 ms/, kind: 'timeout', cls: 'QueryLimitError' },
    { name: 'path bomb (select)', run: (g) => g.select(PATH_BOMB), error: STOPPED, cls: 'QueryLimitError' },
    { name: 'slow ASK', run: (g) => g.ask('ASK { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), "!")) }'), error: /ran longer than 4000 ms/, kind: 'timeout', cls: 'QueryLimitError' },
    { name: 'CONSTRUCT bomb', run: (g) => g.construct('CONSTRUCT { ?a ?b ?c . ?d ?e ?f } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'), error: STOPPED, cls: 'QueryLimitError' },
    { name: '10,000-deep groups', run: (g) => g.select(`SELECT * WHERE ${rep('{', 10_000)} ?s ?p ?o ${rep('}', 10_000)}`), error: DEEP, cls: 'QueryTextError' },
    { name: '10,000-deep parentheses (ask)', run: (g) => g.ask(`ASK { FILTER(${rep('(', 10_000)}true${rep(')', 10_000)}) }`), error: DEEP, cls: 'QueryTextError' },
    { name: '10,000-deep groups (construct)', run: (g) => g.construct(`CONSTRUCT {} WHERE ${rep('{', 10_000)}${rep('}', 10_000)}`), error: DEEP, cls: 'QueryTextError' },
    { name: '5,000 || (engine stack)', run: (g) => g.select(`SELECT * WHERE { ?s ?p ?o FILTER(${rep('?o = 1', 5000, ' || ')}) }`), error: STACK, kind: 'too-complex', cls: 'QueryLimitError' },
    { name: '10,000 UNION branches (engine stack)', run: (g) => g.select(`SELECT * WHERE { ${rep(`{ ?s ${P} ?o }`, 10_000, ' UNION ')} }`), error: STACK, kind: 'too-complex', cls: 'QueryLimitError' },
    { name: '10,000 negations (engine stack)', run: (g) => g.ask(`ASK { FILTER(${rep('!', 10_000)}true) }`), error: STACK, kind: 'too-complex', cls: 'QueryLimitError' },
    { name: 'a syntax error', run: (g) => g.select('SELECT * WHERE { ?s ?p }'), error: /^SPARQL query failed: error at 1:/, cls: 'QueryError' },
    { name: 'select on an ASK query', run: (g) => g.select('ASK {}'), error: /expected a SELECT query/, cls: 'QueryError' },
    { name: 'ask on a SELECT query', run: (g) => g.ask('SELECT * WHERE {}'), error: /expected an ASK query/, cls: 'QueryError' },
    { name: 'construct on a SELECT query', run: (g) => g.construct('SELECT * WHERE {}'), error: /expected a CONSTRUCT or DESCRIBE query/, cls: 'QueryError' },
    { name: 'an update through select', run: (g) => g.select('DELETE WHERE { ?s ?p ?o }'), error: /SPARQL query failed/, cls: 'QueryError' },
  ];
  for (const c of failing) {
    it(`${c.name}: a clear error, then the next query is answered correctly`, async () => {
      const error = await c.run(kg).then(
        () => undefined,
        (e: unknown) => e,
      );
      // By name: the graph loads the isolation module lazily, so its classes may be another instance than the test's.
      assert.ok(error instanceof Error && error.name === c.cls && typeof (error as QueryError).query === 'string', `expected a ${c.cls}, got ${String(error)}`);
      const message = (error as Error).message;
      assert.match(message, c.error);
      assert.ok(message.split('\n')[0]!.length <= 300, message);
      assertNoCrashOutput(message, c.name);
      if (c.kind) assert.equal((error as QueryLimitError).kind, c.kind);
      assert.equal(await count(), TRIPLES);
    });
  }

  it('a small result limit refuses a big result and answers a small one', async () => {
    const small = await openGraph({ maxResultBytes: 2000 });
    await assert.rejects(small.select('SELECT * WHERE { ?s ?p ?o }'), (e: unknown) => e instanceof Error && e.name === 'QueryLimitError' && (e as QueryLimitError).kind === 'too-large' && /more than the limit of 2000/.test(e.message));
    assert.deepEqual((await small.select('SELECT (1 AS ?one) WHERE {}')).map((r) => r.one!.value), ['1']);
  });

  it('queries waiting behind a bomb are answered correctly once it is stopped', async () => {
    const bomb = kg.select(SLOW_COUNT).then(() => 'answered', (e: unknown) => (e instanceof Error && e.name === 'QueryLimitError' ? (e as QueryLimitError).kind : String(e)));
    const after = await Promise.all(Array.from({ length: 5 }, () => count()));
    assert.equal(await bomb, 'timeout');
    assert.deepEqual(after, Array<number>(5).fill(TRIPLES));
  });

  it('bindings on caller text are still bound as terms, in the worker', async () => {
    const rows = await kg.select('SELECT ?o WHERE { VALUES ?o { 1 2 3 } }', { o: (await kg.select('SELECT (2 AS ?v) WHERE {}'))[0]!.v! });
    assert.deepEqual(rows.map((r) => r.o!.value), ['2']);
  });

  it('refuses nonsense limits with a clear error', async () => {
    await assert.rejects(openGraph({ timeoutMs: 0 }), /timeoutMs must be a positive number/);
    await assert.rejects(openGraph({ memoryLimitMb: Number.NaN }), /memoryLimitMb must be a positive number/);
  });
});

describe('query text guard (lexical scan, UTF-8)', () => {
  const ok = [
    ['a flat query', 'SELECT * WHERE { ?s ?p ?o }'],
    ['128-deep groups', `SELECT * WHERE ${rep('{', 128)}${rep('}', 128)}`],
    ['braces in a string with escaped quotes', `ASK { FILTER("\\"${rep('{', 500)}" != "") }`],
    ['parentheses in a long single-quoted string over lines', `ASK { FILTER('''${rep('(\n', 500)}''' != "") }`],
    ['brackets in a comment', `# ${rep('[', 500)}\nASK {}`],
    ['parentheses in an IRI', `ASK { <http://e.org/${rep('(', 500)}> ?p ?o }`],
    ['less-than comparisons are not IRIs', `ASK { FILTER(1 < 2 && 2 > 1) }`],
  ] as const;
  for (const [name, q] of ok) it(`accepts ${name}`, () => checkQueryText(q));
  const refused = [
    ['129-deep groups', `SELECT * WHERE ${rep('{', 129)}`],
    ['braces after a short string cut by a newline', `ASK { FILTER("abc\n${rep('{', 200)}`],
    ['deep nesting after a less-than that is no IRI', `ASK { FILTER(1 < ${rep('(', 200)}`],
    ['nested << >>', `ASK { ${rep('<<', 200)} }`],
  ] as const;
  for (const [name, q] of refused) it(`refuses ${name}`, () => assert.throws(() => checkQueryText(q), QueryTextError));
  it('reports the line, column and byte offset of the bracket past the limit', () => {
    assert.throws(() => checkQueryText(`# é\n${rep('{', 200)}`), /at line 2, column 129 \(byte offset 133\)/);
  });
  it('finds the first invalid UTF-8 byte', () => {
    assert.equal(invalidUtf8Offset(Buffer.from('héllo')), -1);
    assert.equal(invalidUtf8Offset(Buffer.from([0x61, 0xe2, 0x82, 0xac, 0x80])), 4);
    assert.equal(invalidUtf8Offset(Buffer.from([0xf0, 0x9f, 0x98])), 0);
    assert.equal(invalidUtf8Offset(Buffer.from([0x61, 0xe0, 0x80, 0x80])), 1);
  });
});
