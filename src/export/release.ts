/**
 * Renders the export files of a dataset in memory (nothing is written here): the formats a caller asks for,
 * or the whole release (every format, the dataset description, the RDFC-1.0 hash, a README and a SHA-256
 * checksum list). The same input always gives byte-identical files.
 *
 * The dataset has no claim graphs: the default graph holds the facts view (the triples that licensed claims
 * state) and the descriptions (claims, evidence per source, propositions, sentences, sources); the ontology
 * is in its own named graph. Which graphs each file carries:
 * - every graph (default graph, ontology graph): `kaspersky-kg.nq`, `kaspersky-kg.trig`,
 *   `kaspersky-kg.jsonld`, `kaspersky-kg.expanded.jsonld`;
 * - the whole default graph (facts + claims + evidence + propositions): `kaspersky-kg.ttl`,
 *   `kaspersky-kg.nt`, `kaspersky-kg.rdf`; and as tables `nodes.csv`, `edges.csv`, `statements.csv`;
 * - the ontology graph, on its own: `ontology.ttl`;
 * - per entity (its facts + the claims that mention it, with their propositions and evidence):
 *   `kaspersky-kg.entities.jsonl`, `entities/**.jsonld`.
 * Loaded as the union of its graphs, no file holds a triple of an unlicensed claim as a plain triple.
 * @module
 */
import { DataFactory, type Quad } from 'n3';
import { packageVersion } from '../data/paths.js';
import { ID, ONTOLOGY_GRAPH } from '../namespaces.js';
import { canonicalHash, sha256 } from './canonical.js';
import { CONTEXT_IRI, CONTEXT_V1_IRI, contextDocumentText, contextV1DocumentText } from './context.js';
import { toCsv } from './csv.js';
import { entityFileName, toEntityDocuments } from './entities.js';
import { toExpandedJsonLd, toJsonLd } from './jsonld.js';
import { toNQuads, toNTriples } from './lines.js';
import { codeUnitCompare } from '../rdf/order.js';
import { toRdfXml } from './rdfxml.js';
import { exportShapesText } from './shapes.js';
import { toTriG, toTurtle } from './turtle.js';
import { modelView, type ModelView } from '../model/view.js';
import { tripleKey } from '../rdf/term-key.js';
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

export { packageVersion };

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

function contextFiles(format: ExportFormat): ExportFile[] {
  return [
    file(format, 'context/v2.jsonld', contextDocumentText(), 'application/ld+json', `The JSON-LD context (immutable; also at ${CONTEXT_IRI}); every JSON-LD file embeds the definitions it uses, so none needs this file to load.`),
    file(format, 'context/v1.jsonld', contextV1DocumentText(), 'application/ld+json', `The previous JSON-LD context, unchanged, for documents that name it (immutable; also at ${CONTEXT_V1_IRI}).`),
  ];
}

/** What the plain-triple files (Turtle, N-Triples, RDF/XML) carry, in one sentence. */
const DEFAULT_GRAPH_TEXT =
  'The whole default graph: the facts view (the triples of licensed claims) and the claims that describe it and everything else, with their propositions (rdf:subject/predicate/object, not asserted), evidence per source (quotes) and sources';

