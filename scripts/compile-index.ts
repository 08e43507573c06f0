/**
 * Compiles the point-lookup index (`dist/data/kaspersky-kg.index.json`) from the compiled dataset
 * (`dist/data/kaspersky-kg.nq`, written by `scripts/compile-data.ts`, which must run first). At run time
 * the `entity`, `externalIds` and `findEntities` helpers answer from it without loading the SPARQL engine.
 */
import { readFileSync } from 'node:fs';
import { compiledDatasetFile } from '../src/data/paths.js';
import { writeFileAtomic } from '../src/io/atomic.js';
import { buildPointIndex } from '../src/index-store/build.js';
import { indexFileFor } from '../src/index-store/format.js';

const nquads = readFileSync(compiledDatasetFile, 'utf8');
const index = buildPointIndex(nquads);
const file = indexFileFor(compiledDatasetFile);
const json = JSON.stringify(index);
writeFileAtomic(file, json);
console.log(`indexed ${Object.keys(index.entities).length} subjects (${index.search.length} searchable, ${index.terms.length} terms) of ${index.dataset.quads} quads into ${file} (${json.length} bytes)`);
