/**
 * Renders the export files of a dataset in memory (nothing is written here): the formats a caller asks for,
 * or the whole release (every format, the dataset description, the RDFC-1.0 hash, a README and a SHA-256
 * checksum list). The same input always gives byte-identical files.
 *
 * Which graphs each file carries:
 * - every graph (default graph, claim graphs, ontology graph): `kaspersky-kg.nq`, `kaspersky-kg.trig`,
 *   `kaspersky-kg.jsonld`, `kaspersky-kg.expanded.jsonld`;
 * - the default graph only (provenance layer + facts view, so that a consumer ignoring named graphs sees
 *   only facts): `kaspersky-kg.ttl`, `kaspersky-kg.nt`, `kaspersky-kg.rdf`, `nodes.csv`, `edges.csv`;
 * - the ontology graph, on its own: `ontology.ttl`;
 * - per entity (facts + the claims that mention it): `kaspersky-kg.entities.jsonl`, `entities/**.jsonld`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFactory, type Quad } from 'n3';
import { packageRoot } from '../data/paths.js';
import { ID, ONTOLOGY_GRAPH } from '../namespaces.js';
import { canonicalHash, sha256 } from './canonical.js';
import { contextDocumentText } from './context.js';
import { toCsv } from './csv.js';
import { entityFileName, toEntityDocuments } from './entities.js';
import { toExpandedJsonLd, toJsonLd } from './jsonld.js';
import { toNQuads, toNTriples } from './lines.js';
import { codeUnitCompare } from './order.js';
import { toRdfXml } from './rdfxml.js';
import { toTriG, toTurtle } from './turtle.js';
import { modelView } from './view.js';
import { toVoid, type DescribedFile } from './void.js';

/** The export formats (the CLI's `--format` values, `all` aside). */
export const EXPORT_FORMATS = ['jsonld', 'jsonld-expanded', 'jsonl', 'turtle', 'ntriples', 'nquads', 'trig', 'rdfxml', 'csv', 'void'] as const;
/** One export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One rendered file. */
export interface ExportFile extends DescribedFile {
  /** The format that produced it (`release` for README, checksums and the canonical hash). */
  readonly format: ExportFormat | 'release';
}

/** Options of {@link renderExport}. */
export interface RenderOptions {
  /** Formats to render, or `all` for the complete release (default `all`). */
  formats?: readonly ExportFormat[] | 'all';
  /** The version recorded in the description and the README (default: the package version). */
  version?: string;
  /** Release date for `dcterms:issued` (default: from `SOURCE_DATE_EPOCH` when set; never the clock). */
  issued?: string;
}

/** The package version, from `package.json`. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** `SOURCE_DATE_EPOCH` (reproducible-builds convention) as an `xsd:date`, when set. */
export function sourceDate(): string | undefined {
  const s = process.env.SOURCE_DATE_EPOCH;
  if (!s || !/^\d+$/.test(s)) return undefined;
  return new Date(Number(s) * 1000).toISOString().slice(0, 10);
}

const NAME = 'kaspersky-kg';

function file(format: ExportFile['format'], path: string, content: string, mediaType: string, description: string, extra: { dump?: boolean; iana?: boolean } = {}): ExportFile {
  return { format, path, content, mediaType, description, ianaRegistered: extra.iana ?? true, ...(extra.dump ? { dump: true } : {}) };
}

function contextFile(format: ExportFormat): ExportFile {
  return file(format, 'context/v1.jsonld', contextDocumentText(), 'application/ld+json', 'The JSON-LD context of the JSON-LD files (immutable; also at https://w3id.org/kaspersky-kg/context/v1.jsonld).');
}

