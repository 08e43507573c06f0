/**
 * Linker benchmark, whole process (start-up included): `npm run bench:link -- [--lines 300000,1000000]
 * [--rounds 3] [--gzip both|only|no] [--cli dist/src/cli/main.js]`.
 *
 * Generates (once, in a temporary folder) synthetic FtM dumps with bench/gen-ftm-dump.ts, then runs, as
 * separate processes, round-robin so machine noise hits all three alike, and times each whole process
 * from spawn to exit (wall clock, measured by this parent; peak RSS by /usr/bin/time):
 *   naive  `node` + readline + JSON.parse per line (the common idiom)
 *   bare   `node` + Buffer split on newline bytes + toString + JSON.parse per line, nothing else
 *   linker the compiled CLI, `node dist/src/cli/main.js link --against DUMP` with the package's entities
 *          (read from the file precompiled at build: no SPARQL engine is loaded)
 * and prints the linker's ratios to the two scans and when it read its first dump line (its own report).
 * Targets: ≥ 2× naive, ≥ 0.9× bare, at 300k and 1M lines, plain and gzip; peak RSS < 300 MB; first line
 * read < 100 ms.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDumpPath, generateDump } from './gen-ftm-dump.js';
import { median } from './report.js';

type Mode = 'naive' | 'bare' | 'linker';

/** The two reference scans, as plain ES modules run by `node` (no TypeScript loader in the timing). */
const SCANS: Record<'naive' | 'bare', string> = {
  naive: `import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
const file = process.argv[2];
const raw = createReadStream(file, { highWaterMark: 1 << 20 });
const input = file.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
const bySchema = new Map();
let n = 0;
for await (const line of createInterface({ input, crlfDelay: Infinity })) {
  if (!line) continue;
  const o = JSON.parse(line);
  bySchema.set(o.schema, (bySchema.get(o.schema) ?? 0) + 1);
  n++;
}
process.stdout.write(String(n));
`,
  bare: `import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
const file = process.argv[2];
const raw = createReadStream(file, { highWaterMark: 1 << 20 });
const input = file.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
const bySchema = new Map();
let n = 0;
let carry;
const touch = (o) => bySchema.set(o.schema, (bySchema.get(o.schema) ?? 0) + 1);
for await (const chunk of input) {
  const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
  carry = undefined;
  let pos = 0;
  for (;;) {
    const nl = buf.indexOf(10, pos);
    if (nl < 0) break;
    if (nl > pos) { touch(JSON.parse(buf.toString('utf8', pos, nl))); n++; }
    pos = nl + 1;
  }
  if (pos < buf.length) carry = Buffer.from(buf.subarray(pos));
}
if (carry?.length) { touch(JSON.parse(carry.toString('utf8'))); n++; }
process.stdout.write(String(n));
`,
};

interface Run {
  ms: number;
  maxRssMB: number;
  detail: string;
  /** The linker's own report of when it read the first dump line (ms after its process started). */
  firstLineMs?: number;
}

