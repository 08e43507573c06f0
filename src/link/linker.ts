/**
 * The streaming linker: matches any FtM JSON-lines dump (plain or gzip, millions of lines) against the
 * package's entities. Memory is proportional to our entities and to the matches found, never to the dump.
 *
 * Per line: native UTF-8 check (a chunk at a time) → byte prefilter (checks the JSON grammar and the entity
 * shape, skips most lines without decoding them; over large blocks a WebAssembly scanner does this first,
 * {@link ./wasm-prefilter.ts}) → `JSON.parse` and shape check ({@link readDumpLine}) →
 * blocking (ID, identifier, name-key hits) → explainable scoring → results per entity of ours. A malformed
 * line (whether or not the prefilter would have skipped it) is reported with its number and skipped; the
 * run goes on (or, `strict`, stops there).
 *
 * A large dump is scored by two threads: the reading thread runs the prefilter over every line and, block
 * by block, queues the lines it does not skip as a batch for a scoring thread, which takes them one by
 * one; when the reading is done the reading thread scores what is still queued alongside it
 * ({@link ./split-run.ts}). Both score with the same code and the lines' real numbers, and their result
 * sets are merged at the end, so the output is the same as with one thread. Malformed lines are reported
 * in line order.
 *
 * No silent cap: every result at or above the threshold is kept (unless `limit` is asked for, and then
 * each entity's output says that it was truncated and by how much); review candidates below the
 * threshold are kept up to `reviewLimit` per entity, also with a count of the ones dropped. Results are
 * ordered by {@link compareResults} (score, then the dump entity's ID, then its line), never by file order.
 * @module
 */
import type { FtmEntity } from '../ftm/entity.js';
import { Prefilter, type BlockingIndex } from './blocking.js';
import type { PreparedQuery, ScoreConfig } from './score.js';
import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import { isGzipFile, readLines, TruncatedInputError, type LineHandler, type ReadProgress } from './stream.js';
import type { LinkableEntity } from './linkable.js';
import { LineScorer, prepareOurs, type MalformedLine, type MatchResult, type Prepared, type ScorerOptions, type Truncation } from './line-scorer.js';
import { LinePass, WASM_MIN_BLOCK, wasmWanted } from './line-pass.js';
import type { HelperResult } from './score-helper.js';
import { splitByDefault } from './split-policy.js';
import type { SplitRun } from './split-run.js';

export { splitByDefault, SPLIT_MIN_BYTES, GZIP_RATIO } from './split-policy.js';

export { compareResults, type MalformedLine, type MatchResult, type Truncation } from './line-scorer.js';

/** Options of {@link linkDump}. */
export interface LinkOptions {
  /** Score at or above which a result is a match (default 0.7, as yente). */
  threshold?: number;
  /** Lowest score kept as a review candidate (default threshold − 0.2). */
  candidateFloor?: number;
  /** Results (matches first) kept per entity of ours; default: every match. Truncation is reported per entity. */
  limit?: number;
  /** Review candidates (below the threshold) kept per entity (default 10); the rest are counted. */
  reviewLimit?: number;
  /** Stop at the first malformed line (default false: report it, skip it, go on). */
  strict?: boolean;
  /** Scoring configuration. */
  config?: ScoreConfig;
  /** Called for a malformed line (default: collected in the result only). */
  onMalformed?: (m: MalformedLine) => void;
  /** Progress callback. */
  onProgress?: (p: ReadProgress & { matches: number }) => void;
  /** Extra IDs per entity of ours (e.g. verified authority IDs) that the dump may use. */
  extraIds?: ReadonlyMap<string, readonly string[]>;
  /**
   * Score with two threads: the lines the prefilter does not skip go, a block's worth at a time, to a
   * scoring thread while this one reads on. Default: {@link splitByDefault}; the environment variable
   * `KASPERSKY_KG_LINK_WORKER=1`/`0` forces it on or off; never with `strict` or a custom `config`.
   * The results, counts and malformed-line reports (in line order) are the same either way.
   */
  parallel?: boolean;
  /** Bytes read at a time (default 1 MiB). */
  chunkSize?: number;
}

/** The results for one entity of ours, in yente's `EntityMatches` shape. */
export interface EntityMatches {
  /** HTTP-like status (always 200). */
  status: number;
  /** The query: our entity. */
  query: { id: string; schema: string; properties: Record<string, string[]> };
  /** Results, best first ({@link compareResults}): matches, then review candidates. */
  results: MatchResult[];
  /** Exact number of results found at or above the review floor (kept or not). */
  total: { value: number; relation: 'eq' };
  /** Exact number of matches (at or above the threshold) found, kept or not. */
  matchCount: number;
  /** Present when results were left out: how many, and how many of them were matches. */
  truncated?: Truncation;
}

