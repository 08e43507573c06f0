/**
 * Derives code and the JSON-LD context from the ontology, so that nothing is written twice:
 * - `src/generated/vocab.ts`: every kg: term as an IRI constant, the class and property name unions, and
 *   the labels/comments (for TSDoc and UIs);
 * - `context/v2.jsonld`: the JSON-LD context (every kg: term, object properties typed `@id`);
 * - `src/generated/prefilter-wasm.ts`: the linker's WebAssembly prefilter, compiled from
 *   `assembly/prefilter.ts` (see scripts/wasm-render.ts).
 * Published contexts never change: `context/v1.jsonld` is frozen (never regenerated) and `context/v2.jsonld`,
 * published with 0.2.0, is pinned by hash with `context/v1.jsonld` in `test/context-pin.test.ts`. An ontology
 * term added after 0.2.0 therefore fails that pin: write the next context (`v3`) instead of changing v2. Run by
 * `npm run build`; `test/generated.test.ts` fails when the committed output is stale.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderVocabModule, renderContext } from './vocab-render.js';
import { compilePrefilterWasm, renderAssemblyCodes, renderPrefilterModule } from './wasm-render.js';
import { packageRoot } from '../src/data/paths.js';

mkdirSync(join(packageRoot, 'src', 'generated'), { recursive: true });
mkdirSync(join(packageRoot, 'context'), { recursive: true });
writeFileSync(join(packageRoot, 'src', 'generated', 'vocab.ts'), renderVocabModule());
// context/v1.jsonld is published and frozen (never regenerated); the current context is v2.
writeFileSync(join(packageRoot, 'context', 'v2.jsonld'), renderContext());
writeFileSync(join(packageRoot, 'assembly', 'codes.ts'), renderAssemblyCodes());
writeFileSync(join(packageRoot, 'src', 'generated', 'prefilter-wasm.ts'), renderPrefilterModule(await compilePrefilterWasm()));
console.log('generated src/generated/vocab.ts, assembly/codes.ts, src/generated/prefilter-wasm.ts and context/v2.jsonld');