/** Renders the files of one format (no description, checksums or README). */
export function renderFormat(quads: readonly Quad[], format: Exclude<ExportFormat, 'void'>, view = modelView(quads)): ExportFile[] {
  switch (format) {
    case 'jsonld':
      return [
        file(format, `${NAME}.jsonld`, toJsonLd(quads), 'application/ld+json', 'The whole dataset (every graph) as JSON-LD compacted with the package context; claim graphs are the @graph of their claim.', { dump: true }),
        contextFile(format),
      ];
    case 'jsonld-expanded':
      return [file(format, `${NAME}.expanded.jsonld`, toExpandedJsonLd(quads), 'application/ld+json', 'The whole dataset (every graph) as expanded JSON-LD (full IRIs, no context).', { dump: true })];
    case 'jsonl': {
      const docs = toEntityDocuments(quads, { view });
      return [
        file(format, `${NAME}.entities.jsonl`, docs.map((d) => `${JSON.stringify(d.document)}\n`).join(''), 'application/x-ndjson', 'One JSON-LD document per entity and line: labels, types, facts, and the claims that mention it.', { iana: false }),
        ...docs.map((d) =>
          file(format, `entities/${entityFileName(d.iri, ID, sha256)}`, `${JSON.stringify(d.document, null, 2)}\n`, 'application/ld+json', `The JSON-LD document of <${d.iri}>.`),
        ),
        contextFile(format),
      ];
    }
    case 'turtle': {
      const onto = quads.filter((q) => q.graph.termType === 'NamedNode' && q.graph.value === ONTOLOGY_GRAPH).map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
      const out = [file(format, `${NAME}.ttl`, toTurtle(quads, { header: `${NAME}: the default graph (provenance layer + facts view). Claim graphs: see ${NAME}.trig or ${NAME}.nq.` }), 'text/turtle', 'The default graph (provenance layer and facts view) as Turtle.', { dump: true })];
      if (onto.length) out.push(file(format, 'ontology.ttl', toTurtle(onto, { header: `${NAME}: the ontology and its alignments (the graph <${ONTOLOGY_GRAPH}> of the dataset).` }), 'text/turtle', 'The ontology and its alignments as Turtle.'));
      return out;
    }
    case 'ntriples':
      return [file(format, `${NAME}.nt`, toNTriples(quads), 'application/n-triples', 'The default graph (provenance layer and facts view) as N-Triples.', { dump: true })];
    case 'nquads':
      return [file(format, `${NAME}.nq`, toNQuads(quads), 'application/n-quads', 'The whole dataset (every graph) as N-Quads.', { dump: true })];
    case 'trig':
      return [file(format, `${NAME}.trig`, toTriG(quads, { header: `${NAME}: the whole dataset (default graph, claim graphs, ontology graph).` }), 'application/trig', 'The whole dataset (every graph) as TriG.', { dump: true })];
    case 'rdfxml':
      return [file(format, `${NAME}.rdf`, toRdfXml(quads), 'application/rdf+xml', 'The default graph (provenance layer and facts view) as RDF/XML.', { dump: true })];
    case 'csv': {
      const t = toCsv(quads, { view });
      return [
        file(format, 'nodes.csv', t.nodes, 'text/csv', 'Nodes of the default graph: id, label, kind, types, date, labels by language, literal properties, claims and sources.'),
        file(format, 'edges.csv', t.edges, 'text/csv', 'Edges of the default graph: source, target, property, and the claims stating each edge with their sources.'),
      ];
    }
  }
}

function dedupe(files: ExportFile[]): ExportFile[] {
  const byPath = new Map<string, ExportFile>();
  for (const f of files) if (!byPath.has(f.path)) byPath.set(f.path, f);
  return [...byPath.values()].sort((a, b) => codeUnitCompare(a.path, b.path));
}

/** The SHA-256 checksum list (`sha256sum -c` format), sorted by path. */
export function checksumList(files: readonly ExportFile[]): string {
  return [...files]
    .sort((a, b) => codeUnitCompare(a.path, b.path))
    .map((f) => `${sha256(f.content)}  ${f.path}\n`)
    .join('');
}

/**
 * Renders the requested export files in memory. `void` describes the files of the complete release (so
 * its content does not depend on the selection); `all` adds the RDFC-1.0 hash, a README and `SHA256SUMS`.
 */
export async function renderExport(quads: readonly Quad[], options: RenderOptions = {}): Promise<ExportFile[]> {
  const all = options.formats === undefined || options.formats === 'all';
  const formats: readonly ExportFormat[] = all ? EXPORT_FORMATS : [...new Set(options.formats as readonly ExportFormat[])];
  const version = options.version ?? packageVersion();
  const view = modelView(quads);
  const cache = new Map<ExportFormat, ExportFile[]>();
  const filesOf = (f: Exclude<ExportFormat, 'void'>): ExportFile[] => {
    let out = cache.get(f);
    if (!out) cache.set(f, (out = renderFormat(quads, f, view)));
    return out;
  };
  const dataFormats = (list: readonly ExportFormat[]) => list.filter((f): f is Exclude<ExportFormat, 'void'> => f !== 'void');
  const files = dedupe(dataFormats(formats).flatMap(filesOf));
  const needVoid = formats.includes('void');
  if (!needVoid) return files;
  // The description covers the files of the complete release, whatever the selection.
  const rendered = dedupe(dataFormats(EXPORT_FORMATS).flatMap(filesOf));
  const hash = await canonicalHash(quads);
  const readme = file('release', 'README.md', renderReadme(version, quads, rendered, hash), 'text/markdown', 'What the release holds and how to load it.');
  const hashFile = file(
    'release',
    `${NAME}.rdfc-1.0.sha256`,
    `# SHA-256 of the RDFC-1.0 canonical N-Quads of the dataset (every graph of ${NAME}.nq)\n${hash}\n`,
    'text/plain',
    'The RDFC-1.0 hash of the dataset.',
  );
  const described = dedupe([...rendered, readme, hashFile]);
  const issued = options.issued ?? sourceDate();
  const description = toVoid(quads, { version, files: described, canonicalHash: hash, ...(issued ? { issued } : {}) });
  const voidFile = file('void', 'void.ttl', description, 'text/turtle', 'This description.');
  if (!all) return dedupe([...files, voidFile]);
  const release = dedupe([...described, voidFile]);
  return dedupe([...release, file('release', 'SHA256SUMS', checksumList(release), 'text/plain', 'SHA-256 of every file (sha256sum -c SHA256SUMS).')]);
}

