/**
 * Compiles the linker's WebAssembly prefilter (`assembly/prefilter.ts`, AssemblyScript) and renders the
 * TypeScript module that carries it (`src/generated/prefilter-wasm.ts`, the binary as base64, so the
 * bundle, the compiled package and the TypeScript sources all load it without a file path). Used by
 * `scripts/generate.ts` (`npm run generate`, part of the build) and by `test/link-wasm.test.ts`, which
 * fails when the committed module is stale.
 * @module
 */
import asc from 'assemblyscript/asc';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The compiler's arguments: optimised, SIMD, no garbage collector (the scanner allocates nothing). */
export const ASC_ARGS = ['assembly/prefilter.ts', '-O3', '--enable', 'simd', '--runtime', 'stub', '--noAssert', '--initialMemory', '2', '--outFile', 'prefilter.wasm'];

/** The compiled scanner's bytes (throws with the compiler's messages when it fails). */
export async function compilePrefilterWasm(): Promise<Buffer> {
  let binary: Uint8Array | undefined;
  let messages = '';
  const { error } = await asc.main([...ASC_ARGS, '--baseDir', root], {
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
    },
    stdout: { write: (s: string) => (messages += s) } as never,
    stderr: { write: (s: string) => (messages += s) } as never,
  });
  if (error || !binary) throw new Error(`assembly/prefilter.ts did not compile: ${error?.message ?? ''}\n${messages}`);
  return Buffer.from(binary);
}

/** The text of src/generated/prefilter-wasm.ts for these bytes. */
export function renderPrefilterModule(bytes: Buffer): string {
  const b64 = bytes.toString('base64');
  const lines = b64.match(/.{1,100}/g) ?? [];
  return `/**
 * The linker's WebAssembly prefilter, compiled from assembly/prefilter.ts by scripts/wasm-render.ts
 * (\`npm run generate\`; ${bytes.length} bytes). Generated: do not edit.
 * @module
 */

/** The WebAssembly module, base64. */
export const PREFILTER_WASM =
${lines.map((l, i) => `  '${l}'${i === lines.length - 1 ? ';' : ' +'}`).join('\n')}
`;
}
