/**
 * Built-in evaluation of the linker on a labelled pair file in nomenklatura's name-bench columns
 * (`case_group, schema, name1, name2, is_match, quality, category, notes`). `name1` names one of our
 * entities; `name2` becomes a one-line FtM entity of a synthetic dump, and the pair's score is what the
 * full linker (prefilter, blocking, scoring) gives it — so blocking misses count as false negatives.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FtmEntity } from '../ftm/entity.js';
import { readCsv } from '../io/csv.js';
import { Linker } from './linker.js';
import { foldText } from '../names/normalise.js';

/** One labelled pair. */
export interface LabelledPair {
  /** Group of related cases. */
  case_group: string;
  /** FtM schema of both names. */
  schema: string;
  /** Our entity's name. */
  name1: string;
  /** The other name. */
  name2: string;
  /** Whether they denote the same entity. */
  is_match: boolean;
  /** Quality label. */
  quality: string;
  /** Category (transliteration scheme, hard negative kind …). */
  category: string;
  /** Notes. */
  notes: string;
}

/** Reads a pair file (CSV, `io/csv.ts`; `label` names the file in errors). */
export function parsePairs(csv: string, label = 'pair file'): LabelledPair[] {
  const rows = readCsv(csv, { source: label });
  const header = rows.shift() ?? [];
  const need = ['case_group', 'schema', 'name1', 'name2', 'is_match', 'quality', 'category', 'notes'];
  for (const n of need) if (!header.includes(n)) throw new Error(`${label} lacks column ${n}`);
  return rows
    .filter((r) => r.length >= need.length)
    .map((r) => {
      const o = Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])) as Record<string, string>;
      return { ...(o as unknown as LabelledPair), is_match: /^(true|1|yes)$/i.test(o.is_match ?? '') };
    });
}

/** Precision/recall/F1 at one threshold. */
export interface ThresholdMetrics {
  /** The threshold. */
  threshold: number;
  /** True positives. */
  tp: number;
  /** False positives. */
  fp: number;
  /** False negatives. */
  fn: number;
  /** True negatives. */
  tn: number;
  /** tp / (tp + fp). */
  precision: number;
  /** tp / (tp + fn). */
  recall: number;
  /** Harmonic mean of precision and recall. */
  f1: number;
}

/** A scored pair. */
export interface ScoredPair extends LabelledPair {
  /** The linker's score (0 when the pair was not even a candidate). */
  score: number;
  /** Whether blocking made it a candidate. */
  candidate: boolean;
}

/** The evaluation report. */
export interface EvaluationReport {
  /** Metrics per threshold. */
  metrics: ThresholdMetrics[];
  /** Every pair with its score. */
  pairs: ScoredPair[];
  /** name1 values that name none of our entities (these pairs are left out). */
  unresolved: string[];
}

/** Computes metrics from scored pairs at a threshold. */
export function metricsAt(pairs: readonly ScoredPair[], threshold: number): ThresholdMetrics {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const p of pairs) {
    const predicted = p.score >= threshold;
    if (predicted && p.is_match) tp++;
    else if (predicted) fp++;
    else if (p.is_match) fn++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { threshold, tp, fp, fn, tn, precision, recall, f1 };
}

/** Runs the linker on the pairs and reports P/R/F1 at each threshold. */
export async function evaluatePairs(pairs: readonly LabelledPair[], ours: readonly FtmEntity[], thresholds: readonly number[] = [0.7, 0.8, 0.85, 0.9]): Promise<EvaluationReport> {
  const byName = new Map<string, FtmEntity>();
  for (const e of ours) for (const n of [...(e.properties.name ?? []), ...(e.properties.alias ?? [])]) byName.set(`${e.schema}|${foldText(n)}`, e);
  const unresolved = new Set<string>();
  const usable: { pair: LabelledPair; ours: FtmEntity; id: string }[] = [];
  pairs.forEach((p, i) => {
    const e = byName.get(`${p.schema}|${foldText(p.name1)}`);
    if (!e) unresolved.add(p.name1);
    else usable.push({ pair: p, ours: e, id: `pair-${i + 1}` });
  });
  const dir = mkdtempSync(join(tmpdir(), 'kkg-eval-'));
  try {
    const dump = join(dir, 'pairs.ftm.json');
    writeFileSync(dump, usable.map((u) => JSON.stringify({ id: u.id, schema: u.pair.schema, properties: { name: [u.pair.name2] } })).join('\n') + '\n');
    const linker = new Linker(ours);
    const result = await linker.link(dump, { threshold: Math.min(...thresholds), candidateFloor: 0, reviewLimit: Number.MAX_SAFE_INTEGER });
    const scores = new Map<string, number>();
    for (const m of result.matches) for (const r of m.results) scores.set(`${m.query.id}|${r.id}`, r.score);
    const scored: ScoredPair[] = usable.map((u) => {
      const s = scores.get(`${u.ours.id}|${u.id}`);
      return { ...u.pair, score: s ?? 0, candidate: s !== undefined };
    });
    return { metrics: thresholds.map((t) => metricsAt(scored, t)), pairs: scored, unresolved: [...unresolved] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