function renderReadme(version: string, quads: readonly Quad[], files: readonly ExportFile[], hash: string): string {
  const dflt = quads.filter((q) => q.graph.termType === 'DefaultGraph').length;
  const graphs = new Set(quads.filter((q) => q.graph.termType !== 'DefaultGraph').map((q) => q.graph.value)).size;
  const entities = files.filter((f) => f.path.startsWith('entities/')).length;
  const rows = files
    .filter((f) => !f.path.startsWith('entities/'))
    .map((f) => `| \`${f.path}\` | ${f.mediaType} | ${f.description} |`)
    .join('\n');
  const more = [
    `| \`void.ttl\` | text/turtle | The dataset description (VoID + DCAT): counts, partitions, one distribution per file with size and SHA-256. |`,
    `| \`${NAME}.rdfc-1.0.sha256\` | text/plain | The RDFC-1.0 hash of the dataset. |`,
    '| `SHA256SUMS` | text/plain | SHA-256 of every file. |',
  ].join('\n');
  return `# ${NAME} ${version}

A sourced knowledge graph of the 2024 US ban on Kaspersky software and what followed. Data licence:
CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Dataset description: \`void.ttl\` (VoID + DCAT).

${quads.length} quads in all: ${dflt} in the default graph (provenance layer and facts view) and the rest in
${graphs} named graphs (one per claim, plus the ontology graph <${ONTOLOGY_GRAPH}>). ${entities} entity documents.
RDFC-1.0 hash of the dataset (SHA-256 of its canonical N-Quads): \`${hash}\`.

## Which file carries what

Files with every graph: \`${NAME}.nq\`, \`${NAME}.trig\`, \`${NAME}.jsonld\`, \`${NAME}.expanded.jsonld\`.
Files with the default graph only (what the sources establish, plus the claims' provenance; hedged,
contradicted or unverified claims stay in their claim graphs): \`${NAME}.ttl\`, \`${NAME}.nt\`, \`${NAME}.rdf\`,
\`nodes.csv\`, \`edges.csv\`.

| file | media type | content |
|---|---|---|
${rows}
${more}
| \`entities/…\` | application/ld+json | One JSON-LD document per entity (the lines of \`${NAME}.entities.jsonl\`), named after the IRI path below \`id:\`. |

## Loading

- JSON-LD: the documents name their context by IRI (\`https://w3id.org/kaspersky-kg/context/v1.jsonld\`); offline,
  give your processor a document loader that serves \`context/v1.jsonld\` for that IRI. \`claims\` in the entity
  documents is an alias of \`@included\`: the claims that mention the entity, with what each states in \`@graph\`.
- pandas: \`pd.read_csv("nodes.csv")\`, \`pd.read_csv("edges.csv")\` (several values in a cell are joined with \` | \`).
- Gephi: import \`nodes.csv\` as the nodes table and \`edges.csv\` as the edges table (columns \`Id\`, \`Label\`,
  \`Source\`, \`Target\`, \`Type\`).
- Neo4j:
  \`LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS r CREATE (:Node {id: r.Id, label: r.Label, kind: r.kind, types: r.types})\`, then
  \`LOAD CSV WITH HEADERS FROM 'file:///edges.csv' AS r MATCH (a:Node {id: r.Source}), (b:Node {id: r.Target}) CREATE (a)-[:REL {type: r.Label, claims: r.claims}]->(b)\`.
- Python rdflib: \`Dataset().parse("${NAME}.trig", format="trig")\`; \`Graph().parse("${NAME}.ttl")\`.

## Checking

\`sha256sum -c SHA256SUMS\` checks every file. The RDFC-1.0 hash in \`${NAME}.rdfc-1.0.sha256\` identifies the graph
itself: any serialisation of the same dataset canonicalises to it.
`;
}