/** What a run found and how it went. */
export interface LinkResult {
  /** One entry per entity of ours that has at least one result, in our entities' order. */
  matches: EntityMatches[];
  /** Run statistics. */
  stats: LinkStats;
  /** Malformed lines (at most the first 1000 are kept). */
  malformed: MalformedLine[];
  /** The error that ended the run early (truncated gzip, strict-mode malformed line), if any. */
  error?: Error;
}

/** Counters of a run. */
export interface LinkStats {
  /** Lines read. */
  lines: number;
  /** FtM entity lines parsed with `JSON.parse` (the prefilter found one of our patterns in them). */
  parsed: number;
  /** FtM entity lines the prefilter checked (JSON grammar, entity shape) and skipped without parsing: none of our names, IDs or identifiers in them. */
  skipped: number;
  /** Blank lines. */
  blank: number;
  /** Malformed lines (invalid UTF-8, not JSON, too deep, not an FtM entity), reported and skipped. */
  malformed: number;
  /** Entities compared with at least one of ours. */
  candidates: number;
  /** Pairs scored. */
  pairsScored: number;
  /** Results at or above the threshold. */
  matches: number;
  /** Wall time in milliseconds. */
  elapsedMs: number;
  /** When the first line was read, in ms since the process started (`performance.now()`); -1 if none. */
  firstLineAt: number;
  /** Whether the whole input was read. */
  complete: boolean;
  /** Threads that worked on the dump: 1, or 2 with a scoring thread ({@link LinkOptions.parallel}). */
  threads: number;
}

/** Thrown in strict mode at the first malformed line. */
export class MalformedLineError extends Error {
  /** The line. */
  readonly line: number;
  constructor(file: string, m: MalformedLine) {
    super(`${file}:${m.line}: ${m.message} (--strict: run stopped; matches found before this line are kept)`);
    this.name = 'MalformedLineError';
    this.line = m.line;
  }
}

/** A prepared linker: our entities indexed once, reusable for several dumps. */
export class Linker {
  private preparedOurs: Prepared | undefined;
  private readonly prefilter: Prefilter;
  private readonly patterns: readonly string[] | undefined;

  /**
   * `patterns`: the prefilter's patterns for `ours` when known (precompiled at build, see
   * {@link LinkableFile.prefilterPatterns}); then our entities are prepared for scoring only when first
   * needed (in a worker run, by the worker), and the scan starts at once.
   */
  constructor(private readonly ours: readonly LinkableEntity[], private readonly extraIds: ReadonlyMap<string, readonly string[]> = new Map(), patterns?: readonly string[]) {
    this.patterns = patterns && extraIds.size === 0 ? patterns : undefined;
    this.prefilter = new Prefilter(this.patterns ?? this.prepared.index.patterns);
  }

  private get prepared(): Prepared {
    return (this.preparedOurs ??= prepareOurs(this.ours, this.extraIds));
  }

  /** Our prepared entities. */
  get queries(): PreparedQuery[] {
    return this.prepared.queries;
  }

  /** The blocking index. */
  get index(): BlockingIndex {
    return this.prepared.index;
  }