/** Runs one whole process; wall time from spawn to exit, peak RSS from /usr/bin/time. */
function runOnce(mode: Mode, dump: string, work: string, cli: string): Run {
  const args = mode === 'linker' ? [process.execPath, cli, 'link', '--against', dump, '--out', join(work, 'matches.jsonl'), '--quiet'] : [process.execPath, join(work, `${mode}.mjs`), dump];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${mode} failed (${r.status}): ${r.stderr}`);
  const rss = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  const detail = mode === 'linker' ? (/^(.*lines read.*)$/m.exec(r.stderr)?.[1] ?? '').replace(/; wrote .*?(\(first line read \d+ ms after start\))?$/, ' $1') : `${r.stdout.trim()} lines`;
  const first = /first line read (\d+) ms/.exec(r.stderr);
  return { ms, maxRssMB: rss, detail, ...(first ? { firstLineMs: Number(first[1]) } : {}) };
}


async function main(argv: string[]): Promise<void> {
  let sizes = [300_000, 1_000_000];
  let rounds = 3;
  let gzipModes = [false, true];
  const self = fileURLToPath(import.meta.url);
  let cli = resolve(self, '..', '..', 'dist', 'src', 'cli', 'main.js');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lines') sizes = argv[++i]!.split(',').map(Number);
    else if (a === '--rounds') rounds = Number(argv[++i]);
    else if (a === '--gzip') {
      const v = argv[++i];
      gzipModes = v === 'only' ? [true] : v === 'no' ? [false] : [false, true];
    } else if (a === '--cli') cli = resolve(argv[++i]!);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!existsSync(cli)) throw new Error(`${cli} not found: run \`npm run build\` first (the bench times the compiled CLI)`);
  const work = join(tmpdir(), 'kaspersky-kg-bench');
  mkdirSync(work, { recursive: true });
  for (const m of ['naive', 'bare'] as const) writeFileSync(join(work, `${m}.mjs`), SCANS[m]);
  process.stdout.write(`whole-process timings; Node ${process.version}; ${rounds} round(s), round-robin; CLI ${cli}\n`);
  const summary: string[] = [];
  for (const lines of sizes) {
    for (const gzip of gzipModes) {
      const dump = defaultDumpPath(lines, gzip);
      if (!existsSync(dump)) {
        process.stdout.write(`generating ${dump} …\n`);
        await generateDump({ lines, out: dump, gzip });
      }
      const size = statSync(dump).size;
      process.stdout.write(`\ndump: ${dump} (${lines.toLocaleString('en-US')} lines, ${(size / 1e6).toFixed(0)} MB${gzip ? ' gzip' : ''})\n`);
      const results: Record<Mode, Run[]> = { naive: [], bare: [], linker: [] };
      for (let r = 0; r < rounds; r++) {
        for (const mode of ['naive', 'bare', 'linker'] as Mode[]) {
          const res = runOnce(mode, dump, work, cli);
          results[mode].push(res);
          process.stdout.write(`  round ${r + 1} ${mode.padEnd(6)} ${(res.ms / 1000).toFixed(2)} s  peak RSS ${res.maxRssMB.toFixed(0)} MB  ${res.detail}\n`);
        }
      }
      const ms = (m: Mode) => median(results[m].map((x) => x.ms));
      const rss = (m: Mode) => Math.max(...results[m].map((x) => x.maxRssMB));
      const vsNaive = ms('naive') / ms('linker');
      const vsBare = ms('bare') / ms('linker');
      process.stdout.write(`  medians: naive ${(ms('naive') / 1000).toFixed(2)} s, bare ${(ms('bare') / 1000).toFixed(2)} s, linker ${(ms('linker') / 1000).toFixed(2)} s\n`);
      process.stdout.write(`  linker vs naive: ${vsNaive.toFixed(2)}× (target ≥ 2)   linker vs bare: ${vsBare.toFixed(2)}× (target ≥ 0.9)   linker peak RSS ${rss('linker').toFixed(0)} MB (target < 300)\n`);
      const firstLine = median(results.linker.map((x) => x.firstLineMs ?? Number.NaN));
      summary.push(`| ${lines.toLocaleString('en-US')} | ${gzip ? 'gzip' : 'plain'} | ${(ms('naive') / 1000).toFixed(2)} | ${(ms('bare') / 1000).toFixed(2)} | ${(ms('linker') / 1000).toFixed(2)} | ${vsNaive.toFixed(2)}× | ${vsBare.toFixed(2)}× | ${rss('linker').toFixed(0)} MB | ${firstLine.toFixed(0)} ms |`);
    }
  }
  process.stdout.write(`\n| lines | input | naive s | bare s | linker s | vs naive | vs bare | linker peak RSS | first line read |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n${summary.join('\n')}\n`);
  const empty = join(work, 'one-line.ftm.json');
  writeFileSync(empty, `${JSON.stringify({ id: 'x-1', schema: 'Person', properties: { name: ['John Smith'] } })}\n`);
  const starts = Array.from({ length: Math.max(3, rounds) }, () => runOnce('linker', empty, work, cli).firstLineMs ?? Number.NaN);
  const bareNode = Array.from({ length: Math.max(3, rounds) }, () => {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - t0;
  });
  process.stdout.write(`\nfirst dump line read (one-line dump, median of ${starts.length}): ${median(starts).toFixed(0)} ms after the linker's process started (target < 100); a bare \`node -e 0\` process takes ${median(bareNode).toFixed(0)} ms from spawn to exit here\n`);
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
