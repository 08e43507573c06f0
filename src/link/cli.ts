/**
 * `kaspersky-kg link --against DUMP.ftm.json[.gz] [--threshold 0.7] --out matches.jsonl`: streams an FtM
 * JSON-lines dump and writes the matches against the package's entities (yente match shape), plus SSSOM
 * candidate rows for review. Exit codes ({@link LINK_EXIT}): 0 done; 1 stopped early (truncated gzip,
 * `--strict` and a malformed line; the matches found before are written, marked partial); 2 usage error
 * (nothing written); 3 done, but malformed lines were reported and skipped; 4 the dump holds no FtM entity
 * (empty, or not FtM JSON lines; nothing written); 5 failed (nothing written).
 * @module
 */
import { parseArgs as parseCliArgs } from 'node:util';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FtmEntity } from '../ftm/entity.js';
import { entityShapeError } from './dump-line.js';
import { compiledDatasetFile } from '../data/paths.js';
import { Linker, matchesJsonl, type EntityMatches, type LinkResult } from './linker.js';
import { linkableFromExport, readLinkable, type LinkableEntity } from './linkable.js';
import { ProgressBar } from './progress.js';
import type { SssomRow } from '../mapping/sssom.js';

/** The exit codes of `link` (as documented in {@link LINK_HELP}). */
export const LINK_EXIT = {
  /** Every line read and well-formed; matches written. */
  done: 0,
  /** Stopped early (truncated gzip, or --strict at a malformed line): partial matches written, marked partial. */
  stopped: 1,
  /** Usage error (bad option, no such dump, a directory): nothing written. */
  usage: 2,
  /** Every line read; malformed lines reported and skipped; the matches of every good line written. */
  malformed: 3,
  /** The dump holds no FtM entity (empty, only blank or malformed lines): nothing written. */
  noEntities: 4,
  /** Failed (could not read the dump or write the output, or an internal error): nothing written. */
  failed: 5,
} as const;

/** Malformed lines shown one by one on stderr (the rest are counted). */
export const MALFORMED_SHOWN = 20;

/** Usage text of the link command. */
export const LINK_HELP = `Usage: kaspersky-kg link --against DUMP.ftm.json[.gz] [--threshold 0.7] [--out matches.jsonl] [options]

Streams any FollowTheMoney JSON-lines dump (plain or gzip, millions of lines) and matches it against
the package's people and companies. Memory stays proportional to the package's entities.

Output:
  --out FILE          matches in yente's shape, one line per entity of ours with results
                      (default: matches.jsonl); written atomically
  --sssom FILE        SSSOM candidate rows for review (default: FILE with .sssom.tsv)

Options:
  --against FILE      the dump (required); gzip is detected from its first bytes
  --threshold N       score at or above which a result is a match (default 0.7)
  --floor N           lowest score kept as a review candidate (default threshold - 0.2)
  --limit N           write at most N results per entity of ours (default: every match; each
                      truncated entity then says so: "truncated": {dropped, droppedMatches})
  --review N          review candidates (below the threshold) kept per entity (default 10; the
                      number dropped is written too)
  --strict            stop at the first malformed line (default: report it, skip it, go on)
  --ours FILE         match these FtM entities (JSON lines) instead of the package's
  --data FILE         read these TriG files instead of the package data (repeatable)
  --quiet             no progress (a bar on a terminal; a line every few seconds otherwise)
  -h, --help          show this help

Malformed lines: every line is checked, also the lines the prefilter skips without parsing: valid
UTF-8; at most 16 MiB; JSON; at most 64 levels deep; an FtM entity ("id" and "schema" non-empty
strings, "properties" an object whose values are lists of strings, "caption" a string, "datasets" and
"referents" lists of strings). Each malformed line is skipped and reported on stderr with its line number (the first
${MALFORMED_SHOWN}, then a count), invalid UTF-8 with the byte offset in the line; the run goes on and
keeps the matches of every good line. The summary and the SSSOM header count them.

Exit codes:
  0  done: every line read; the matches written (possibly none)
  1  stopped early: a truncated or corrupt gzip, or --strict and a malformed line. The matches found
     before that line are written and the output is marked partial: a final {"partial": true, ...}
     record in the matches file and a "PARTIAL" comment in the SSSOM header
  2  usage error (bad option, no such dump, a directory or device): nothing written
  3  done, but malformed lines were skipped (reported on stderr): the matches of every good line written
  4  the dump holds no FtM entity (empty, or no line is an FtM entity, e.g. a JSON document that is not
     JSON lines): nothing written
  5  failed (the dump could not be read, the output could not be written): nothing written
Outputs are written atomically (a temporary file, then a rename): an existing file is replaced only by
a complete one, and nothing is left behind when no output is written.
`;

