/**
 * Compiles the dataset (ontology graph, claim graphs, provenance layer and facts view) into
 * `dist/data/kaspersky-kg.nq`, which the package loads at run time instead of parsing the sources.
 */
import { assembleDataset, buildDatasetParts, toNQuads } from '../src/data/dataset.js';
import { compiledDatasetFile } from '../src/data/paths.js';
import { writeFileAtomic } from '../src/io/atomic.js';

const quads = assembleDataset(buildDatasetParts());
writeFileAtomic(compiledDatasetFile, toNQuads(quads));
console.log(`compiled ${quads.length} quads into ${compiledDatasetFile}`);
