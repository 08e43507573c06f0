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
import { readDumpLine } from './dump-line.js';
import { buildIndex, candidatesFor, Prefilter, Scan, type BlockingIndex } from './blocking.js';
import { compatible, DEFAULT_CONFIG, linkSiblings, prepareCandidate, prepareQuery, scorePair, type FeatureExplanation, type PreparedQuery, type ScoreConfig } from './score.js';
import { readLines, TruncatedInputError, type ReadProgress } from './stream.js';
import type { LinkableEntity } from './linkable.js';

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
}

/** A malformed input line. */
export interface MalformedLine {
  /** 1-based line number. */
  line: number;
  /** What is wrong. */
  message: string;
}

/** One result in yente's match shape: the dump entity plus score, match flag and explanations. */
export interface MatchResult extends FtmEntity {
  /** The score (0–1). */
  score: number;
  /** Whether the score reaches the threshold. */
  match: boolean;
  /** Per-feature explanations. */
  explanations: Record<string, FeatureExplanation>;
  /** Line of the dump the entity was read from. */
  line: number;
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

/** What was left out of one entity's results. */
export interface Truncation {
  /** The `limit` asked for (results per entity), if any. */
  limit: number | null;
  /** The review-candidate limit in force. */
  reviewLimit: number;
  /** Results found but not written. */
  dropped: number;
  /** Of those, matches (at or above the threshold): only ever non-zero with an explicit `limit`. */
  droppedMatches: number;
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

/**
 * The order of results: score descending, then the dump entity's ID (code-unit order), then its line.
 * A total order on distinct lines, so the output never depends on where a record sits in the file.
 */
export function compareResults(a: MatchResult, b: MatchResult): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.line - b.line;
}

/** Results of one entity of ours while a dump is read: every match (or a bounded best-N), bounded review candidates. */
class ResultSet {
  readonly matches: MatchResult[] = [];
  readonly review: MatchResult[] = [];
  matchCount = 0;
  reviewCount = 0;
  constructor(private readonly limit: number | undefined, private readonly reviewLimit: number) {}

  add(r: MatchResult): void {
    if (r.match) {
      this.matchCount++;
      keepBest(this.matches, r, this.limit);
    } else {
      this.reviewCount++;
      keepBest(this.review, r, this.reviewLimit);
    }
  }

  /** The results to write (matches first; the limit applies to both together) and what was dropped. */
  finish(): { results: MatchResult[]; truncated?: Truncation } {
    this.matches.sort(compareResults);
    this.review.sort(compareResults);
    let results = [...this.matches, ...this.review];
    if (this.limit !== undefined && results.length > this.limit) results = results.slice(0, this.limit);
    const total = this.matchCount + this.reviewCount;
    const keptMatches = results.filter((r) => r.match).length;
    if (results.length === total) return { results };
    return { results, truncated: { limit: this.limit ?? null, reviewLimit: this.reviewLimit, dropped: total - results.length, droppedMatches: this.matchCount - keptMatches } };
  }
}

/** Inserts `r` into `list`, keeping at most `cap` entries (the best by {@link compareResults}); unbounded when `cap` is undefined. */
function keepBest(list: MatchResult[], r: MatchResult, cap: number | undefined): void {
  if (cap === undefined) {
    list.push(r);
    return;
  }
  if (cap <= 0) return;
  if (list.length < cap) {
    list.push(r);
    if (list.length === cap) list.sort(compareResults);
    return;
  }
  const worst = list[list.length - 1]!;
  if (compareResults(r, worst) >= 0) return;
  // binary insertion, dropping the worst
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareResults(r, list[mid]!) < 0) hi = mid;
    else lo = mid + 1;
  }
  list.splice(lo, 0, r);
  list.pop();
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
  /** Our prepared entities. */
  readonly queries: PreparedQuery[];
  /** The blocking index. */
  readonly index: BlockingIndex;
  private readonly prefilter: Prefilter;

  constructor(ours: readonly LinkableEntity[], extraIds: ReadonlyMap<string, readonly string[]> = new Map()) {
    this.queries = ours.map((e) => prepareQuery(e, extraIds.get(e.id) ?? [])).filter((q): q is PreparedQuery => q !== undefined);
    linkSiblings(this.queries);
    this.index = buildIndex(this.queries);
    this.prefilter = new Prefilter(this.index.patterns);
  }

  /** Streams `file` and returns the matches (never throws for bad input; see {@link LinkResult.error}). */
  async link(file: string, options: LinkOptions = {}): Promise<LinkResult> {
    const threshold = options.threshold ?? 0.7;
    const floor = options.candidateFloor ?? Math.max(0, threshold - 0.2);
    const limit = options.limit;
    const reviewLimit = options.reviewLimit ?? 10;
    const cfg = options.config ?? DEFAULT_CONFIG;
    const strict = options.strict ?? false;
    const top = this.queries.map(() => new ResultSet(limit, reviewLimit));
    const malformed: MalformedLine[] = [];
    const stats: LinkStats = { lines: 0, parsed: 0, skipped: 0, blank: 0, malformed: 0, candidates: 0, pairsScored: 0, matches: 0, elapsedMs: 0, firstLineAt: -1, complete: false };
    const started = performance.now();
    const prefilter = this.prefilter;
    const index = this.index;
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
    const onLine = (buf: Buffer, start: number, end: number, lineNo: number, utf8: boolean): 'stop' | undefined => {
      if (lineNo === 1) {
        stats.firstLineAt = performance.now();
        if (buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3; // a UTF-8 byte order mark
      }
      // every line goes through the byte scan (JSON grammar, entity shape, our patterns); only lines it
      // does not skip are decoded and parsed, and the parser has the last word on a malformed one
      const r = utf8 ? prefilter.scan(buf, start, end) : Scan.Malformed;
      if (r === Scan.Skip) {
        stats.skipped++;
        return undefined;
      }
      if (r === Scan.Blank) {
        stats.blank++;
        return undefined;
      }
      const read = readDumpLine(buf, start, end, utf8);
      if (read.error !== undefined) return bad(lineNo, read.error);
      stats.parsed++;
      const entity = read.entity;
      const c = prepareCandidate(entity);
      const hits = candidatesFor(index, c);
      if (hits.size === 0) return undefined;
      stats.candidates++;
      for (const qi of hits) {
        const q = this.queries[qi]!;
        if (!compatible(q.kind, entity.schema)) continue;
        stats.pairsScored++;
        const s = scorePair(q, c, cfg);
        if (s.score < floor) continue;
        const result: MatchResult = { ...entity, score: s.score, match: s.score >= threshold, explanations: s.explanations, line: lineNo };
        if (result.match) stats.matches++;
        top[qi]!.add(result);
      }
      return undefined;
    };
    try {
      stats.lines = await readLines(file, onLine, {
        onTick: options.onProgress ? (p) => options.onProgress!({ ...p, matches: stats.matches }) : undefined,
      });
      stats.complete = error === undefined;
    } catch (e) {
      if (e instanceof TruncatedInputError) {
        stats.lines = e.linesRead;
        error = e;
      } else throw e;
    }
    stats.elapsedMs = performance.now() - started;
    const matches: EntityMatches[] = [];
    this.queries.forEach((q, i) => {
      const set = top[i]!;
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