interface LinkArgs {
  against: string;
  out: string;
  sssom?: string;
  threshold: number;
  floor?: number;
  limit?: number;
  review: number;
  strict: boolean;
  quiet: boolean;
  ours?: string;
  data: string[];
}

function parseArgs(argv: readonly string[]): LinkArgs | { error: string } | 'help' {
  const args = argv[0] === 'link' ? argv.slice(1) : [...argv];
  let values;
  try {
    ({ values } = parseCliArgs({
      args,
      options: {
        help: { type: 'boolean', short: 'h' }, against: { type: 'string' }, out: { type: 'string' }, sssom: { type: 'string' },
        threshold: { type: 'string' }, floor: { type: 'string' }, limit: { type: 'string' }, review: { type: 'string' }, strict: { type: 'boolean' },
        quiet: { type: 'boolean' }, ours: { type: 'string' }, data: { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (values.help) return 'help';
  const num = (name: string, v: string | undefined, dflt: number | undefined, min: number, max: number): number | undefined | { error: string } => {
    if (v === undefined) return dflt;
    const n = Number(v);
    return v === '' || !Number.isFinite(n) || n < min || n > max ? { error: `--${name} must be a number between ${min} and ${max}` } : n;
  };
  const threshold = num('threshold', values.threshold, 0.7, 0, 1);
  const floor = num('floor', values.floor, undefined, 0, 1);
  const limit = num('limit', values.limit, undefined, 1, 1e9);
  const review = num('review', values.review, 10, 0, 1e9);
  for (const n of [threshold, floor, limit, review]) if (typeof n === 'object') return n;
  const o: Partial<LinkArgs> & { data: string[] } = {
    out: values.out ?? 'matches.jsonl', threshold: threshold as number, review: Math.floor(review as number),
    strict: values.strict ?? false, quiet: values.quiet ?? false, data: values.data ?? [],
  };
  if (floor !== undefined) o.floor = floor as number;
  if (limit !== undefined) o.limit = Math.floor(limit as number);
  if (values.against !== undefined) o.against = values.against;
  if (values.sssom !== undefined) o.sssom = values.sssom;
  if (values.ours !== undefined) o.ours = values.ours;
  if (!o.against) return { error: 'missing --against DUMP' };
  if (!existsSync(o.against)) return { error: `${o.against}: no such file` };
  const st = statSync(o.against);
  if (st.isDirectory()) return { error: `${o.against} is a directory, not an FtM dump` };
  if (!st.isFile()) return { error: `${o.against} is not a regular file (a device, pipe or socket); give the dump as a file` };
  if (!o.out) return { error: '--out needs a file name' };
  const sssom = o.sssom ?? o.out.replace(/(\.jsonl?|\.json)?$/, '.sssom.tsv');
  for (const [flag, f] of [['--out', o.out], ['--sssom', sssom]] as const) {
    if (resolve(f) === resolve(o.against)) return { error: `${flag} ${f} is the dump itself; the dump would be overwritten` };
  }
  return o as LinkArgs;
}

/** Reads our entities from an FtM JSON-lines file (for `--ours`). */
export function readEntitiesFile(file: string): FtmEntity[] {
  const out: FtmEntity[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: malformed JSON: ${(e as Error).message.slice(0, 160)}`);
    }
    const err = entityShapeError(v);
    if (err) throw new Error(`${file}:${i + 1}: not an FtM entity: ${err}`);
    out.push(v as FtmEntity);
  });
  return out;
}

/**
 * The package's linkable entities (people and companies, with their qualifier context): read from the
 * file precompiled at build when it matches the compiled dataset (no SPARQL engine loaded), otherwise
 * computed from the FtM export of the graph (always so for explicit `dataFiles`).
 */
export async function packageEntities(dataFiles?: readonly string[]): Promise<LinkableEntity[]> {
  return (await packageLinkables(dataFiles)).entities;
}

/**
 * {@link packageEntities} and, when read from the precompiled file by the compiled code that wrote it, the
 * prefilter's patterns (not when running from the TypeScript sources, which may be newer than the build).
 */
export async function packageLinkables(dataFiles?: readonly string[]): Promise<{ entities: LinkableEntity[]; patterns?: string[] }> {
  if (!dataFiles || dataFiles.length === 0) {
    const pre = process.env.KASPERSKY_KG_FROM_SOURCES === '1' ? undefined : readLinkable(compiledDatasetFile);
    if (pre) return { entities: pre.entities, ...(pre.prefilterPatterns && !import.meta.url.endsWith('.ts') ? { patterns: pre.prefilterPatterns } : {}) };
  }
  const [{ graphFrom }, { buildFtmExport }] = await Promise.all([import('../ftm/source.js'), import('../ftm/export.js')]);
  const graph = await graphFrom(dataFiles);
  try {
    return { entities: linkableFromExport((await buildFtmExport(graph)).entities) };
  } finally {
    await graph.close();
  }
}

/** The record that ends a matches file when the run stopped early (the file is then partial). */
export function partialRecord(result: LinkResult, dump: string): Record<string, unknown> {
  return {
    partial: true,
    complete: false,
    dump,
    error: result.error?.message ?? null,
    lines_read: result.stats.lines,
    matches: result.stats.matches,
    note: 'The run stopped before the end of the dump: the records above hold only the matches found in the lines read.',
  };
}

/** SSSOM candidate rows for review: every result, `skos:closeMatch` with its score. */
export function candidateRows(matches: readonly EntityMatches[], threshold: number, date: string, dump: string): SssomRow[] {
  const rows: SssomRow[] = [];
  for (const m of matches) {
    for (const r of m.results) {
      rows.push({
        subject_id: `kkgftm:${m.query.id}`,
        subject_label: m.query.properties.name?.[0] ?? '',
        predicate_id: 'skos:closeMatch',
        object_id: `opensanctions:${r.id}`,
        object_label: r.caption ?? r.properties.name?.[0] ?? '',
        mapping_justification: 'semapv:LexicalMatching',
        confidence: r.score,
        mapping_date: date,
        mapping_tool: `kaspersky-kg link (threshold ${threshold})`,
        comment: `${r.match ? 'above' : 'below'} threshold; needs review; ${Object.entries(r.explanations).filter(([, f]) => f.score !== 0).map(([k, f]) => `${k}=${f.score}`).join(' ')}; read from ${dump} line ${r.line}`,
        object_source_dataset: (r.datasets ?? []).join(' '),
      });
    }
  }
  return rows;
}

/** An integer with thousands separators (1,234,567), without loading the locale data `toLocaleString` needs. */
export function thousands(x: number): string {
  return String(Math.trunc(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A message cut to fit a first error line of at most 300 characters. */
function short(text: string, max = 280): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Runs the `link` command; returns the exit code ({@link LINK_EXIT}). Never throws. */
export async function runLinkCommand(argv: string[]): Promise<number> {
  try {
    return await runLink(argv);
  } catch (e) {
    process.stderr.write(`kaspersky-kg link: failed: ${short((e as Error)?.message ?? String(e), 240)}; nothing written\n`);
    return LINK_EXIT.failed;
  }
}

async function runLink(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    process.stdout.write(LINK_HELP);
    return LINK_EXIT.done;
  }
  if ('error' in parsed) {
    process.stderr.write(`kaspersky-kg link: ${short(parsed.error, 250)} (see --help)\n`);
    return LINK_EXIT.usage;
  }
  if (statSync(parsed.against).size === 0) {
    process.stderr.write(`kaspersky-kg link: ${short(parsed.against, 150)} is empty (0 bytes): no FtM entity to match; nothing written\n`);
    return LINK_EXIT.noEntities;
  }
  let ours: { entities: FtmEntity[]; patterns?: string[] };
  try {
    ours = parsed.ours ? { entities: readEntitiesFile(parsed.ours) } : await packageLinkables(parsed.data.length ? parsed.data : undefined);
  } catch (e) {
    process.stderr.write(`kaspersky-kg link: ${short((e as Error).message, 250)}\n`);
    return LINK_EXIT.usage;
  }
  const linker = new Linker(ours.entities, new Map(), ours.patterns);
  const bar = new ProgressBar({ enabled: !parsed.quiet, logEverySeconds: Number(process.env.KASPERSKY_KG_PROGRESS_SECONDS ?? 5) });
  let reported = 0;
  let result: LinkResult;
  try {
    result = await linker.link(parsed.against, {
      threshold: parsed.threshold,
      ...(parsed.floor !== undefined ? { candidateFloor: parsed.floor } : {}),
      ...(parsed.limit !== undefined ? { limit: parsed.limit } : {}),
      reviewLimit: parsed.review,
      strict: parsed.strict,
      onMalformed: (m) => {
        if (reported++ < MALFORMED_SHOWN) {
          bar.done();
          process.stderr.write(`${short(`${parsed.against}:${m.line}: ${m.message}`, 270)}${parsed.strict ? '' : ' (skipped)'}\n`);
        }
      },
      onProgress: (p) => bar.update({ lines: p.lines, matches: p.matches, fileBytes: p.fileBytes, totalBytes: p.totalBytes }),
    });
  } catch (e) {
    bar.done();
    process.stderr.write(`kaspersky-kg link: could not read ${short(parsed.against, 120)}: ${short((e as Error).message, 120)}; nothing written\n`);
    return LINK_EXIT.failed;
  }
  bar.done();
  const s = result.stats;
  const n = thousands;
  if (reported > MALFORMED_SHOWN) process.stderr.write(`… ${n(reported - MALFORMED_SHOWN)} more malformed line(s) not shown\n`);
  const entities = s.parsed + s.skipped;
  if (entities === 0 && !result.error) {
    const first = result.malformed[0];
    const why = s.malformed === 0 ? `holds only blank lines (${n(s.lines)})` : `is not an FtM JSON-lines dump: none of its ${n(s.lines)} line(s) is an FtM entity (line ${first!.line}: ${first!.message})`;
    process.stderr.write(`kaspersky-kg link: ${short(`${parsed.against} ${why}`, 270)}; nothing written\n`);
    return LINK_EXIT.noEntities;
  }
  const sssomFile = parsed.sssom ?? parsed.out.replace(/(\.jsonl?|\.json)?$/, '.sssom.tsv');
  try {
    await writeOutputs(result, parsed, sssomFile);
  } catch (e) {
    process.stderr.write(`kaspersky-kg link: could not write ${short(parsed.out, 120)}: ${short((e as Error).message, 120)}\n`);
    return LINK_EXIT.failed;
  }
  if (result.error) process.stderr.write(`kaspersky-kg link: ${short(result.error.message, 270)}\n`);
  process.stderr.write(summaryLine(result, parsed, sssomFile, linker.queries.length));
  if (result.error) return LINK_EXIT.stopped;
  return s.malformed ? LINK_EXIT.malformed : LINK_EXIT.done;
}

/** Writes the matches (JSON lines, with a final partial record when the run stopped early) and the SSSOM candidates, each atomically. */
async function writeOutputs(result: LinkResult, parsed: LinkArgs, sssomFile: string): Promise<void> {
  const s = result.stats;
  const n = thousands;
  const date = new Date().toISOString().slice(0, 10);
  const partial = result.error !== undefined;
  const malformedNote = s.malformed ? `${n(s.malformed)} malformed line(s) skipped (first: ${result.malformed.slice(0, 10).map((m) => m.line).join(', ')}). ` : '';
  // the writers are loaded once the run is over (start-up)
  const [{ writeFileAtomic }, { DATASET }, { sssomTsv }] = await Promise.all([import('../io/atomic.js'), import('../ftm/ids.js'), import('../mapping/sssom.js')]);
  writeFileAtomic(parsed.out, matchesJsonl(result.matches) + (partial ? `${JSON.stringify(partialRecord(result, parsed.against))}\n` : ''));
  writeFileAtomic(
    sssomFile,
    sssomTsv(
      {
        mapping_set_id: `urn:kaspersky-kg:link-candidates:${date}`,
        mapping_set_version: date,
        mapping_set_title: `kaspersky-kg link candidates against ${parsed.against}`,
        license: 'https://creativecommons.org/licenses/by/4.0/',
        creator_label: 'kaspersky-kg link',
        mapping_date: date,
        curie_map: {
          kkgftm: 'https://w3id.org/kaspersky-kg/links/ftm/',
          opensanctions: 'https://www.opensanctions.org/entities/',
          skos: 'http://www.w3.org/2004/02/skos/core#',
          semapv: 'https://w3id.org/semapv/vocab/',
        },
        comment: `${partial ? `PARTIAL: the run stopped after line ${s.lines} (${result.error!.message}). ` : ''}${malformedNote}Candidates for review (not curated links). Subjects are ${DATASET} FtM IDs; objects are the dump's entity IDs.`,
      },
      candidateRows(result.matches, parsed.threshold, date, parsed.against),
    ),
  );
}

/** The run's final summary line (stderr): lines, parses, skips, malformed lines, matches, truncation, files, threads. */
function summaryLine(result: LinkResult, parsed: LinkArgs, sssomFile: string, ourCount: number): string {
  const s = result.stats;
  const n = thousands;
  const partial = result.error !== undefined;
  const truncated = result.matches.filter((m) => m.truncated);
  return (
    `${n(s.lines)} lines read: ${n(s.parsed)} parsed, ${n(s.skipped)} checked and skipped by the prefilter, ${n(s.blank)} blank, ${n(s.malformed)} malformed; ${n(s.matches)} match(es) at >= ${parsed.threshold} for ${result.matches.filter((m) => m.matchCount > 0).length} of our ${ourCount} entities` +
    `${truncated.length ? `; ${truncated.length} entit${truncated.length === 1 ? 'y' : 'ies'} truncated (${n(truncated.reduce((a, m) => a + m.truncated!.droppedMatches, 0))} match(es), ${n(truncated.reduce((a, m) => a + m.truncated!.dropped, 0))} result(s) not written)` : ''}` +
    `; wrote ${parsed.out}${partial ? ' (PARTIAL)' : ''} and ${sssomFile}` +
    `${s.threads > 1 ? `; scored by ${s.threads} threads` : ''}${s.firstLineAt >= 0 ? ` (first line read ${Math.round(s.firstLineAt)} ms after start)` : ''}\n`
  );
}
