/**
 * Hygiene checks: SPARQL files in `queries/hygiene/` where every returned row is a failure (ROBOT/FIBO
 * style). Each query's first comment line says what it checks; rows should bind `?focus` and may bind
 * `?detail`. New data is checked automatically because the queries run over the whole dataset.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryTarget } from '../query/target.js';
import { queriesDir } from '../data/paths.js';

/** One hygiene query and its description. */
export interface HygieneCheck {
  /** File name without `.rq`. */
  name: string;
  /** What the check asserts (the query's first comment line). */
  description: string;
  /** The query text. */
  query: string;
}

/** One failing row of a hygiene check. */
export interface HygieneFailure {
  /** The check's name. */
  check: string;
  /** What the check asserts. */
  description: string;
  /** The offending resource. */
  focus: string;
  /** More about the failure (the value, the graph...). */
  detail: string;
}

/** Reads the hygiene checks from `queries/hygiene/` (or `dir`). */
function loadHygieneChecks(dir: string = join(queriesDir, 'hygiene')): HygieneCheck[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rq'))
    .sort()
    .map((f) => {
      const query = readFileSync(join(dir, f), 'utf8');
      const description = /^#\s*(.+)$/m.exec(query)?.[1]?.trim() ?? f;
      return { name: f.slice(0, -3), description, query };
    });
}

/**
 * Runs every check on a target; returns all failing rows (empty when the data is clean). `onCheck` is
 * told each check's name, its 1-based number and the count as it starts.
 */
export async function runHygiene(target: QueryTarget, checks: readonly HygieneCheck[] = loadHygieneChecks(), onCheck?: (name: string, index: number, count: number) => void): Promise<HygieneFailure[]> {
  const failures: HygieneFailure[] = [];
  for (const [i, c] of checks.entries()) {
    onCheck?.(c.name, i + 1, checks.length);
    for (const row of await target.select(c.query)) {
      failures.push({ check: c.name, description: c.description, focus: row.focus?.value ?? '', detail: row.detail?.value ?? '' });
    }
  }
  return failures;
}
