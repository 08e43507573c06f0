/**
 * A query worker (worker_threads): its own Oxigraph store loaded from the dataset's N-Quads, answering one
 * query at a time with serialised results. Oxigraph is synchronous, so running it here keeps the caller's
 * event loop free and lets the pool stop a query that runs too long (or grows too big) by terminating the
 * worker. The endpoint (`serve`), the CLI (`query`, `ask`) and the library (`kg.select` … on caller text)
 * all run untrusted queries through it.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FailureKind, WorkerReply, WorkerRequest, WorkerSetup } from './pool-protocol.js';

const UNSUPPORTED_FORMAT = /Not supported (?:RDF|SPARQL query results) format/i;

// The engine reports a Rust panic through console.error before it traps: keep the text for the reply
// instead of printing it (a panic on stderr reads as a crash).
let lastPanic = '';
console.error = (...args: unknown[]) => {
  lastPanic = args.map(String).join(' ');
};
console.warn = () => {};

/** Turns an engine trap (WASM RuntimeError, JS stack overflow) into a failure kind and a clear message. */
function trapOutcome(error: Error): { kind: FailureKind; message: string } {
  const panic = /panicked at[^\n]*\n?([^\n]*)/.exec(lastPanic)?.[1]?.trim() || lastPanic.split('\n')[0]!.slice(0, 120);
  lastPanic = '';
  if (/memory access out of bounds|Maximum call stack size exceeded/.test(error.message)) {
    return { kind: 'too-complex', message: 'the engine ran out of stack on this query: it is nested or chained too deeply (e.g. thousands of ||, UNION, OPTIONAL or BIND); simplify it' };
  }
  if (/capacity overflow|memory allocation|out of memory/i.test(`${panic} ${error.message}`) || /Array buffer allocation failed|Out of memory/i.test(error.message)) {
    return { kind: 'memory', message: `the query needs more memory than the engine has (${panic || error.message}): it builds too large an intermediate result; narrow its patterns or add a LIMIT` };
  }
  return { kind: 'internal', message: `the query engine failed on this query${panic ? ` (${panic})` : ''}: ${error.message}` };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('query/pool-worker.ts must run as a worker thread');
  const { nquads } = workerData as WorkerSetup;
  const ox = await import('oxigraph');
  const store = new ox.Store();
  try {
    store.load(nquads, { format: 'application/n-quads' });
  } catch (error) {
    port.postMessage({ type: 'failed', message: `cannot load the dataset: ${(error as Error).message}` } satisfies WorkerReply);
    return;
  }
  port.on('message', (m: WorkerRequest) => {
    const reply = (r: WorkerReply) => port.postMessage(r);
    const options = (format: string) => {
      const o: Parameters<typeof store.query>[1] & object = { results_format: format };
      if (m.defaultGraphs.length) o.default_graph = m.defaultGraphs.map((g) => ox.namedNode(g));
      if (m.namedGraphs.length) o.named_graphs = m.namedGraphs.map((g) => ox.namedNode(g));
      return o;
    };
    let format = m.format;
    try {
      let result: ReturnType<typeof store.query>;
      try {
        result = store.query(m.query, options(format));
      } catch (error) {
        // The form was guessed wrong (unusual syntax before the keyword): run it with the other kind's format.
        if (!UNSUPPORTED_FORMAT.test((error as Error).message)) throw error;
        format = m.altFormat;
        result = store.query(m.query, options(format));
      }
      const body = typeof result === 'string' ? result : JSON.stringify(result);
      const bytes = Buffer.byteLength(body);
      if (bytes > m.maxResultBytes) {
        reply({ type: 'result', id: m.id, ok: false, kind: 'too-large', message: `the result has ${bytes} bytes, more than the limit of ${m.maxResultBytes}: add a LIMIT or narrow the query` });
        return;
      }
      reply({ type: 'result', id: m.id, ok: true, body, format });
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      const trapped = error instanceof WebAssembly.RuntimeError || error instanceof RangeError;
      if (!trapped) {
        lastPanic = '';
        reply({ type: 'result', id: m.id, ok: false, kind: 'query', message: err.message });
        return;
      }
      // After a trap the engine's memory may be inconsistent: say so, then exit; the pool starts a fresh
      // worker and sends this one nothing more.
      reply({ type: 'result', id: m.id, ok: false, ...trapOutcome(err), retiring: true });
      process.exit(1);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}

main().catch((error: unknown) => {
  parentPort?.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
});
