/**
 * Compiles the linkable entities (`dist/data/kaspersky-kg.link.json`) from the compiled dataset
 * (`dist/data/kaspersky-kg.nq`, written by `scripts/compile-data.ts`, which must run first): the
 * package's people and companies as FtM entities with the context the linker's qualifiers use, and the
 * prefilter's patterns for them. At run time `kaspersky-kg link` reads this file instead of loading the
 * SPARQL engine, and scans its first line before it prepares the entities for scoring.
 */
import { compiledDatasetFile } from '../src/data/paths.js';
import { writeFileAtomic } from '../src/io/atomic.js';
import { openGraph } from '../src/graph.js';
import { buildFtmExport } from '../src/ftm/export.js';
import { fileFingerprint, LINKABLE_FORMAT, linkableFileFor, linkableFromExport, type LinkableFile } from '../src/link/linkable.js';
import { prepareOurs } from '../src/link/line-scorer.js';

const graph = await openGraph();
try {
  const x = await buildFtmExport(graph);
  const entities = linkableFromExport(x.entities);
  const file: LinkableFile = { format: LINKABLE_FORMAT, dataset: { fingerprint: fileFingerprint(compiledDatasetFile) }, entities, prefilterPatterns: prepareOurs(entities).index.patterns };
  const out = linkableFileFor(compiledDatasetFile);
  const json = JSON.stringify(file);
  writeFileAtomic(out, json);
  console.log(`compiled ${file.entities.length} linkable entities into ${out} (${json.length} bytes)`);
} finally {
  await graph.close();
}
// Exit explicitly: since the graph's queries run isolated, a message port can outlive graph.close() and
// keep this script alive after its work is done.
process.exit(0);
