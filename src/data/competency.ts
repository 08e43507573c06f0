/**
 * Competency questions: `queries/*.rq`, each with a first comment line stating the question and a
 * `queries/expected/<name>.json` holding its expected rows.
 * @module
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { queriesDir } from './paths.js';

/** One competency question. */
export interface CompetencyQuestion {
  /** File name without `.rq` (e.g. `cq01-who-banned-kaspersky`). */
  name: string;
  /** The question, from the first `#` line. */
  question: string;
  /** The SPARQL text. */
  query: string;
  /** Path of the expected results file. */
  expectedFile: string;
}

/** Lists the competency questions in `queries/` (sorted by name). */
export function competencyQuestions(dir: string = queriesDir): CompetencyQuestion[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rq'))
    .sort()
    .map((f) => {
      const query = readFileSync(join(dir, f), 'utf8');
      const name = f.slice(0, -3);
      return { name, question: /^#\s*(.+)$/m.exec(query)?.[1]?.trim() ?? name, query, expectedFile: join(dir, 'expected', `${name}.json`) };
    });
}

/** Finds a question by exact name, by its number (`cq07`, `7`) or by a unique name prefix. */
export function findQuestion(key: string, dir?: string): CompetencyQuestion {
  const all = competencyQuestions(dir);
  const n = /^(?:cq)?0*(\d+)$/i.exec(key)?.[1];
  const hits = all.filter((q) => q.name === key || (n !== undefined && q.name.startsWith(`cq${n.padStart(2, '0')}-`)) || q.name.startsWith(key));
  if (hits.length === 1) return hits[0]!;
  const list = all.map((q) => `  ${q.name}: ${q.question}`).join('\n');
  throw new Error(hits.length ? `"${key}" is ambiguous:\n${hits.map((q) => `  ${q.name}`).join('\n')}` : `no competency question "${key}". Known:\n${list}`);
}
