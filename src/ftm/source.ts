/**
 * Where the FtM export and the linker read the graph from: the package's own data (`openGraph()`), or a
 * given set of TriG files (tests, fixtures, a working copy of the data).
 * @module
 */
import { KasperskyGraph, openGraph } from '../graph.js';
import { assembleDataset, buildDatasetParts, toNQuads } from '../data/dataset.js';
import { EmbeddedTarget, loadOxigraph } from '../query/embedded.js';

/** Opens an embedded graph over the given data files (with the package ontology), or the package graph. */
export async function graphFrom(dataFiles?: readonly string[]): Promise<KasperskyGraph> {
  if (!dataFiles || dataFiles.length === 0) return openGraph();
  const quads = assembleDataset(buildDatasetParts({ data: dataFiles }));
  const store = await loadOxigraph(toNQuads(quads));
  return new KasperskyGraph(new EmbeddedTarget(store));
}
