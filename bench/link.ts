/**
 * Linker benchmark (run manually: `npm run bench:link -- [--lines 1000000] [--rounds 3] [--gzip]`).
 *
 * Generates (once, in a temporary folder) a synthetic FtM dump with bench/gen-ftm-dump.ts, then measures
 * in separate processes, round-robin so machine noise hits all three alike:
 *   naive  readline + JSON.parse per line (the common idiom)
 *   bare   Buffer split on newline bytes + toString + JSON.parse per line, nothing else (the limit)
 *   linker the package's streaming linker against the package's people and companies
 * and prints throughput (entities/s), peak RSS, and the linker's ratios to the two scans measured in the
 * same run. Targets: ≥ 2× naive, ≥ 0.8× bare, peak RSS < 300 MB whatever the dump size.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDumpPath, generateDump } from './gen-ftm-dump.js';

type Mode = 'naive' | 'bare' | 'linker';

interface ChildResult {
  mode: Mode;
  ms: number;
  lines: number;
  maxRssMB: number;
  parsed?: number;
  matches?: number;
}

function source(file: string): NodeJS.ReadableStream {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  return file.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
}

/** The same small per-entity work for both scans: count by schema, read the first name. */
function touch(o: { schema?: string; properties?: { name?: string[] } }, bySchema: Map<string, number>): number {
  bySchema.set(o.schema ?? '', (bySchema.get(o.schema ?? '') ?? 0) + 1);
  return o.properties?.name?.[0]?.length ?? 0;
}

async function naive(file: string): Promise<number> {
  const rl = createInterface({ input: source(file), crlfDelay: Infinity });
  const bySchema = new Map<string, number>();
  let n = 0;
  for await (const line of rl) {
    if (!line) continue;
    touch(JSON.parse(line), bySchema);
    n++;
  }
  return n;
}

async function bare(file: string): Promise<number> {
  const bySchema = new Map<string, number>();
  let n = 0;
  let carry: Buffer | undefined;
  for await (const chunk of source(file) as AsyncIterable<Buffer>) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      if (nl > pos) {
        touch(JSON.parse(buf.toString('utf8', pos, nl)), bySchema);
        n++;
      }
      pos = nl + 1;
    }
    if (pos < buf.length) carry = Buffer.from(buf.subarray(pos));
  }
  if (carry?.length) {
    touch(JSON.parse(carry.toString('utf8')), bySchema);
    n++;
  }
  return n;
}

async function child(mode: Mode, file: string, ours: string): Promise<void> {
  const t0 = performance.now();
  let out: ChildResult;
  if (mode === 'naive') out = { mode, lines: await naive(file), ms: 0, maxRssMB: 0 };
  else if (mode === 'bare') out = { mode, lines: await bare(file), ms: 0, maxRssMB: 0 };
  else {
    const { Linker } = await import('../src/link/linker.js');
    const { readEntitiesFile } = await import('../src/link/cli.js');
    const linker = new Linker(readEntitiesFile(ours));
    const t1 = performance.now();
    const r = await linker.link(file);
    out = { mode, lines: r.stats.lines, ms: performance.now() - t1, maxRssMB: 0, parsed: r.stats.parsed, matches: r.stats.matches };
  }
  if (!out.ms) out.ms = performance.now() - t0;
  out.maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') return child(argv[1] as Mode, argv[2]!, argv[3]!);
  let sizes = [1_000_000];
  let rounds = 3;
  let gzip = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lines') sizes = argv[++i]!.split(',').map(Number);
    else if (a === '--rounds') rounds = Number(argv[++i]);
    else if (a === '--gzip') gzip = true;
    else throw new Error(`unknown argument ${a}`);
  }
  const self = fileURLToPath(import.meta.url);
  const work = join(tmpdir(), 'kaspersky-kg-bench');
  mkdirSync(work, { recursive: true });
  // our entities: the package's people and companies (read once here, passed to the linker child)
  const { packageEntities } = await import('../src/link/cli.js');
  const { dataFiles } = await import('../src/data/paths.js');
  let ours = await packageEntities(dataFiles.filter(existsSync));
  let oursLabel = 'package data';
  if (ours.filter((e) => e.schema === 'Person').length < 12) {
    ours = await packageEntities([join(self, '..', '..', 'test', 'fixtures', 'ftm', 'graph.trig')]);
    oursLabel = 'test fixture (package data has fewer than 12 people)';
  }
  const oursFile = join(work, 'ours.ftm.json');
  writeFileSync(oursFile, ours.map((e) => JSON.stringify(e)).join('\n') + '\n');
  process.stdout.write(`our entities: ${ours.length} (${oursLabel}); Node ${process.version}; ${rounds} round(s), round-robin, one process per run\n`);
  for (const lines of sizes) {
    const dump = defaultDumpPath(lines, gzip);
    if (!existsSync(dump)) {
      process.stdout.write(`generating ${dump} …\n`);
      await generateDump({ lines, out: dump, gzip });
    }
    const size = statSync(dump).size;
    process.stdout.write(`\ndump: ${dump} (${lines.toLocaleString('en-US')} lines, ${(size / 1e6).toFixed(0)} MB${gzip ? ' gzip' : ''})\n`);
    const results: Record<Mode, ChildResult[]> = { naive: [], bare: [], linker: [] };
    for (let r = 0; r < rounds; r++) {
      for (const mode of ['naive', 'bare', 'linker'] as Mode[]) {
        const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', mode, dump, oursFile], { encoding: 'utf8', maxBuffer: 1 << 20 });
        const res = JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
        results[mode].push(res);
        process.stdout.write(`  round ${r + 1} ${mode.padEnd(6)} ${(res.ms / 1000).toFixed(2)} s  ${Math.round(res.lines / (res.ms / 1000)).toLocaleString('en-US')} entities/s  peak RSS ${res.maxRssMB.toFixed(0)} MB${res.parsed !== undefined ? `  (parsed ${res.parsed.toLocaleString('en-US')}, matches ${res.matches})` : ''}\n`);
      }
    }
    const ms = (m: Mode) => median(results[m].map((x) => x.ms));
    const rss = (m: Mode) => Math.max(...results[m].map((x) => x.maxRssMB));
    const rate = (m: Mode) => lines / (ms(m) / 1000);
    process.stdout.write(`  medians: naive ${Math.round(rate('naive')).toLocaleString('en-US')}/s, bare ${Math.round(rate('bare')).toLocaleString('en-US')}/s, linker ${Math.round(rate('linker')).toLocaleString('en-US')}/s\n`);
    process.stdout.write(`  linker vs naive: ${(ms('naive') / ms('linker')).toFixed(2)}× (target ≥ 2)   linker vs bare: ${(ms('bare') / ms('linker')).toFixed(2)}× (target ≥ 0.8)\n`);
    process.stdout.write(`  peak RSS: naive ${rss('naive').toFixed(0)} MB, bare ${rss('bare').toFixed(0)} MB, linker ${rss('linker').toFixed(0)} MB (target < 300)\n`);
  }
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
