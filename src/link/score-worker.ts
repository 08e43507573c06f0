/**
 * The worker thread of {@link ScoreOffload}: receives batches of dump lines the prefilter did not skip,
 * reads and scores them with a {@link LineScorer}, reports malformed lines per batch, and sends the
 * result sets at the end. Started by the linker for large dumps, so that scoring runs beside the scan.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LineScorer, prepareOurs, type ScorerOptions } from './line-scorer.js';
import type { LinkableEntity } from './linkable.js';
import type { LineBatch, WorkerReply } from './score-offload.js';

const init = workerData as { ours: LinkableEntity[]; extraIds: [string, string[]][]; options: ScorerOptions };
const scorer = new LineScorer(prepareOurs(init.ours, new Map(init.extraIds)), init.options);
const port = parentPort!;

port.on('message', (m: LineBatch | { end: true }) => {
  if ('end' in m) {
    const reply: WorkerReply = { type: 'done', sets: scorer.sets.map((s) => s.state()), counts: scorer.counts };
    port.postMessage(reply);
    return;
  }
  const malformed: { line: number; message: string }[] = [];
  for (let k = 0; k < m.count; k++) {
    const error = scorer.line(m.bytes, m.starts[k]!, m.ends[k]!, m.lines[k]!, m.utf8[k] === 1);
    if (error !== undefined) malformed.push({ line: m.lines[k]!, message: error });
  }
  const reply: WorkerReply = { type: 'batch', malformed, matches: scorer.counts.matches };
  port.postMessage(reply);
});
