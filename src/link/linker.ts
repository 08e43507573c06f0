/**
 * The streaming linker: matches any FtM JSON-lines dump (plain or gzip, millions of lines) against the
 * package's entities. Memory is proportional to our entities (the index, and at most `limit` results per
 * entity), never to the dump.
 *
 * Per line: byte prefilter (skip most lines without decoding) → `JSON.parse` → blocking (ID, identifier,
 * name-key hits) → explainable scoring → bounded top-N per entity of ours.
 * @module
 */
import type { FtmEntity } from '../ftm/entity.js';
import { shapeError } from '../ftm/entity.js';
import { buildIndex, candidatesFor, Prefilter, Scan, type BlockingIndex } from './blocking.js';
import { compatible, DEFAULT_CONFIG, prepareCandidate, prepareQuery, scorePair, type FeatureExplanation, type PreparedQuery, type ScoreConfig } from './score.js';
import { readLines, TruncatedInputError, type ReadProgress } from './stream.js';

/** Options of {@link linkDump}. */
export interface LinkOptions {
  /** Score at or above which a result is a match (default 0.7, as yente). */
  threshold?: number;
  /** Lowest score kept as a review candidate (default threshold − 0.2). */
  candidateFloor?: number;
  /** Results kept per entity of ours (default 5). */
  limit?: number;
  /** Parse and validate every line; stop at the first malformed one (default false). */
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
  /** Results, best first. */
  results: MatchResult[];
  /** Number of results (relation eq). */
  total: { value: number; relation: 'eq' };
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
  /** Lines parsed as JSON (the rest were skipped by the prefilter). */
  parsed: number;
  /** Malformed lines. */
  malformed: number;
  /** Entities compared with at least one of ours. */
  candidates: number;
  /** Pairs scored. */
  pairsScored: number;
  /** Results at or above the threshold. */
  matches: number;
  /** Wall time in milliseconds. */
  elapsedMs: number;
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
  /** Our prepared entities. */
  readonly queries: PreparedQuery[];
  /** The blocking index. */
  readonly index: BlockingIndex;
  private readonly prefilter: Prefilter;

  constructor(ours: readonly FtmEntity[], extraIds: ReadonlyMap<string, readonly string[]> = new Map()) {
    this.queries = ours.map((e) => prepareQuery(e, extraIds.get(e.id) ?? [])).filter((q): q is PreparedQuery => q !== undefined);
    this.index = buildIndex(this.queries);
    this.prefilter = new Prefilter(this.index.patterns);
  }

  /** Streams `file` and returns the matches (never throws for bad input; see {@link LinkResult.error}). */
  async link(file: string, options: LinkOptions = {}): Promise<LinkResult> {
    const threshold = options.threshold ?? 0.7;
    const floor = options.candidateFloor ?? Math.max(0, threshold - 0.2);
    const limit = options.limit ?? 5;
    const cfg = options.config ?? DEFAULT_CONFIG;
    const strict = options.strict ?? false;
    const top: MatchResult[][] = this.queries.map(() => []);
    const malformed: MalformedLine[] = [];
    const stats: LinkStats = { lines: 0, parsed: 0, malformed: 0, candidates: 0, pairsScored: 0, matches: 0, elapsedMs: 0, complete: false };
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
    const onLine = (buf: Buffer, start: number, end: number, lineNo: number): 'stop' | undefined => {
      if (!strict) {
        const r = prefilter.scan(buf, start, end);
        if (r === Scan.Skip || r === Scan.Blank) return undefined;
        if (r === Scan.Malformed) return bad(lineNo, 'malformed JSON line (not a complete JSON object)');
      } else {
        let i = start;
        while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
        if (i === end) return undefined;
      }
      let value: unknown;
      try {
        value = JSON.parse(buf.toString('utf8', start, end));
      } catch (e) {
        return bad(lineNo, `malformed JSON: ${(e as Error).message}`);
      }
      stats.parsed++;
      const shape = shapeError(value);
      if (shape) return bad(lineNo, `not an FtM entity: ${shape}`);
      const entity = value as FtmEntity;
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
        const list = top[qi]!;
        if (list.length >= limit && list[list.length - 1]!.score >= s.score) continue;
        if (result.match) stats.matches++;
        list.push(result);
        list.sort((a, b) => b.score - a.score || a.line - b.line);
        if (list.length > limit) {
          const dropped = list.pop()!;
          if (dropped.match) stats.matches--;
        }
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
      const results = top[i]!;
      if (!results.length) return;
      matches.push({
        status: 200,
        query: { id: q.entity.id, schema: q.entity.schema, properties: q.entity.properties },
        results,
        total: { value: results.length, relation: 'eq' },
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
