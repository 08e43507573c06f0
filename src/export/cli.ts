/**
 * The `export` command: `kaspersky-kg export [--format …] [--out DIR] [--input FILE]…`.
 * Everything is parsed and rendered in memory first; files are then written atomically, so bad input
 * leaves no output file behind.
 * @module
 */
import { parseArgs } from 'node:util';
import { DataFactory, type Quad } from 'n3';
import { assembleDataset, buildDatasetParts, datasetNQuads, fromNQuads as parseNQuads } from '../data/dataset.js';
import { quadKey } from '../rdf/term-key.js';
import { compileClaims, licensingConcepts } from '../data/materialise.js';
import { ONTOLOGY_GRAPH } from '../namespaces.js';
import { importFile } from './import.js';
import { EXPORT_FORMATS, renderExport, type ExportFormat } from './release.js';
import { writeExportFiles } from './write.js';

/** Where the command writes its messages (default: the process streams). */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The help text of the command. */
export const EXPORT_HELP = `Usage: kaspersky-kg export [--format FORMAT[,FORMAT...]] [--out DIR] [--input FILE]...

Writes the knowledge graph in formats for researchers.

Options:
  --format FORMAT   ${EXPORT_FORMATS.join(' | ')} | all
                    (default: all; repeat the option or separate formats with commas)
                      jsonld           whole dataset, compacted JSON-LD, context embedded
                                       (+ context/v2.jsonld, v1)
                      jsonld-expanded  whole dataset, expanded JSON-LD
                      jsonl            one JSON-LD document per entity (JSON Lines + entities/*.jsonld)
                      turtle           default graph as Turtle (+ ontology.ttl, and
                                       kaspersky-kg.shapes.ttl: SHACL for the export)
                      ntriples         default graph as N-Triples
                      nquads           every graph as N-Quads
                      trig             every graph as TriG
                      rdfxml           default graph as RDF/XML
                      csv              nodes.csv, edges.csv and statements.csv (pandas, Gephi, Neo4j)
                      void             void.ttl: VoID + DCAT description of the release files
                      all              everything, plus README.md, the RDFC-1.0 hash and SHA256SUMS
  --out DIR         output folder (default: ./kaspersky-kg-export)
  --input FILE      export this file (.ttl .trig .nt .nq .jsonld .json) instead of the package's
                    dataset; may be repeated (the files are merged). Authoring files with claim
                    graphs (like data/*.trig) are compiled first, as the build does: no claim
                    graph is ever exported
  --release-version V
                    version recorded in void.ttl and README.md (default: the package version)
  -h, --help        show this help

The default graph (Turtle, N-Triples, RDF/XML, CSV) holds the facts view (the triples of licensed
claims) and every claim with the propositions it states or denies (described, not asserted), its
evidence per source and its sources; N-Quads, TriG and the whole-graph JSON-LD also hold the ontology
graph. There are no claim graphs.
Nothing is fetched from the network.
`;

class UsageError extends Error {}

/** The command's options, for `node:util` parseArgs. */
const OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  out: { type: 'string', short: 'o' },
  input: { type: 'string', short: 'i', multiple: true },
  'release-version': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Args {
  formats: ExportFormat[] | 'all';
  out: string;
  inputs: string[];
  version: string | undefined;
  help: boolean;
}

function parseArguments(argv: readonly string[]): Args {
  const list = argv[0] === 'export' ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; args: string[]; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: list, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  if (parsed.positionals.length > 0) throw new UsageError(`unknown argument "${parsed.positionals[0]}"`);
  const v = parsed.values;
  const nonEmpty = (name: string, value: string | undefined): string | undefined => {
    if (value === '') throw new UsageError(`--${name} needs a value`);
    return value;
  };
  const formats: ExportFormat[] = [];
  let all = false;
  for (const f of (v.format ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean)) {
    if (f === 'all') all = true;
    else if ((EXPORT_FORMATS as readonly string[]).includes(f)) formats.push(f as ExportFormat);
    else throw new UsageError(`unknown format "${f}" (expected ${EXPORT_FORMATS.join(', ')} or all)`);
  }
  for (const i of v.input ?? []) nonEmpty('input', i);
  return {
    formats: all || formats.length === 0 ? 'all' : formats,
    out: nonEmpty('out', v.out) ?? 'kaspersky-kg-export',
    inputs: v.input ?? [],
    version: nonEmpty('release-version', v['release-version']),
    help: v.help ?? false,
  };
}

/**
 * Reads and merges the input files. Claim graphs (named graphs other than the ontology graph, the
 * authoring format) are compiled into the published model with the package ontology's licensing concepts
 * (plus the input's own ontology graph), exactly as the build compiles data/*.trig.
 */
function loadInputs(files: readonly string[]): Quad[] {
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const f of files) {
    for (const q of importFile(f)) {
      const k = quadKey(q);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(q.graph.termType === 'DefaultGraph' ? DataFactory.quad(q.subject, q.predicate, q.object) : q);
    }
  }
  const isOntology = (q: Quad) => q.graph.termType === 'NamedNode' && q.graph.value === ONTOLOGY_GRAPH;
  if (!out.some((q) => q.graph.termType !== 'DefaultGraph' && !isOntology(q))) return out;
  const ontology = out.filter(isOntology).map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
  const licensing = licensingConcepts([...buildDatasetParts({ data: [] }).ontology, ...ontology]);
  const { descriptions, facts } = compileClaims(out.filter((q) => !isOntology(q)), licensing);
  return assembleDataset({ ontology, claims: descriptions, facts });
}

/**
 * Runs `export` with the arguments after the command name (a leading `export` is accepted too).
 * Returns the exit code: 0 on success, 1 on a failure (bad input, unwritable folder), 2 on a usage error.
 */
export async function runExportCommand(argv: string[], io: CommandIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }): Promise<number> {
  let args: Args;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`kaspersky-kg export: ${error.message}\nRun "kaspersky-kg export --help" for the options.\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(EXPORT_HELP);
    return 0;
  }
  try {
    const quads = args.inputs.length ? loadInputs(args.inputs) : parseNQuads(datasetNQuads().text, 'dataset');
    const files = await renderExport(quads, { formats: args.formats, ...(args.version ? { version: args.version } : {}) });
    writeExportFiles(args.out, files);
    const bytes = files.reduce((n, f) => n + (typeof f.content === 'string' ? Buffer.byteLength(f.content) : f.content.byteLength), 0);
    const shown = files.filter((f) => !f.path.startsWith('entities/'));
    const entities = files.length - shown.length;
    io.stdout(
      `kaspersky-kg export: wrote ${files.length} files (${bytes} bytes) to ${args.out}\n` +
        shown.map((f) => `  ${f.path}\n`).join('') +
        (entities ? `  entities/ (${entities} entity documents)\n` : ''),
    );
    return 0;
  } catch (error) {
    io.stderr(`kaspersky-kg export: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
