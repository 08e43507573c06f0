// The piscina side of bench/pool.ts: the same work as src/query/pool-worker.ts on its success path (an
// Oxigraph store loaded from the dataset's N-Quads once per worker; per task, one query serialised in the
// asked format and its size checked), as a piscina task function. Plain JavaScript so that piscina loads
// it without a TypeScript loader.
import { workerData } from 'piscina';

const ox = await import('oxigraph');
const store = new ox.Store();
store.load(workerData.nquads, { format: 'application/n-quads' });

/** Runs one query: `{ query, format, maxResultBytes }` → the serialised result (a size error throws). */
export default function run({ query, format, maxResultBytes }) {
  const result = store.query(query, { results_format: format });
  const body = typeof result === 'string' ? result : JSON.stringify(result);
  const bytes = Buffer.byteLength(body);
  if (bytes > maxResultBytes) throw new Error(`the result has ${bytes} bytes, more than the limit of ${maxResultBytes}`);
  return body;
}
