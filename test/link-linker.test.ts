/**
 * The streaming linker and its CLI: plain and gzip input, malformed lines (reported with their line
 * number and skipped, or stopping the run with --strict), a truncated gzip (clear error, matches kept),
 * atomic output, yente-shaped results and SSSOM candidates, progress rendering. No wall-clock assertions.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Linker, type EntityMatches } from '../src/link/linker.js';
import { runLinkCommand } from '../src/link/cli.js';
import { readLines } from '../src/link/stream.js';
import { renderProgress, formatDuration, ProgressBar } from '../src/link/progress.js';
import { parseSssomRows } from '../src/mapping/sssom.js';
import type { FtmEntity } from '../src/ftm/entity.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'ftm', 'graph.trig');
const OURS: FtmEntity[] = [
  { id: 'kkg-t', schema: 'Person', properties: { name: ['Andrei Gennadyevich Tikhonov'], firstName: ['Andrei'], fatherName: ['Gennadyevich'], lastName: ['Tikhonov'] } },
  { id: 'kkg-ao', schema: 'Company', properties: { name: ['AO Kaspersky Lab'], jurisdiction: ['ru'] } },
];
const DUMP = [
  { id: 'ofac-1', schema: 'Person', properties: { name: ['TIKHONOV, Andrei Gennadyevich'] }, datasets: ['us_ofac_sdn'] },
  { id: 'x-2', schema: 'Person', properties: { name: ['John Smith'] } },
  { id: 'x-3', schema: 'Person', properties: { name: ['Andrei Ivanovich Tikhonov'] } },
  { id: 'csl-4', schema: 'Company', properties: { name: ['Kaspersky Lab JSC'], jurisdiction: ['ru'] } },
  { id: 'x-5', schema: 'Sanction', properties: { entity: ['ofac-1'] } },
];
const lines = (rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

describe('streaming linker', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kkg-link-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads lines by bytes across chunk boundaries, with CRLF and no final newline', async () => {
    const f = join(dir, 'a.jsonl');
    writeFileSync(f, 'a\r\nbb\n\nccc');
    const got: string[] = [];
    const n = await readLines(f, (b, s, e) => void got.push(b.toString('utf8', s, e)), { chunkSize: 2 });
    assert.equal(n, 4);
    assert.deepEqual(got, ['a', 'bb', '', 'ccc']);
  });

  it('finds matches in yente shape, best first, with explanations (plain and gzip)', async () => {
    const plain = join(dir, 'd.ftm.json');
    writeFileSync(plain, lines(DUMP));
    const gz = join(dir, 'd.ftm.json.gz');
    writeFileSync(gz, gzipSync(lines(DUMP)));
    for (const f of [plain, gz]) {
      const r = await new Linker(OURS).link(f);
      assert.equal(r.stats.lines, 5);
      assert.equal(r.stats.complete, true);
      const t = r.matches.find((m) => m.query.id === 'kkg-t')!;
      assert.equal(t.status, 200);
      assert.equal(t.results[0]!.id, 'ofac-1');
      assert.equal(t.results[0]!.match, true);
      assert.ok(t.results[0]!.explanations.name_match!.score > 0.9);
      assert.equal(t.results.find((x) => x.id === 'x-3'), undefined, 'the namesake falls below the review floor');
      assert.equal(r.matches.find((m) => m.query.id === 'kkg-ao')!.results[0]!.id, 'csl-4');
      assert.ok(r.stats.parsed < r.stats.lines, 'the prefilter skipped lines without our tokens');
    }
  });

  it('reports a malformed line with its number and skips it; --strict stops there', async () => {
    const f = join(dir, 'bad.ftm.json');
    writeFileSync(f, lines([DUMP[0], '{"id": "broken", "schema": "Person", "properties": {"name": ["Tikh', DUMP[3], '{"id": 3}', 'garbage']));
    const seen: number[] = [];
    const r = await new Linker(OURS).link(f, { onMalformed: (m) => seen.push(m.line) });
    // line 4 is valid JSON but not an FtM entity: the prefilter checks the entity shape too, so it is
    // reported although it holds none of our names (issue 12: no malformed line skipped without a word)
    assert.deepEqual(seen, [2, 4, 5]);
    assert.equal(r.stats.malformed, 3);
    assert.equal(r.matches.length, 2, 'good lines after a bad one are still read');
    const s = await new Linker(OURS).link(f, { strict: true });
    assert.match(s.error!.message, /bad\.ftm\.json:2: malformed JSON/);
    assert.equal(s.stats.complete, false);
    assert.equal(s.matches.length, 1, 'matches before the bad line are kept');
    const f2 = join(dir, 'bad2.ftm.json');
    writeFileSync(f2, lines([DUMP[0], '{"id": 3}']));
    const s2 = await new Linker(OURS).link(f2, { strict: true });
    assert.match(s2.error!.message, /bad2\.ftm\.json:2: not an FtM entity: missing "id" string/);
  });

  it('scoring with two threads gives the same matches, malformed lines (in line order) and counts as one thread', async () => {
    const f = join(dir, 'par.ftm.json');
    const rows = [DUMP[0], '{"id": "b-1", "schema": "Person", "properties": {"name": [null]}}', ...Array.from({ length: 5000 }, (_, i) => (i % 7 ? { id: `n-${i}`, schema: 'Person', properties: { name: [`Person ${i} Tikhonov`] } } : { id: `k-${i}`, schema: 'Company', properties: { name: [`Kaspersky ${i} Lab`], jurisdiction: ['ru'] } })), 'not json', DUMP[3]];
    writeFileSync(f, lines(rows));
    const seen: [number[], number[]] = [[], []];
    const a = await new Linker(OURS).link(f, { parallel: false, onMalformed: (m) => seen[0].push(m.line) });
    // small blocks: many batches for the scoring thread, and a queue (16 blocks' worth) that fills, so that
    // the reading thread scores some blocks too and the two threads' results are merged
    const b = await new Linker(OURS).link(f, { parallel: true, chunkSize: 4096, onMalformed: (m) => seen[1].push(m.line) });
    assert.deepEqual(seen[1], seen[0]);
    assert.deepEqual(seen[0], [2, rows.length - 1]);
    assert.deepEqual(b.matches, a.matches);
    const { elapsedMs: _a, firstLineAt: _b, threads: ta, ...sa } = a.stats;
    const { elapsedMs: _c, firstLineAt: _d, threads: tb, ...sb } = b.stats;
    assert.deepEqual([ta, tb], [1, 2]);
    assert.deepEqual(sb, sa);
    assert.ok(a.stats.parsed > 4000, 'the lines were scored');
  });

  it('with two threads: a failing scoring thread ends the run with its error (no wait for answers that never come)', async function () {
    this.timeout(60_000);
    const f = join(dir, 'fail.ftm.json');
    writeFileSync(f, lines(Array.from({ length: 3000 }, (_, i) => ({ id: `n-${i}`, schema: 'Person', properties: { name: [`Person ${i} Tikhonov`] } }))));
    const broken = [{ id: 'kkg-x', schema: 'Person', properties: null }] as unknown as FtmEntity[]; // preparing it throws, in either thread
    await assert.rejects(new Linker(broken, new Map(), [' tikonov ']).link(f, { parallel: true, chunkSize: 4096 }), TypeError);
  });

  it('with two threads: a truncated gzip keeps the matches of both and counts the lines read; a line longer than a block keeps the numbering', async () => {
    const rows = [DUMP[0], ...Array.from({ length: 3000 }, (_, i) => ({ id: `n-${i}`, schema: 'Person', properties: { name: [`Person ${i} Smith`] } })), DUMP[3]];
    const gz = gzipSync(lines([...rows, ...rows.map((r, i) => (typeof r === 'string' ? r : { ...(r as object), id: `again-${i}` }))]));
    const f = join(dir, 'cut2.ftm.json.gz');
    writeFileSync(f, gz.subarray(0, Math.floor(gz.length * 0.8)));
    const one = await new Linker(OURS).link(f, { parallel: false, chunkSize: 4096 });
    const two = await new Linker(OURS).link(f, { parallel: true, chunkSize: 4096 });
    for (const r of [one, two]) {
      assert.match(r.error!.message, /gzip stream is truncated or corrupt after line \d+/);
      assert.equal(r.stats.complete, false);
    }
    assert.equal(two.stats.lines, one.stats.lines, 'the same lines read');
    assert.ok(two.stats.lines > rows.length, 'the cut is in the second copy');
    assert.deepEqual(two.matches, one.matches);
    assert.equal(two.error!.message, one.error!.message);
    // a line of 20 kB spans five blocks (joined by the reading thread); the numbers after it stay right
    const g = join(dir, 'long2.ftm.json');
    writeFileSync(g, lines([...rows.slice(0, 1500), JSON.stringify({ id: 'huge', schema: 'Person', properties: { name: ['x'.repeat(20_000)] } }), ...rows.slice(1500), 'broken']));
    const seen: [number[], number[]] = [[], []];
    await new Linker(OURS).link(g, { parallel: false, chunkSize: 4096, onMalformed: (m) => seen[0].push(m.line) });
    await new Linker(OURS).link(g, { parallel: true, chunkSize: 4096, onMalformed: (m) => seen[1].push(m.line) });
    assert.deepEqual(seen[0], [rows.length + 2]);
    assert.deepEqual(seen[1], seen[0]);
  });

  it('two threads by default only for a large dump on two cores or more (a gzip file counted by what it expands to)', async () => {
    const { splitByDefault, SPLIT_MIN_BYTES, GZIP_RATIO } = await import('../src/link/linker.js');
    assert.equal(splitByDefault(SPLIT_MIN_BYTES, false, 2), true);
    assert.equal(splitByDefault(SPLIT_MIN_BYTES - 1, false, 2), false);
    assert.equal(splitByDefault(Math.ceil(SPLIT_MIN_BYTES / GZIP_RATIO), true, 2), true);
    assert.equal(splitByDefault(Math.floor(SPLIT_MIN_BYTES / GZIP_RATIO) - 1, true, 2), false);
    assert.equal(splitByDefault(SPLIT_MIN_BYTES * 10, false, 1), false, 'one core');
  });

  it('CLI: two threads (KASPERSKY_KG_LINK_WORKER=1) give the output of one thread, malformed lines in order', async () => {
    const { runCli } = await import('./support/hostile.js');
    const SPLIT_TEST_BYTES = 20 << 20;
    // 20 blocks of 1 MiB shared by the two threads; malformed lines spread over the file
    const filler = (i: number) => ({ id: `f-${i}`, schema: 'Person', properties: { name: [`Person ${i} Smith`], notes: ['x'.repeat(200)] } });
    const rows: unknown[] = [];
    let bytes = 0;
    for (let i = 0; bytes < SPLIT_TEST_BYTES; i++) {
      const r = i % 9973 === 5 ? `{"id": "bad-${i}", "schema": "Person"` : i % 7919 === 3 ? DUMP[0] : i % 6007 === 1 ? { ...(DUMP[3] as object), id: `csl-${i}` } : filler(i);
      const text = typeof r === 'string' ? r : JSON.stringify(r);
      bytes += text.length + 1;
      rows.push(text);
    }
    const dump = join(dir, 'big.ftm.json');
    writeFileSync(dump, `${rows.join('\n')}\n`);
    const expectedBad = rows.flatMap((r, i) => ((r as string).startsWith('{"id": "bad-') ? [i + 1] : []));
    const ours = join(dir, 'ours.ftm.json');
    writeFileSync(ours, lines(OURS));
    const run = async (worker: string, out: string) => {
      const r = await runCli(['link', '--against', dump, '--ours', ours, '--out', join(dir, out)], { env: { KASPERSKY_KG_LINK_WORKER: worker } });
      assert.equal(r.code, 3, r.stderr); // every line read, malformed lines reported and skipped
      return { stderr: r.stderr, out: readFileSync(join(dir, out), 'utf8') };
    };
    const one = await run('0', 'one.jsonl');
    const two = await run('1', 'two.jsonl');
    assert.equal(two.out, one.out, 'the same matches, byte for byte');
    const shown = (s: string) => [...s.matchAll(/big\.ftm\.json:(\d+): /g)].map((m) => Number(m[1]));
    assert.deepEqual(shown(one.stderr), expectedBad.slice(0, shown(one.stderr).length));
    assert.ok(expectedBad.length >= 2, 'several malformed lines');
    assert.deepEqual(shown(two.stderr), shown(one.stderr), 'malformed lines reported in line order by both');
    const summary = (s: string) => s.split('\n').find((l) => l.includes('lines read'))!.replace(/\(first line read \d+ ms after start\)/, '').replace(/\/[^ ]+\/(one|two)\.jsonl/g, 'OUT').replace(/\/[^ ]+\/(one|two)\.sssom\.tsv/g, 'SSSOM');
    assert.match(summary(two.stderr), /; scored by 2 threads/);
    assert.doesNotMatch(summary(one.stderr), /threads/);
    assert.equal(summary(two.stderr).replace('; scored by 2 threads', ''), summary(one.stderr));
    assert.match(summary(one.stderr), new RegExp(`${expectedBad.length} malformed`));
  });

  it('a line longer than the limit is counted, not kept, wherever the chunks cut it', async () => {
    const f = join(dir, 'long.txt');
    // lines of 5, 40 (too long), 3, 25 (too long, at the end, no newline) bytes; 8-byte chunks, limit 16
    writeFileSync(f, `aaaaa\n${'b'.repeat(40)}\nccc\n${'d'.repeat(25)}`);
    for (const chunkSize of [4, 8, 16, 64]) {
      const seen: string[] = [];
      const n = await readLines(f, (buf, s, e, no, _u, tooLong) => void seen.push(tooLong === undefined ? `${no}:${buf.toString('utf8', s, e)}` : `${no}:too long ${tooLong}`), { chunkSize, maxLineBytes: 16 });
      assert.equal(n, 4);
      assert.deepEqual(seen, ['1:aaaaa', '2:too long 40', '3:ccc', '4:too long 25'], `chunk size ${chunkSize}`);
    }
  });

  it('a truncated gzip gives a clear error and keeps the matches found so far', async () => {
    const body = lines([DUMP[0], ...Array.from({ length: 3000 }, (_, i) => ({ id: `n-${i}`, schema: 'Person', properties: { name: [`Person ${i} Smith`] } })), DUMP[3]]);
    const gz = gzipSync(body);
    const f = join(dir, 'cut.ftm.json.gz');
    writeFileSync(f, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const r = await new Linker(OURS).link(f);
    assert.match(r.error!.message, /gzip stream is truncated or corrupt after line \d+/);
    assert.equal(r.stats.complete, false);
    assert.equal(r.matches.find((m) => m.query.id === 'kkg-t')!.results[0]!.id, 'ofac-1');
  });

  it('CLI: writes matches and SSSOM candidates atomically; exit codes 0/1/2', async () => {
    const dump = join(dir, 'd.ftm.json');
    writeFileSync(dump, lines(DUMP));
    const ours = join(dir, 'ours.ftm.json');
    writeFileSync(ours, lines(OURS));
    const out = join(dir, 'matches.jsonl');
    assert.equal(await runLinkCommand(['link', '--against', dump, '--ours', ours, '--out', out, '--threshold', '0.7', '--quiet']), 0);
    const m = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EntityMatches);
    assert.equal(m.length, 2);
    const rows = parseSssomRows(readFileSync(join(dir, 'matches.sssom.tsv'), 'utf8'));
    assert.ok(rows.some((r) => r.subject_id === 'kkgftm:kkg-t' && r.object_id === 'opensanctions:ofac-1' && r.predicate_id === 'skos:closeMatch'));
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), []);
    // strict + malformed → 1, output still written
    const bad = join(dir, 'bad.ftm.json');
    writeFileSync(bad, lines([DUMP[0], 'nope']));
    const out2 = join(dir, 'm2.jsonl');
    assert.equal(await runLinkCommand(['link', '--against', bad, '--ours', ours, '--out', out2, '--strict', '--quiet']), 1);
    assert.ok(existsSync(out2));
    assert.equal(await runLinkCommand(['link', '--ours', ours]), 2);
    assert.equal(await runLinkCommand(['link', '--against', dump, '--threshold', '2']), 2);
    const write = process.stdout.write;
    let help = '';
    process.stdout.write = ((chunk: string) => ((help += chunk), true)) as typeof process.stdout.write;
    try {
      assert.equal(await runLinkCommand(['link', '--help']), 0);
    } finally {
      process.stdout.write = write;
    }
    assert.match(help, /--against FILE/);
  });

  it('CLI: matches the package entities read from a graph', async () => {
    const dump = join(dir, 'd.ftm.json');
    writeFileSync(dump, lines(DUMP));
    const out = join(dir, 'm.jsonl');
    assert.equal(await runLinkCommand(['--against', dump, '--data', FIXTURE, '--out', out, '--quiet']), 0);
    const m = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EntityMatches);
    assert.ok(m.some((x) => x.query.properties.name?.[0] === 'Andrei Gennadyevich Tikhonov' && x.results[0]!.id === 'ofac-1'));
  });

  it('no truncation without notice: every match kept, ties ordered by score then ID (not file order), --limit reports what it dropped', async () => {
    // 30 records that all score 1.0 for Tikhonov, written in a shuffled ID order
    const ids = Array.from({ length: 30 }, (_, i) => `ofac-${String(i).padStart(2, '0')}`);
    const shuffled = [...ids].sort((a, b) => ((Number(a.slice(5)) * 7) % 30) - ((Number(b.slice(5)) * 7) % 30));
    const rows = shuffled.map((id) => ({ id, schema: 'Person', properties: { name: ['TIKHONOV, Andrei Gennadyevich'] } }));
    const f = join(dir, 'many.ftm.json');
    writeFileSync(f, lines([...rows, DUMP[2]]));
    const r = await new Linker(OURS).link(f);
    const t = r.matches.find((m) => m.query.id === 'kkg-t')!;
    assert.equal(t.matchCount, 30);
    assert.equal(t.results.filter((x) => x.match).length, 30, 'every match at or above the threshold is kept');
    assert.deepEqual(t.results.filter((x) => x.match).map((x) => x.id), ids, 'equal scores ordered by ID, not by line');
    assert.equal(t.truncated, undefined);
    assert.equal(t.total.value, t.results.length);
    assert.equal(r.stats.matches, 30);
    // the same records in reverse file order give the same output
    const f2 = join(dir, 'many-rev.ftm.json');
    writeFileSync(f2, lines([DUMP[2], ...[...rows].reverse()]));
    const r2 = await new Linker(OURS).link(f2);
    assert.deepEqual(r2.matches.find((m) => m.query.id === 'kkg-t')!.results.map((x) => [x.id, x.score]), t.results.map((x) => [x.id, x.score]));
    // an explicit limit truncates, and says so per entity; total stays exact
    const l = (await new Linker(OURS).link(f, { limit: 5 })).matches.find((m) => m.query.id === 'kkg-t')!;
    assert.deepEqual(l.results.map((x) => x.id), ids.slice(0, 5));
    assert.deepEqual(l.truncated, { limit: 5, reviewLimit: 10, dropped: 25 + (t.results.length - 30), droppedMatches: 25 });
    assert.equal(l.total.value, t.total.value);
    assert.equal(l.matchCount, 30);
    // the CLI writes the notice too
    const ours = join(dir, 'ours.ftm.json');
    writeFileSync(ours, lines(OURS));
    const out = join(dir, 'm.jsonl');
    assert.equal(await runLinkCommand(['--against', f, '--ours', ours, '--out', out, '--limit', '3', '--quiet']), 0);
    const written = readFileSync(out, 'utf8').trim().split('\n').map((x) => JSON.parse(x) as EntityMatches);
    const wt = written.find((m) => m.query.id === 'kkg-t')!;
    assert.equal(wt.results.length, 3);
    assert.equal(wt.truncated!.droppedMatches, 27);
    assert.equal(await runLinkCommand(['--against', f, '--ours', ours, '--out', out, '--quiet']), 0);
    const all = readFileSync(out, 'utf8').trim().split('\n').map((x) => JSON.parse(x) as EntityMatches).find((m) => m.query.id === 'kkg-t')!;
    assert.equal(all.results.filter((x) => x.match).length, 30, 'the CLI has no default cap on matches');
  });

  it('a truncated gzip marks the output file itself as partial (final record and SSSOM comment)', async () => {
    const body = lines([DUMP[0], ...Array.from({ length: 3000 }, (_, i) => ({ id: `n-${i}`, schema: 'Person', properties: { name: [`Person ${i} Smith`] } }))]);
    const gz = gzipSync(body);
    const f = join(dir, 'cut.ftm.json.gz');
    writeFileSync(f, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const ours = join(dir, 'ours.ftm.json');
    writeFileSync(ours, lines(OURS));
    const out = join(dir, 'm.jsonl');
    const err = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    let code: number;
    try {
      code = await runLinkCommand(['--against', f, '--ours', ours, '--out', out, '--quiet']);
    } finally {
      process.stderr.write = err;
    }
    assert.equal(code, 1);
    const recs = readFileSync(out, 'utf8').trim().split('\n').map((x) => JSON.parse(x) as Record<string, unknown>);
    const last = recs[recs.length - 1]!;
    assert.equal(last.partial, true);
    assert.match(String(last.error), /truncated or corrupt/);
    assert.ok((last.lines_read as number) > 0);
    assert.ok(recs.slice(0, -1).some((m) => (m as unknown as EntityMatches).query.id === 'kkg-t'), 'the matches found before the cut are written');
    assert.match(readFileSync(join(dir, 'm.sssom.tsv'), 'utf8'), /PARTIAL: the run stopped after line \d+/);
  });

  it('progress: a plain line every few seconds when stderr is not a terminal', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => (written.push(s), true) } as unknown as NodeJS.WritableStream;
    const bar = new ProgressBar({ stream, logEverySeconds: 0 });
    bar.update({ lines: 1000, matches: 2, fileBytes: 5e6, totalBytes: 1e7 });
    bar.done();
    assert.equal(written.length, 1);
    assert.match(written[0]!, /^link: 1,000 lines, 5\.0 MB of 10\.0 MB \(50\.0%\), .* lines\/s, ETA .*, 2 matches\n$/);
    assert.doesNotMatch(written[0]!, /\r/);
    const quiet: string[] = [];
    const b2 = new ProgressBar({ stream: { isTTY: false, write: (s: string) => (quiet.push(s), true) } as unknown as NodeJS.WritableStream });
    b2.update({ lines: 1, matches: 0, fileBytes: 1, totalBytes: 2 });
    assert.deepEqual(quiet, [], 'not before the interval has passed');
  });

  it('the precompiled entities are refused when the dataset they came from changed, even by one byte of the same size', async function () {
    const { existsSync: exists, copyFileSync } = await import('node:fs');
    const { compiledDatasetFile } = await import('../src/data/paths.js');
    const { linkableFileFor, readLinkable } = await import('../src/link/linkable.js');
    if (!exists(linkableFileFor(compiledDatasetFile))) this.skip(); // before the first `npm run build`
    const nq = join(dir, 'kaspersky-kg.nq');
    copyFileSync(compiledDatasetFile, nq);
    copyFileSync(linkableFileFor(compiledDatasetFile), linkableFileFor(nq));
    assert.ok(readLinkable(nq), 'the files as the build wrote them');
    const bytes = readFileSync(nq);
    for (const at of [0, Math.floor(bytes.length / 2), bytes.length - 2]) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at] === 0x61 ? 0x62 : 0x61;
      writeFileSync(nq, changed);
      assert.equal(readLinkable(nq), undefined, `a byte changed at ${at}`);
    }
    writeFileSync(nq, bytes.subarray(0, bytes.length - 1));
    assert.equal(readLinkable(nq), undefined, 'one byte shorter');
  });

  it('CLI: `kaspersky-kg link` runs the bundle the build writes (dist/link/), not the separate modules', async function () {
    const { runCli } = await import('./support/hostile.js');
    const { existsSync: exists } = await import('node:fs');
    const bundle = join(import.meta.dirname, '..', 'dist', 'link', 'cli.js');
    if (!exists(bundle)) this.skip(); // before the first `npm run build`
    const dump = join(dir, 'd.ftm.json');
    writeFileSync(dump, lines(DUMP));
    const r = await runCli(['link', '--against', dump, '--out', join(dir, 'b.jsonl')], { env: { NODE_DEBUG: 'esm' } });
    assert.equal(r.code, 0, r.stderr);
    const loaded = [...new Set([...r.stderr.matchAll(/file:\/\/[^\s'"]+\.js/g)].map((m) => m[0]))];
    assert.ok(loaded.some((u) => u.endsWith('/dist/link/cli.js')), loaded.join('\n'));
    assert.deepEqual(loaded.filter((u) => u.includes('/dist/src/') && !u.endsWith('/dist/src/cli/main.js')), [], 'no separate module of the package');
    // and the bundle finds what the modules find
    const viaModules = await (async () => {
      const out = join(dir, 'm.jsonl');
      const code = await runLinkCommand(['--against', dump, '--out', out, '--quiet']);
      return { code, text: readFileSync(out, 'utf8') };
    })();
    assert.equal(viaModules.code, 0);
    assert.equal(readFileSync(join(dir, 'b.jsonl'), 'utf8'), viaModules.text);
  });

  it('CLI: the package entities come from the file precompiled at build; Oxigraph is never loaded', async function () {
    const { existsSync: exists } = await import('node:fs');
    const { compiledDatasetFile } = await import('../src/data/paths.js');
    const { linkableFileFor, readLinkableFile } = await import('../src/link/linkable.js');
    if (!exists(linkableFileFor(compiledDatasetFile))) this.skip(); // before the first `npm run build`
    assert.ok(readLinkableFile(compiledDatasetFile)?.some((e) => e.schema === 'Person' && e.context?.employers.length), 'people carry their employers');
    // the prefilter patterns precompiled at build are the ones the blocking index makes of those entities
    const { readLinkable } = await import('../src/link/linkable.js');
    const { prepareOurs } = await import('../src/link/line-scorer.js');
    const pre = readLinkable(compiledDatasetFile)!;
    if (pre.prefilterPatterns) assert.deepEqual(pre.prefilterPatterns, prepareOurs(pre.entities).index.patterns);
    const dump = join(dir, 'd.ftm.json');
    writeFileSync(dump, lines(DUMP));
    const script = join(dir, 'run.mts');
    const cli = join(import.meta.dirname, '..', 'src', 'link', 'cli.ts');
    writeFileSync(script, `import { createRequire } from 'node:module';
const { runLinkCommand } = await import(${JSON.stringify(cli)});
const code = await runLinkCommand(['--against', ${JSON.stringify(dump)}, '--out', ${JSON.stringify(join(dir, 'o.jsonl'))}, '--quiet']);
const cache = Object.keys(createRequire(import.meta.url).cache);
process.stdout.write(JSON.stringify({ code, oxigraph: cache.some((k) => k.includes('/oxigraph/')) }));
`);
    const { execFileSync } = await import('node:child_process');
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { code: number; oxigraph: boolean };
    assert.deepEqual(out, { code: 0, oxigraph: false });
    const m = readFileSync(join(dir, 'o.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EntityMatches);
    assert.ok(m.some((x) => x.query.properties.name?.[0] === 'Andrei Gennadyevich Tikhonov' && x.results[0]!.id === 'ofac-1'));
  });

  it('renders progress with rate and ETA from the share of the file read', () => {
    const s = renderProgress({ lines: 500_000, matches: 3, fileBytes: 50, totalBytes: 100 }, 10);
    assert.match(s, /50\.0% 500,000 lines, 3 matches, 50k lines\/s, ETA 0:10/);
    assert.equal(formatDuration(3725), '1:02:05');
  });
});
