/**
 * The linker's second scanning thread: receives blocks of whole dump lines (with the number of their
 * first line), runs the same per-line work as the reading thread ({@link LinePass}: prefilter, careful
 * read, scoring) and answers each block with its malformed lines; at the end it sends its result sets
 * and counters. Started by {@link ScanHelper} for large dumps.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Prefilter } from './blocking.js';
import { LinePass } from './line-pass.js';
import { LineScorer, prepareOurs, type Prepared } from './line-scorer.js';
import type { HelperInit, HelperReply, HelperRequest } from './scan-helper.js';

const init = workerData as HelperInit;
let prepared: Prepared | undefined;
const prepare = (): Prepared => (prepared ??= prepareOurs(init.ours, new Map(init.extraIds)));
const prefilter = new Prefilter(init.patterns ?? prepare().index.patterns);
let malformed: { line: number; message: string }[] = [];
const pass = new LinePass(prefilter, () => new LineScorer(prepare(), init.options), (line, message) => {
  malformed.push({ line, message });
  return undefined;
});
const port = parentPort!;

port.on('message', (m: HelperRequest) => {
  if (m.type === 'end') {
    const scorer = pass.scorer;
    const reply: HelperReply = { type: 'done', sets: scorer.sets.map((s) => s.state()), counts: scorer.counts, skipped: pass.skipped, blank: pass.blank };
    port.postMessage(reply);
    return;
  }
  malformed = [];
  const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
  pass.lines(bytes, 0, bytes.length, m.firstLine, m.utf8);
  const reply: HelperReply = { type: 'block', id: m.id, malformed, matches: pass.scorer.counts.matches };
  port.postMessage(reply);
});
