#!/usr/bin/env node
/**
 * The `kaspersky-kg` command line: briefing, query, ask, validate, export, link, serve, site.
 * @module
 */
import { readFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { KasperskyGraph, openGraph as OpenGraph } from '../graph.js';
import type { ResultsFormat } from './results-format.js';
// Modules are imported where a command needs them, so that `link` and `--help` start without the graph.

const HELP: Record<string, string> = {
  main: `kaspersky-kg — a sourced knowledge graph of the US actions against Kaspersky (2017–2024)

Usage: kaspersky-kg <command> [options]

Commands:
  briefing                 print a readable briefing from the embedded graph (what \`npm start\` runs)
  query <SPARQL|FILE.rq>   run a SPARQL query (embedded, or --endpoint URL)
  ask <NAME>               run a named competency question (\`kaspersky-kg ask --list\`)
  validate [FILE...]       check data files (default: the package's) against the SHACL shapes and hygiene queries
  export                   write the graph in every format (JSON-LD, Turtle, N-Triples, N-Quads, TriG, RDF/XML, CSV);
                           \`export --format ftm\` writes FollowTheMoney entities and statements
  link                     match a FollowTheMoney dump against the package's entities
  site --out DIR           build the documentation site (ontology reference, entity pages, timeline, SPARQL page)
  serve [--port 7878]      a local read-only SPARQL 1.1 endpoint that also serves the site

Run \`kaspersky-kg <command> --help\` for a command's options.`,
  briefing: `Usage: kaspersky-kg briefing [--endpoint URL [--graph IRI]] [--width N]

Prints who acted, a dated timeline of actions, who was sanctioned (and who was not), what users lose and
what stays allowed, and the article claims other sources (official, news, law firm) contradict, in their
own words. Reads the embedded graph unless --endpoint is given.`,
  query: `Usage: kaspersky-kg query <SPARQL | FILE.rq | -> [--endpoint URL [--graph IRI]] [--format table|json|csv|tsv]

Runs a SELECT, ASK or CONSTRUCT query (\`-\` reads it from stdin). Plain triples are the facts view (what the
sources establish); claims are described beside them (?claim kg:states ?p . ?p rdf:subject ?s ;
rdf:predicate ?pr ; rdf:object ?o), never asserted. JSON output is SPARQL 1.1 Query Results JSON.
  --endpoint URL          a SPARQL 1.1 endpoint holding the package's N-Quads instead of the embedded store
  --graph IRI             the graph the data was loaded into on the server, if not its default graph (sent as default-graph-uri)
  --format F              table (default), json, csv or tsv; CONSTRUCT results are printed as N-Triples
  --timeout MS            time limit per query (embedded: default 30000, the query is stopped; remote: per request)
  --max-result-bytes N    embedded: largest result, serialised (default 67108864)
  --memory-limit MB       embedded: how much the process may grow while the query runs (default 512)

On the embedded store the query runs in a worker thread that is stopped at any of these limits; the query
text must be UTF-8 (invalid bytes are refused with their offset) and nested at most 128 deep.
Exit codes: 0 answered, 1 the query failed or was stopped, 2 usage error.`,
  ask: `Usage: kaspersky-kg ask <NAME|NUMBER> [--endpoint URL [--graph IRI]] [--format table|json|csv|tsv] [--timeout MS]
       kaspersky-kg ask --list

Runs a competency question from queries/ (e.g. \`kaspersky-kg ask cq05\`), with the limits of \`query\`.`,
  validate: `Usage: kaspersky-kg validate [DATA.trig ...]

Validates data files (default: the package's data/) against ontology/shapes.ttl (SHACL) and the hygiene
queries in queries/hygiene/. Exits 1 and prints one line per problem when the data does not conform.`,
};

function usage(cmd: keyof typeof HELP | string): string {
  return HELP[cmd] ?? HELP.main!;
}

/** A positive integer option, or a usage error naming it. */
function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, not ${JSON.stringify(v.slice(0, 40))}`);
  return n;
}

async function graphFrom(values: { endpoint?: string; graph?: string; timeout?: string; 'max-result-bytes'?: string; 'memory-limit'?: string }): Promise<KasperskyGraph> {
  const { openGraph } = await import('../graph.js');
  const timeoutMs = positiveInt('timeout', values.timeout);
  if (!values.endpoint) {
    return openGraph({ timeoutMs, maxResultBytes: positiveInt('max-result-bytes', values['max-result-bytes']), memoryLimitMb: positiveInt('memory-limit', values['memory-limit']) });
  }
  const options: Exclude<Parameters<typeof OpenGraph>[0], undefined> & { endpoint: string } = { endpoint: values.endpoint };
  if (values.graph) options.graph = values.graph;
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  return openGraph(options);
}

const REMOTE = {
  endpoint: { type: 'string' },
  graph: { type: 'string' },
  timeout: { type: 'string' },
  'max-result-bytes': { type: 'string' },
  'memory-limit': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The query text of `query`: the argument itself, a file (`.rq`, or an existing path without spaces), or
 * stdin (`-`); bytes are decoded strictly as UTF-8 (an invalid byte is an error with its offset).
 */
async function readQueryText(arg: string): Promise<string> {
  const { decodeUtf8 } = await import('../query/guard.js');
  if (arg === '-') return decodeUtf8(readFileSync(0), 'the query on stdin');
  if (arg.endsWith('.rq') || (existsSync(arg) && !/\s/.test(arg))) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(arg);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new Error(code === 'ENOENT' ? `query file ${arg}: no such file` : code === 'EISDIR' ? `query file ${arg}: is a folder, not a .rq file` : `query file ${arg}: cannot read it (${code ?? (error as Error).message})`);
    }
    return decodeUtf8(bytes, `the query file ${arg}`);
  }
  if (arg.includes('\uFFFD')) {
    // Node decoded the argument with replacement characters: find its raw bytes and refuse invalid UTF-8.
    let raw: Buffer[] = [];
    try {
      const cmdline = readFileSync('/proc/self/cmdline');
      for (let i = 0, j = cmdline.indexOf(0); j >= 0; i = j + 1, j = cmdline.indexOf(0, i)) raw.push(cmdline.subarray(i, j));
    } catch {
      raw = [];
    }
    const { invalidUtf8Offset } = await import('../query/guard.js');
    const bad = raw.find((bytes) => bytes.toString('utf8') === arg) ?? raw.find((bytes) => invalidUtf8Offset(bytes) >= 0 && bytes.includes(0x20));
    if (bad) decodeUtf8(bad, 'the query argument');
  }
  return arg;
}

async function runQuery(kg: KasperskyGraph, query: string, format: string): Promise<void> {
  if (!['table', 'json', 'csv', 'tsv'].includes(format)) throw new UsageError(`unknown --format ${format} (table, json, csv or tsv)`);
  const { queryForm } = await import('../query/form.js');
  const form = queryForm(query);
  if (form === 'ASK') {
    const yes = await kg.ask(query);
    process.stdout.write(format === 'json' ? `${JSON.stringify({ head: {}, boolean: yes })}\n` : `${yes}\n`);
  } else if (form === 'CONSTRUCT' || form === 'DESCRIBE') {
    const { nquadLine } = await import('../data/dataset.js');
    process.stdout.write((await kg.construct(query)).map((q) => `${nquadLine(q)}\n`).join(''));
  } else {
    const rows = await kg.select(query);
    const { formatResults, projectionOf } = await import('./results-format.js');
    const vars = projectionOf(query) ?? Object.keys(rows[0] ?? {});
    process.stdout.write(formatResults(rows, format as ResultsFormat, vars));
  }
}

class UsageError extends Error {}

/**
 * The `link` command's module: the bundle `npm run build` writes (dist/link/cli.js, see
 * scripts/bundle-link.mjs: fewer files to load before the first dump line), else the module beside this one.
 */
function linkCommandModule(): string {
  const bundled = new URL('../../link/cli.js', import.meta.url);
  return !import.meta.url.endsWith('.ts') && existsSync(fileURLToPath(bundled)) ? bundled.href : '../link/cli.js';
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(`${usage('main')}\n`);
    return cmd ? 0 : 2;
  }
  switch (cmd) {
    case 'briefing': {
      const { values } = parseArgs({ args: rest, options: { ...REMOTE, width: { type: 'string' } } });
      if (values.help) return print(usage('briefing'));
      const { renderBriefing } = await import('./briefing.js');
      const kg = await graphFrom(values);
      process.stdout.write(await renderBriefing(kg, values.width ? Number(values.width) : Math.max(60, Math.min(process.stdout.columns ?? 100, 120))));
      await kg.close();
      return 0;
    }
    case 'query': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...REMOTE, format: { type: 'string', short: 'f', default: 'table' } } });
      if (values.help) return print(usage('query'));
      if (positionals.length !== 1) throw new UsageError('query takes one SPARQL text, .rq file or - (stdin)');
      const text = await readQueryText(positionals[0]!);
      if (!text.trim()) throw new UsageError('the query is empty');
      const kg = await graphFrom(values);
      await runQuery(kg, text, values.format!);
      await kg.close();
      return 0;
    }
    case 'ask': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...REMOTE, list: { type: 'boolean' }, format: { type: 'string', short: 'f', default: 'table' } } });
      if (values.help) return print(usage('ask'));
      const { competencyQuestions, findQuestion } = await import('../data/competency.js');
      if (values.list) return print(competencyQuestions().map((q) => `${q.name}\t${q.question}`).join('\n'));
      if (positionals.length !== 1) throw new UsageError('ask takes one question name (see --list)');
      const q = findQuestion(positionals[0]!);
      process.stderr.write(`# ${q.question}\n`);
      const kg = await graphFrom(values);
      await runQuery(kg, q.query, values.format!);
      await kg.close();
      return 0;
    }
    case 'validate':
      return (await import('../validate/cli.js')).runValidateCommand(rest);
    case 'export': {
      const i = rest.findIndex((a) => a === '--format' || a === '-f' || a.startsWith('--format='));
      const format = i < 0 ? undefined : rest[i]!.startsWith('--format=') ? rest[i]!.slice(9) : rest[i + 1];
      if (format === 'ftm') return (await import('../ftm/cli.js')).runFtmExport(rest);
      return (await import('../export/cli.js')).runExportCommand(rest);
    }
    case 'link':
      return (await import(linkCommandModule())).runLinkCommand(rest);
    case 'site':
      return (await import('../site/cli.js')).runSiteCommand(rest);
    case 'serve':
      return (await import('../serve/cli.js')).runServeCommand(rest);
    default:
      throw new UsageError(`unknown command "${cmd}"\n\n${usage('main')}`);
  }
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as Error & { code?: string };
    const usageLike = error instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`kaspersky-kg: ${e.message}\n`);
    process.exit(usageLike ? 2 : 1);
  },
);