  /** Streams `file` and returns the matches (never throws for bad input; see {@link LinkResult.error}). */
  async link(file: string, options: LinkOptions = {}): Promise<LinkResult> {
    const threshold = options.threshold ?? 0.7;
    const floor = options.candidateFloor ?? Math.max(0, threshold - 0.2);
    const limit = options.limit;
    const reviewLimit = options.reviewLimit ?? 10;
    const strict = options.strict ?? false;
    const malformed: MalformedLine[] = [];
    const stats: LinkStats = { lines: 0, parsed: 0, skipped: 0, blank: 0, malformed: 0, candidates: 0, pairsScored: 0, matches: 0, elapsedMs: 0, firstLineAt: -1, complete: false, threads: 1 };
    const started = performance.now();
    let error: Error | undefined;
    const report = (m: MalformedLine): void => {
      stats.malformed++;
      if (malformed.length < 1000) malformed.push(m);
      options.onMalformed?.(m);
    };
    const scorerOptions = { threshold, floor, limit, reviewLimit, ...(options.config ? { config: options.config } : {}) };
    const pass = new LinePass(this.prefilter, () => new LineScorer(this.prepared, scorerOptions), (line, message) => {
      const m = { line, message };
      report(m);
      if (!strict) return undefined;
      error = new MalformedLineError(file, m);
      return 'stop';
    });
    const bytes = statSync(file).size;
    if (wasmWanted() && bytes >= WASM_MIN_BLOCK) {
      const { WasmPrefilter } = await import('./wasm-prefilter.js');
      pass.makeWasm = () => WasmPrefilter.for(this.prefilter);
    }
    const split = this.useHelper(file, bytes, options) ? await this.startSplit(pass, scorerOptions, report, options.chunkSize ?? 1 << 20) : undefined;
    let helperResult: HelperResult | undefined;
    if (split) {
      stats.threads = 2;
      pass.onBad = split.bad; // never strict: collected per block, reported in line order
    }
    try {
      try {
        stats.lines = await this.read(file, pass, stats, options, split);
        stats.complete = error === undefined;
      } catch (e) {
        if (!(e instanceof TruncatedInputError)) throw e;
        stats.lines = e.linesRead;
        error = e;
      }
      if (split) helperResult = await split.finish();
    } catch (e) {
      split?.stop();
      throw e;
    }
    const { sets, counts } = pass.scorer;
    stats.skipped = pass.skipped;
    stats.blank = pass.blank;
    stats.parsed = counts.parsed;
    stats.candidates = counts.candidates;
    stats.pairsScored = counts.pairsScored;
    stats.matches = counts.matches;
    if (helperResult) {
      sets.forEach((set, i) => set.absorb(helperResult!.sets[i]!));
      stats.parsed += helperResult.counts.parsed;
      stats.candidates += helperResult.counts.candidates;
      stats.pairsScored += helperResult.counts.pairsScored;
      stats.matches += helperResult.counts.matches;
    }
    stats.elapsedMs = performance.now() - started;
    const matches: EntityMatches[] = [];
    this.queries.forEach((q, i) => {
      const set = sets[i]!;
      const total = set.matchCount + set.reviewCount;
      if (!total) return;
      const { results, truncated } = set.finish();
      matches.push({
        status: 200,
        query: { id: q.entity.id, schema: q.entity.schema, properties: q.entity.properties },
        results,
        total: { value: total, relation: 'eq' },
        matchCount: set.matchCount,
        ...(truncated ? { truncated } : {}),
      });
    });
    return { matches, stats, malformed, ...(error ? { error } : {}) };
  }

  /**
   * Whether a scoring thread helps with `file`: asked for (`parallel`, or the environment variable
   * `KASPERSKY_KG_LINK_WORKER=1`/`0`), or by default ({@link splitByDefault}); never with `strict` (which
   * stops at the first malformed line in file order) or a custom scoring `config` (not passed between
   * threads).
   */
  private useHelper(file: string, bytes: number, options: LinkOptions): boolean {
    if (options.strict || options.config) return false;
    const env = process.env.KASPERSKY_KG_LINK_WORKER;
    if (env === '1' || env === '0') return env === '1';
    if (options.parallel !== undefined) return options.parallel;
    return splitByDefault(bytes, isGzipFile(file), availableParallelism());
  }

  private async startSplit(pass: LinePass, options: ScorerOptions, report: (m: MalformedLine) => void, chunkSize: number): Promise<SplitRun> {
    const { SplitRun } = await import('./split-run.js');
    const extraIds = [...this.extraIds].map(([k, v]): [string, string[]] => [k, [...v]]);
    return SplitRun.start({ ours: this.ours, extraIds, options }, pass, report, chunkSize);
  }

  /** Reads every line (with a scoring thread, gathering lines for it block by block: {@link SplitRun.around}). */
  private read(file: string, pass: LinePass, stats: LinkStats, options: LinkOptions, split: SplitRun | undefined): Promise<number> {
    const onLine: LineHandler = (buf, start, end, lineNo, utf8, tooLong) => {
      if (lineNo === 1 && stats.firstLineAt < 0) stats.firstLineAt = performance.now();
      return pass.line(buf, start, end, lineNo, utf8, tooLong);
    };
    const onProgress = options.onProgress;
    return readLines(file, onLine, {
      splitLines: (buf, start, end, firstLine, utf8) => {
        if (firstLine === 1 && stats.firstLineAt < 0) stats.firstLineAt = performance.now();
        return pass.lines(buf, start, end, firstLine, utf8);
      },
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      onTick: onProgress ? (p) => onProgress({ ...p, matches: pass.matches + (split?.matches ?? 0) }) : undefined,
      ...(split ? { aroundBlock: split.around } : {}),
    });
  }
}

/** Convenience: index `ours` and link one dump. */
export function linkDump(file: string, ours: readonly FtmEntity[], options: LinkOptions = {}): Promise<LinkResult> {
  return new Linker(ours, options.extraIds).link(file, options);
}

/** Serialises matches as JSON lines (one yente `EntityMatches` object per line). */
export function matchesJsonl(matches: readonly EntityMatches[]): string {
  return matches.map((m) => JSON.stringify(m)).join('\n') + (matches.length ? '\n' : '');
}
