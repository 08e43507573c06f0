// Feature probes of bench/pool.ts, run as piscina tasks: what happens to the query sent right behind one
// whose engine trapped (the worker must not be used again), and whether the V8 heap limit also bounds
// WebAssembly memory (Oxigraph's store lives there).
import { threadId } from 'node:worker_threads';

let trapped = false;
export default function probe(task) {
  if (task === 'trap-then-exit') {
    // Reply first, then exit (what src/query/pool-worker.ts does after a WASM trap).
    trapped = true;
    setImmediate(() => process.exit(1));
    return `thread ${threadId}: trapped`;
  }
  if (task === 'trap-exit-now') process.exit(1); // exit before replying: the reply is lost
  if (task === 'wasm-256mb') {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4097 });
    memory.grow(4096);
    new Uint8Array(memory.buffer).fill(1); // touch every page
    return `grew WebAssembly memory to ${memory.buffer.byteLength / 1024 / 1024} MiB`;
  }
  return trapped ? 'answered by the trapped worker' : 'answered by a sound worker';
}
