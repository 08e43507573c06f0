/**
 * `kaspersky-kg link --against DUMP.ftm.json[.gz] [--threshold 0.7] --out matches.jsonl`: streams an FtM
 * JSON-lines dump and writes the matches against the package's entities (yente match shape), plus SSSOM
 * candidate rows for review. Exit codes: 0 done, 1 run stopped early (truncated gzip, `--strict`
 * malformed line; the matches found before are still written), 2 usage error.
 * @module
 */
import { parseArgs as parseCliArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic.js';
import type { FtmEntity } from '../ftm/entity.js';
import { shapeError } from '../ftm/entity.js';
import { DATASET } from '../ftm/ids.js';
import { compiledDatasetFile } from '../data/paths.js';
import { Linker, matchesJsonl, type EntityMatches, type LinkResult } from './linker.js';
import { linkableFromExport, readLinkableFile, type LinkableEntity } from './linkable.js';
import { ProgressBar } from './progress.js';
import { sssomTsv, type SssomRow } from './sssom.js';

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
  --strict            parse every line and stop at the first malformed one (default: report, skip)
  --ours FILE         match these FtM entities (JSON lines) instead of the package's
  --data FILE         read these TriG files instead of the package data (repeatable)
  --quiet             no progress (a bar on a terminal; a line every few seconds otherwise)
  -h, --help          show this help

Exit codes: 0 done; 1 stopped early (truncated gzip, --strict and a malformed line) with the matches
found so far written, and the output marked partial (a final {"partial": true, ...} record in the
matches file, a "# partial:" line in the SSSOM file); 2 usage error.
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
  if (!o.out) return { error: '--out needs a file name' };
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
      throw new Error(`${file}:${i + 1}: malformed JSON: ${(e as Error).message}`);
    }
    const err = shapeError(v);
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
  if (!dataFiles || dataFiles.length === 0) {
    const pre = process.env.KASPERSKY_KG_FROM_SOURCES === '1' ? undefined : readLinkableFile(compiledDatasetFile);
    if (pre) return pre;
  }
  const [{ graphFrom }, { buildFtmExport }] = await Promise.all([import('../ftm/source.js'), import('../ftm/export.js')]);
  const graph = await graphFrom(dataFiles);
  try {
    return linkableFromExport((await buildFtmExport(graph)).entities);
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

/** Runs the `link` command; returns the exit code. */
export async function runLinkCommand(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    process.stdout.write(LINK_HELP);
    return 0;
  }
  if ('error' in parsed) {
    process.stderr.write(`kaspersky-kg link: ${parsed.error} (see --help)\n`);
    return 2;
  }
  let ours: FtmEntity[];
  try {
    ours = parsed.ours ? readEntitiesFile(parsed.ours) : await packageEntities(parsed.data.length ? parsed.data : undefined);
  } catch (e) {
    process.stderr.write(`kaspersky-kg link: ${(e as Error).message}\n`);
    return 2;
  }
  const linker = new Linker(ours);
  const bar = new ProgressBar({ enabled: !parsed.quiet, logEverySeconds: Number(process.env.KASPERSKY_KG_PROGRESS_SECONDS ?? 5) });
  let reported = 0;
  const result = await linker.link(parsed.against, {
    threshold: parsed.threshold,
    ...(parsed.floor !== undefined ? { candidateFloor: parsed.floor } : {}),
    ...(parsed.limit !== undefined ? { limit: parsed.limit } : {}),
    reviewLimit: parsed.review,
    strict: parsed.strict,
    onMalformed: (m) => {
      if (reported++ < 100) {
        bar.done();
        process.stderr.write(`${parsed.against}:${m.line}: ${m.message}${parsed.strict ? '' : ' (skipped)'}\n`);
      }
    },
    onProgress: (p) => bar.update({ lines: p.lines, matches: p.matches, fileBytes: p.fileBytes, totalBytes: p.totalBytes }),
  });
  bar.done();
  if (reported > 100) process.stderr.write(`… ${reported - 100} more malformed line(s) not shown\n`);
  const date = new Date().toISOString().slice(0, 10);
  const partial = result.error !== undefined;
  writeFileAtomic(parsed.out, matchesJsonl(result.matches) + (partial ? `${JSON.stringify(partialRecord(result, parsed.against))}\n` : ''));
  const sssomFile = parsed.sssom ?? parsed.out.replace(/(\.jsonl?|\.json)?$/, '.sssom.tsv');
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
        comment: `${partial ? `PARTIAL: the run stopped after line ${result.stats.lines} (${result.error!.message}). ` : ''}Candidates for review (not curated links). Subjects are ${DATASET} FtM IDs; objects are the dump's entity IDs.`,
      },
      candidateRows(result.matches, parsed.threshold, date, parsed.against),
    ),
  );
  const s = result.stats;
  const truncated = result.matches.filter((m) => m.truncated);
  const n = (x: number) => x.toLocaleString('en-US');
  process.stderr.write(
    `${n(s.lines)} lines read: ${n(s.parsed)} parsed, ${n(s.skipped)} skipped by the prefilter, ${n(s.blank)} blank, ${n(s.malformed)} malformed; ${n(s.matches)} match(es) at >= ${parsed.threshold} for ${result.matches.filter((m) => m.matchCount > 0).length} of our ${linker.queries.length} entities` +
      `${truncated.length ? `; ${truncated.length} entit${truncated.length === 1 ? 'y' : 'ies'} truncated (${n(truncated.reduce((a, m) => a + m.truncated!.droppedMatches, 0))} match(es), ${n(truncated.reduce((a, m) => a + m.truncated!.dropped, 0))} result(s) not written)` : ''}` +
      `; wrote ${parsed.out}${partial ? ' (PARTIAL)' : ''} and ${sssomFile}` +
      `${s.firstLineAt >= 0 ? ` (first line read ${Math.round(s.firstLineAt)} ms after start)` : ''}\n`,
  );
  if (result.error) {
    process.stderr.write(`kaspersky-kg link: ${result.error.message}\n`);
    return 1;
  }
  return 0;
}
