/**
 * The streaming linker: matches any FtM JSON-lines dump (plain or gzip, millions of lines) against the
 * package's entities. Memory is proportional to our entities and to the matches found, never to the dump.
 *
 * Per line: native UTF-8 check (a chunk at a time) → byte prefilter (checks the JSON grammar and the entity
 * shape, skips most lines without decoding them) → `JSON.parse` and shape check ({@link readDumpLine}) →
 * blocking (ID, identifier, name-key hits) → explainable scoring → results per entity of ours. A malformed
 * line (whether or not the prefilter would have skipped it) is reported with its number and skipped; the
 * run goes on (or, `strict`, stops there).
 *
 * No silent cap: every result at or above the threshold is kept (unless `limit` is asked for, and then
 * each entity's output says that it was truncated and by how much); review candidates below the
 * threshold are kept up to `reviewLimit` per entity, also with a count of the ones dropped. Results are
 * ordered by {@link compareResults} (score, then the dump entity's ID, then its line), never by file order.
 * @module
 */
import type { FtmEntity } from '../ftm/entity.js';
import { Prefilter, Scan, type BlockingIndex } from './blocking.js';
import type { PreparedQuery, ScoreConfig } from './score.js';
import { MAX_LINE_BYTES, readLines, TruncatedInputError, type ReadProgress } from './stream.js';
import type { LinkableEntity } from './linkable.js';
import { LineScorer, prepareOurs, ResultSet, type MalformedLine, type MatchResult, type Prepared, type ResultSetState, type ScorerCounts, type Truncation } from './line-scorer.js';
import type { ScoreOffload } from './score-offload.js';

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
   * Score the lines the prefilter selects in a worker thread while the scan goes on (default false; the
   * environment variable `KASPERSKY_KG_LINK_WORKER=1`/`0` forces it on or off; never with `strict` or a
   * custom `config`). The results are the same either way. Off by default: on a machine whose cores are
   * busy, the second thread cost more than it saved (measured with bench/link.ts: ~1.7 s against ~1.4 s on
   * the 300k-line dump, two shared cores).
   */
  parallel?: boolean;
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

  /**
   * `patterns`: the prefilter's patterns for `ours` when known (precompiled at build, see
   * {@link LinkableFile.prefilterPatterns}); then our entities are prepared for scoring only when first
   * needed (in a worker run, by the worker), and the scan starts at once.
   */
  constructor(private readonly ours: readonly LinkableEntity[], private readonly extraIds: ReadonlyMap<string, readonly string[]> = new Map(), patterns?: readonly string[]) {
    this.prefilter = new Prefilter(patterns && extraIds.size === 0 ? patterns : this.prepared.index.patterns);
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
    const stats: LinkStats = { lines: 0, parsed: 0, skipped: 0, blank: 0, malformed: 0, candidates: 0, pairsScored: 0, matches: 0, elapsedMs: 0, firstLineAt: -1, complete: false };
    const started = performance.now();
    const prefilter = this.prefilter;
    let error: Error | undefined;
    const bad = (line: number, message: string): 'stop' | undefined => {
      const m = { line, message };
      stats.malformed++;
      if (malformed.length < 1000) malformed.push(m);
      options.onMalformed?.(m);
      if (strict) {
        error = new MalformedLineError(file, m);
        return 'stop';
      }
      return undefined;
    };
    const scorerOptions = { threshold, floor, limit, reviewLimit, ...(options.config ? { config: options.config } : {}) };
    const env = process.env.KASPERSKY_KG_LINK_WORKER;
    const parallel = !strict && !options.config && (env === '1' ? true : env === '0' ? false : (options.parallel ?? false));
    // the worker module (and node:worker_threads) is loaded only when asked for
    const offload: ScoreOffload | undefined = parallel ? new (await import('./score-offload.js')).ScoreOffload(this.ours, this.extraIds, scorerOptions, (line, message) => void bad(line, message)) : undefined;
    let local: LineScorer | undefined; // made at the first line the prefilter selects (our entities prepared then)
    let bsBuf: Buffer | undefined;
    let bsAt = 0;
    const onLine = (buf: Buffer, start: number, end: number, lineNo: number, utf8: boolean, tooLong?: number): 'stop' | undefined => {
      if (lineNo === 1) stats.firstLineAt = performance.now();
      if (tooLong !== undefined) return bad(lineNo, `a line of ${tooLong} bytes, longer than the limit of ${MAX_LINE_BYTES} bytes; not read`);
      if (lineNo === 1) {
        if (buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3; // a UTF-8 byte order mark
      }
      if (buf !== bsBuf || bsAt < start) {
        // the next backslash in this buffer (one native search serves every line up to it)
        bsBuf = buf;
        bsAt = buf.indexOf(92, start);
        if (bsAt < 0) bsAt = buf.length;
      }
      // every line goes through the byte scan (JSON grammar, entity shape, our patterns); only lines it
      // does not skip are decoded and parsed, and the parser has the last word on a malformed one
      const r = utf8 ? prefilter.scan(buf, start, end, bsAt >= end) : Scan.Malformed;
      if (r === Scan.Skip) {
        stats.skipped++;
        return undefined;
      }
      if (r === Scan.Blank) {
        stats.blank++;
        return undefined;
      }
      if (offload) {
        offload.push(buf, start, end, lineNo, utf8);
        return undefined;
      }
      local ??= new LineScorer(this.prepared, scorerOptions);
      const err = local.line(buf, start, end, lineNo, utf8);
      return err === undefined ? undefined : bad(lineNo, err);
    };
    let sets: ResultSetState[] | ResultSet[];
    let counts: ScorerCounts;
    try {
      try {
        stats.lines = await readLines(file, onLine, {
          onTick: options.onProgress ? (p) => options.onProgress!({ ...p, matches: offload ? offload.matches : (local?.counts.matches ?? 0) }) : undefined,
        });
        stats.complete = error === undefined;
      } catch (e) {
        if (e instanceof TruncatedInputError) {
          stats.lines = e.linesRead;
          error = e;
        } else throw e;
      }
      if (offload) ({ sets, counts } = await offload.finish());
      else ({ sets, counts } = (local ??= new LineScorer(this.prepared, scorerOptions)));
    } catch (e) {
      offload?.stop();
      throw e;
    }
    stats.parsed = counts.parsed;
    stats.candidates = counts.candidates;
    stats.pairsScored = counts.pairsScored;
    stats.matches = counts.matches;
    stats.elapsedMs = performance.now() - started;
    const matches: EntityMatches[] = [];
    this.queries.forEach((q, i) => {
      const s = sets[i]!;
      const set = s instanceof ResultSet ? s : ResultSet.restore(limit, reviewLimit, s);
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
}

/** Convenience: index `ours` and link one dump. */
export function linkDump(file: string, ours: readonly FtmEntity[], options: LinkOptions = {}): Promise<LinkResult> {
  return new Linker(ours, options.extraIds).link(file, options);
}

/** Serialises matches as JSON lines (one yente `EntityMatches` object per line). */
export function matchesJsonl(matches: readonly EntityMatches[]): string {
  return matches.map((m) => JSON.stringify(m)).join('\n') + (matches.length ? '\n' : '');
}
