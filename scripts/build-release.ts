/**
 * `npm run build:release`: writes the versioned release folder `dist/release/<version>/` (every export
 * format, VoID/DCAT description, RDFC-1.0 hash, README, SHA256SUMS) from the package's sources. The folder
 * is built beside its target and swapped in at the end, so a failed build leaves the previous release as
 * it was. Two builds of the same sources give byte-identical files (set SOURCE_DATE_EPOCH to record a
 * release date).
 */
import { join } from 'node:path';
import { assembleDataset, buildDatasetParts } from '../src/data/dataset.js';
import { packageRoot } from '../src/data/paths.js';
import { packageVersion, renderExport } from '../src/export/release.js';
import { writeDirectoryAtomic } from '../src/export/write.js';

const version = packageVersion();
const outDir = process.argv[2] ?? join(packageRoot, 'dist', 'release', version);
try {
  const quads = assembleDataset(buildDatasetParts());
  const files = await renderExport(quads, { formats: 'all', version });
  writeDirectoryAtomic(outDir, files);
  console.log(`build:release: ${files.length} files, ${quads.length} quads → ${outDir}`);
} catch (error) {
  console.error(`build:release: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
