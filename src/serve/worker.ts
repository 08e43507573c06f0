/**
 * A query worker (worker_threads): its own Oxigraph store loaded from the dataset's N-Quads, answering one
 * query at a time with serialised results. Oxigraph is synchronous, so running it here keeps the server's
 * event loop free and lets the pool stop a query that runs too long by terminating the worker.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './protocol.js';

const UNSUPPORTED_FORMAT = /Not supported (?:RDF|SPARQL query results) format/i;

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serve/worker.ts must run as a worker thread');
  const { nquads } = workerData as { nquads: string };
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
        reply({ type: 'result', id: m.id, ok: false, kind: 'too-large', message: `the result has ${bytes} bytes, more than this endpoint's limit of ${m.maxResultBytes}: add a LIMIT or narrow the query` });
        return;
      }
      reply({ type: 'result', id: m.id, ok: true, body, format });
    } catch (error) {
      const runtime = error instanceof WebAssembly.RuntimeError || error instanceof RangeError;
      const message = error instanceof Error ? error.message : String(error);
      reply({ type: 'result', id: m.id, ok: false, kind: runtime ? 'internal' : 'query', message });
      // After a trap the engine's memory may be inconsistent: let the pool start a fresh worker.
      if (runtime) process.exit(1);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}

main().catch((error: unknown) => {
  parentPort?.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
});
