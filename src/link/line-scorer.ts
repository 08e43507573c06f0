/**
 * Scoring of the dump lines the prefilter did not skip: the careful read ({@link readDumpLine}: UTF-8,
 * nesting, `JSON.parse`, entity shape), blocking, explainable scoring, and the results per entity of
 * ours. Used in the reading thread and, for large dumps, in the scoring thread
 * ({@link ./score-worker.ts}).
 * @module
 */
import type { FtmEntity } from '../ftm/entity.js';
import { readDumpLine } from './dump-line.js';
import { buildIndex, candidatesFor, type BlockingIndex } from './blocking.js';
import { compatible, DEFAULT_CONFIG, linkSiblings, prepareQuery, prepareCandidate, scorePairAbove, type FeatureExplanation, type PreparedQuery, type ScoreConfig } from './score.js';
import type { LinkableEntity } from './linkable.js';

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


/**
 * The order of results: score descending, then the dump entity's ID (code-unit order), then its line.
 * A total order on distinct lines, so the output never depends on where a record sits in the file.
 */
export function compareResults(a: MatchResult, b: MatchResult): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.line - b.line;
}

/** Results of one entity of ours while a dump is read: every match (or a bounded best-N), bounded review candidates. */
export class ResultSet {
  readonly matches: MatchResult[] = [];
  readonly review: MatchResult[] = [];
  matchCount = 0;
  reviewCount = 0;
  constructor(private readonly limit: number | undefined, private readonly reviewLimit: number) {}

  /**
   * Adds what another thread's set found (its kept results and its counts): the best results of the
   * two are kept, so the union is what one set would hold had it seen every line.
   */
  absorb(state: ResultSetState): void {
    for (const r of state.matches) keepBest(this.matches, r, this.limit);
    for (const r of state.review) keepBest(this.review, r, this.reviewLimit);
    this.matchCount += state.matchCount;
    this.reviewCount += state.reviewCount;
  }

  /** What the set holds, as plain data (to pass between threads). */
  state(): ResultSetState {
    return { matches: this.matches, review: this.review, matchCount: this.matchCount, reviewCount: this.reviewCount };
  }

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


/** What a {@link ResultSet} holds, as plain data. */
export interface ResultSetState {
  matches: MatchResult[];
  review: MatchResult[];
  matchCount: number;
  reviewCount: number;
}

/** Our entities prepared for matching: queries (with siblings linked) and the blocking index. */
export interface Prepared {
  /** Our prepared entities. */
  queries: PreparedQuery[];
  /** The blocking index. */
  index: BlockingIndex;
}

/** Prepares our entities (with extra IDs per entity) for matching. */
export function prepareOurs(ours: readonly LinkableEntity[], extraIds: ReadonlyMap<string, readonly string[]> = new Map()): Prepared {
  const queries = ours.map((e) => prepareQuery(e, extraIds.get(e.id) ?? [])).filter((q): q is PreparedQuery => q !== undefined);
  linkSiblings(queries);
  return { queries, index: buildIndex(queries) };
}

/** What the scorer needs to know of a run. */
export interface ScorerOptions {
  threshold: number;
  floor: number;
  limit: number | undefined;
  reviewLimit: number;
  config?: ScoreConfig;
}

/** Counters a {@link LineScorer} keeps. */
export interface ScorerCounts {
  /** Entity lines parsed. */
  parsed: number;
  /** Lines with at least one candidate of ours. */
  candidates: number;
  /** Pairs scored. */
  pairsScored: number;
  /** Results at or above the threshold. */
  matches: number;
}

/** Scores lines one at a time into one {@link ResultSet} per entity of ours. */
export class LineScorer {
  /** One result set per query. */
  readonly sets: ResultSet[];
  /** Counters. */
  readonly counts: ScorerCounts = { parsed: 0, candidates: 0, pairsScored: 0, matches: 0 };
  private readonly cfg: ScoreConfig;

  constructor(private readonly prepared: Prepared, private readonly o: ScorerOptions) {
    this.sets = prepared.queries.map(() => new ResultSet(o.limit, o.reviewLimit));
    this.cfg = o.config ?? DEFAULT_CONFIG;
  }

  /** Reads and scores one line `buf[start, end)`; returns what is wrong with it, or undefined. */
  line(buf: Uint8Array, start: number, end: number, lineNo: number, utf8: boolean): string | undefined {
    const read = readDumpLine(buf, start, end, utf8);
    if (read.error !== undefined) return read.error;
    this.counts.parsed++;
    this.entity(read.entity, lineNo);
    return undefined;
  }

  /** Scores one parsed entity read from line `lineNo`. */
  entity(entity: FtmEntity, lineNo: number): void {
    const c = prepareCandidate(entity);
    const hits = candidatesFor(this.prepared.index, c);
    if (hits.size === 0) return;
    this.counts.candidates++;
    const { threshold, floor } = this.o;
    for (const qi of hits) {
      const q = this.prepared.queries[qi]!;
      if (!compatible(q.kind, entity.schema)) continue;
      this.counts.pairsScored++;
      const s = scorePairAbove(q, c, floor, this.cfg);
      if (s === undefined || s.score < floor) continue;
      const result: MatchResult = { ...entity, score: s.score, match: s.score >= threshold, explanations: s.explanations, line: lineNo };
      if (result.match) this.counts.matches++;
      this.sets[qi]!.add(result);
    }
  }
}
