/**
 * Writes `queries/expected/<name>.json` for every competency question from the current data.
 * Review the diff by hand before committing: an expected answer is a claim about the sources.
 * Usage: tsx scripts/update-expected.ts [NAME...]
 */
import { writeFileAtomic } from '../src/io/atomic.js';
import { competencyQuestions } from '../src/data/competency.js';
import { canonicalAnswer } from '../src/cli/expected.js';
import { EmbeddedTarget, loadOxigraph } from '../src/query/embedded.js';
import { assembleDataset, buildDatasetParts, toNQuads } from '../src/data/dataset.js';

const only = new Set(process.argv.slice(2));
const target = new EmbeddedTarget(await loadOxigraph(toNQuads(assembleDataset(buildDatasetParts()))));
for (const q of competencyQuestions()) {
  if (only.size && !only.has(q.name)) continue;
  const answer = await canonicalAnswer(target, q.query);
  writeFileAtomic(q.expectedFile, `${JSON.stringify({ question: q.question, ...answer }, null, 2)}\n`);
  console.log(`${q.name}: ${'boolean' in answer ? answer.boolean : `${answer.rows.length} rows`}`);
}
