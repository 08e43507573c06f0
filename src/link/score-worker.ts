/**
 * The linker's scoring thread: receives batches of the dump lines the reading thread's prefilter did not
 * skip (with their line numbers), reads and scores them ({@link LineScorer}: careful read, blocking,
 * scoring) and answers each batch with its malformed lines; at the end it sends its result sets and
 * counters. Started by {@link ScoreHelper} for large dumps.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LineScorer, prepareOurs } from './line-scorer.js';
import { scoreBatch, type HelperInit, type HelperReply, type HelperRequest } from './score-helper.js';

const init = workerData as HelperInit;
const scorer = new LineScorer(prepareOurs(init.ours, new Map(init.extraIds)), init.options);
const port = parentPort!;

port.on('message', (m: HelperRequest) => {
  if (m.type === 'end') {
    const reply: HelperReply = { type: 'done', sets: scorer.sets.map((s) => s.state()), counts: scorer.counts };
    port.postMessage(reply);
    return;
  }
  const malformed = scoreBatch(scorer, m);
  const reply: HelperReply = { type: 'batch', id: m.id, malformed, matches: scorer.counts.matches };
  port.postMessage(reply);
});