/** Renders the files of one format (no description, checksums or README). */
export function renderFormat(quads: readonly Quad[], format: Exclude<ExportFormat, 'void'>, view = modelView(quads)): ExportFile[] {
  switch (format) {
    case 'jsonld':
      return [
        file(format, `${NAME}.jsonld`, toJsonLd(quads), 'application/ld+json', 'The whole dataset (every graph) as JSON-LD compacted with the package context, embedded (JSON-LD 1.0 and 1.1); the ontology graph is the @graph of the ontology graph node.', { dump: true }),
        ...contextFiles(format),
      ];
    case 'jsonld-expanded':
      return [file(format, `${NAME}.expanded.jsonld`, toExpandedJsonLd(quads), 'application/ld+json', 'The whole dataset (every graph) as expanded JSON-LD (full IRIs, no context).', { dump: true })];
    case 'jsonl': {
      const docs = toEntityDocuments(quads, { view });
      return [
        file(format, `${NAME}.entities.jsonl`, docs.map((d) => `${JSON.stringify(d.document)}\n`).join(''), 'application/x-ndjson', 'One JSON-LD document per entity and line: labels, types, facts, and the claims that mention it with their propositions, evidence (quotes per source) and licensing.', { iana: false }),
        ...docs.map((d) =>
          file(format, `entities/${entityFileName(d.iri, ID, sha256)}`, `${JSON.stringify(d.document, null, 2)}\n`, 'application/ld+json', `The JSON-LD document of <${d.iri}>.`),
        ),
        ...contextFiles(format),
      ];
    }
    case 'turtle': {
      const onto = quads.filter((q) => q.graph.termType === 'NamedNode' && q.graph.value === ONTOLOGY_GRAPH).map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
      const header =
        `${NAME}: the whole default graph. Plain triples are the facts view (what licensed claims state); every claim is\n` +
        'described here too (kg:Claim with kg:modality, kg:verification, kg:licensed), with the propositions it states or\n' +
        'denies (kg:states / kg:denies -> rdf:subject, rdf:predicate, rdf:object: described, not asserted), its evidence\n' +
        `per source (kg:evidence -> kg:document, kg:quote) and its sources. The ontology: ontology.ttl.`;
      const out = [file(format, `${NAME}.ttl`, toTurtle(quads, { header }), 'text/turtle', `${DEFAULT_GRAPH_TEXT}, as Turtle.`, { dump: true })];
      if (onto.length) out.push(file(format, 'ontology.ttl', toTurtle(onto, { header: `${NAME}: the ontology and its alignments (the graph <${ONTOLOGY_GRAPH}> of the dataset).` }), 'text/turtle', 'The ontology and its alignments as Turtle.'));
      if (onto.length) out.push(
        file(format, `${NAME}.shapes.ttl`, exportShapesText(onto), 'text/turtle', 'SHACL shapes for the export as published: ontology/shapes.ttl with the class hierarchy folded in, so a validator needs no ontology in the data graph.', { iana: true }),
      );
      return out;
    }
    case 'ntriples':
      return [file(format, `${NAME}.nt`, toNTriples(quads), 'application/n-triples', `${DEFAULT_GRAPH_TEXT}, as N-Triples.`, { dump: true })];
    case 'nquads':
      return [file(format, `${NAME}.nq`, toNQuads(quads), 'application/n-quads', 'The whole dataset (every graph) as N-Quads.', { dump: true })];
    case 'trig':
      return [file(format, `${NAME}.trig`, toTriG(quads, { header: `${NAME}: the whole dataset: the default graph (facts view, claims, evidence, propositions, sources) and the ontology graph.` }), 'application/trig', 'The whole dataset (every graph) as TriG.', { dump: true })];
    case 'rdfxml':
      return [file(format, `${NAME}.rdf`, toRdfXml(quads), 'application/rdf+xml', `${DEFAULT_GRAPH_TEXT}, as RDF/XML.`, { dump: true })];
    case 'csv': {
      const t = toCsv(quads, { view });
      return [
        file(format, 'nodes.csv', t.nodes, 'text/csv', 'Nodes of the default graph (propositions aside): id, label, kind, types, date, labels by language, literal properties, the claims that mention the node and their sources.'),
        file(format, 'edges.csv', t.edges, 'text/csv', 'Edges of the default graph (propositions aside): source, target, property, and the claims stating each edge with their sources.'),
        file(format, 'statements.csv', t.statements, 'text/csv', 'What every claim states or denies, one row per (proposition, claim, source): subject, predicate, object, claim, stance, modality, verification, licensed, source, quote.'),
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
  const readme = file('release', 'README.md', renderReadme(version, quads, rendered, hash, view), 'text/markdown', 'What the release holds and how to load it.');
  const hashFile = file(
    'release',
    `${NAME}.rdfc-1.0.sha256`,
    `# SHA-256 of the RDFC-1.0 canonical N-Quads of the dataset (every graph of ${NAME}.nq)\n${hash}\n`,
    'text/plain',
    'The RDFC-1.0 hash of the dataset.',
  );
  const described = dedupe([...rendered, readme, hashFile]);
  const issued = options.issued ?? sourceDate();
  const description = toVoid(quads, { version, files: described, canonicalHash: hash, view, ...(issued ? { issued } : {}) });
  const voidFile = file('void', 'void.ttl', description, 'text/turtle', 'This description.');
  if (!all) return dedupe([...files, voidFile]);
  const release = dedupe([...described, voidFile]);
  return dedupe([...release, file('release', 'SHA256SUMS', checksumList(release), 'text/plain', 'SHA-256 of every file (sha256sum -c SHA256SUMS).')]);
}

/** Counts of the model's parts, for the README and the description. */
export function modelCounts(quads: readonly Quad[], view: ModelView = modelView(quads)): { claims: number; licensed: number; propositions: number; evidence: number; facts: number } {
  let licensed = 0;
  let evidence = 0;
  const factKeys = new Set<string>();
  for (const c of view.claims) {
    const info = view.claimInfo(c)!;
    evidence += info.evidence.length;
    if (info.licensed === true) {
      licensed++;
      for (const p of info.states) {
        const prop = view.propositions.get(p);
        if (prop) factKeys.add(tripleKey(prop));
      }
    }
  }
  let facts = 0;
  for (const q of quads) if (q.graph.termType === 'DefaultGraph' && factKeys.delete(tripleKey(q))) facts++;
  return { claims: view.claims.size, licensed, propositions: view.propositions.size, evidence, facts };
}

function renderReadme(version: string, quads: readonly Quad[], files: readonly ExportFile[], hash: string, view: ModelView): string {
  const dflt = quads.filter((q) => q.graph.termType === 'DefaultGraph').length;
  const graphs = [...new Set(quads.filter((q) => q.graph.termType !== 'DefaultGraph').map((q) => `<${q.graph.value}>`))].sort(codeUnitCompare);
  const n = modelCounts(quads, view);
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

${quads.length} quads in all: ${dflt} in the default graph and the rest in ${graphs.length} named graph${graphs.length === 1 ? '' : 's'} (${graphs.join(', ') || 'none'}: the ontology).
The default graph holds ${n.claims} claims (${n.licensed} licensed), ${n.propositions} propositions, ${n.evidence} evidence nodes
and ${n.facts} facts. ${entities} entity documents.
RDFC-1.0 hash of the dataset (SHA-256 of its canonical N-Quads): \`${hash}\`.

## The model: claims state propositions; only licensed propositions are triples

Every claim (\`kg:Claim\`: key, label, \`kg:modality\`, \`kg:verification\`, \`kg:licensed\`, sources) states
(\`kg:states\`) or denies (\`kg:denies\`) propositions: \`kg:Proposition\` nodes (\`rdf:Statement\`) with
\`rdf:subject\`, \`rdf:predicate\` and \`rdf:object\`, which describe a triple without asserting it. Each claim has
one evidence node per source document (\`kg:evidence\` → \`kg:document\`, \`kg:quote\`: that source's words). A
proposition is also a plain triple (the facts view) exactly when a claim with \`kg:licensed true\` states it;
contradicted, partly accurate, unverified, hedged, expected, planned, attributed or alleged claims, and denials,
never are. There are no claim graphs: load any file as the union of its graphs and you get the facts view plus
these descriptions.

## Which file carries what

Files with every graph (default graph + ontology graph): \`${NAME}.nq\`, \`${NAME}.trig\`, \`${NAME}.jsonld\`,
\`${NAME}.expanded.jsonld\`. Files with the whole default graph (facts + claims + evidence + propositions, so
each answers "which claims are contradicted, by which source, in which words" on its own): \`${NAME}.ttl\`,
\`${NAME}.nt\`, \`${NAME}.rdf\`. Tables: \`nodes.csv\`, \`edges.csv\` (facts and descriptions, propositions aside)
and \`statements.csv\` (one row per proposition, claim and source, with stance, modality, verification, licensed
and quote).

| file | media type | content |
|---|---|---|
${rows}
${more}
| \`entities/…\` | application/ld+json | One JSON-LD document per entity (the lines of \`${NAME}.entities.jsonl\`), named after the IRI path below \`id:\`. |

## Loading

- JSON-LD: every document embeds its context (the definitions of \`context/v2.jsonld\` it uses), so any
  JSON-LD processor reads it offline, with no document loader: Python rdflib
  (\`ConjunctiveGraph().parse("${NAME}.jsonld", format="json-ld")\`), PyLD (\`jsonld.to_rdf(doc)\`), jsonld.js
  (\`jsonld.toRDF(doc)\`). \`${NAME}.jsonld\` is JSON-LD 1.0 too (Jena \`riot --syntax=jsonld10\`); the entity
  documents need JSON-LD 1.1 when they list claims. The context is also published as \`context/v2.jsonld\`
  (\`${CONTEXT_IRI}\`; \`context/v1.jsonld\`, the previous version, unchanged) for those who map it.
  \`claims\` in the entity documents is an alias of \`@included\`: the claims that mention the entity, with the
  propositions each states or denies (\`states\`, \`denies\`) and its evidence (\`evidence\`) embedded.
- pandas: \`pd.read_csv("nodes.csv")\`, \`pd.read_csv("edges.csv")\`, \`pd.read_csv("statements.csv")\` (several values
  in a cell are joined with \` | \`).
- Gephi: import \`nodes.csv\` as the nodes table and \`edges.csv\` as the edges table (columns \`Id\`, \`Label\`,
  \`Source\`, \`Target\`, \`Type\`).
- Neo4j:
  \`LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS r CREATE (:Node {id: r.Id, label: r.Label, kind: r.kind, types: r.types})\`, then
  \`LOAD CSV WITH HEADERS FROM 'file:///edges.csv' AS r MATCH (a:Node {id: r.Source}), (b:Node {id: r.Target}) CREATE (a)-[:REL {type: r.Label, claims: r.claims}]->(b)\`.
- Python rdflib: \`g = ConjunctiveGraph(); g.parse("${NAME}.trig", format="trig")\` (a query over \`g\` sees every
  graph; \`Dataset()\` would file the default graph under a \`file:\` name of its own) or \`Graph().parse("${NAME}.ttl")\`.
  Contradicted article claims, with the contradicting claim, its source and its words:
  \`SELECT ?c ?by ?src ?quote WHERE { ?c kg:verification kg:Contradicted ; kg:contradictedBy ?by . ?by kg:evidence [ kg:document ?src ; kg:quote ?quote ] }\`.

## Checking

\`sha256sum -c SHA256SUMS\` checks every file. The RDFC-1.0 hash in \`${NAME}.rdfc-1.0.sha256\` identifies the graph
itself: any serialisation of the same dataset canonicalises to it. SHACL: \`${NAME}.shapes.ttl\` validates the
default graph as published, with no ontology added (for example Apache Jena:
\`shacl validate --shapes ${NAME}.shapes.ttl --data ${NAME}.ttl\` reports \`sh:conforms true\`).
`;
}
