#!/usr/bin/env node
/**
 * The `kaspersky-kg` command line: briefing, query, ask, validate, export, link, serve, site.
 * @module
 */
import { readFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
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
  query: `Usage: kaspersky-kg query <SPARQL | FILE.rq> [--endpoint URL [--graph IRI]] [--format table|json|csv|tsv]

Runs a SELECT, ASK or CONSTRUCT query. Plain triples are the facts view (what the sources establish);
claims are described beside them (?claim kg:states ?p . ?p rdf:subject ?s ; rdf:predicate ?pr ;
rdf:object ?o), never asserted. JSON output is SPARQL 1.1 Query Results JSON.
  --endpoint URL   a SPARQL 1.1 endpoint holding the package's N-Quads instead of the embedded store
  --graph IRI      the graph the data was loaded into on the server, if not its default graph (sent as default-graph-uri)
  --format F       table (default), json, csv or tsv; CONSTRUCT results are printed as N-Triples
  --timeout MS     per-request timeout for remote endpoints`,
  ask: `Usage: kaspersky-kg ask <NAME|NUMBER> [--endpoint URL [--graph IRI]] [--format table|json|csv|tsv]
       kaspersky-kg ask --list

Runs a competency question from queries/ (e.g. \`kaspersky-kg ask cq05\`).`,
  validate: `Usage: kaspersky-kg validate [DATA.trig ...]

Validates data files (default: the package's data/) against ontology/shapes.ttl (SHACL) and the hygiene
queries in queries/hygiene/. Exits 1 and prints one line per problem when the data does not conform.`,
};

function usage(cmd: keyof typeof HELP | string): string {
  return HELP[cmd] ?? HELP.main!;
}

async function graphFrom(values: { endpoint?: string; graph?: string; timeout?: string }): Promise<KasperskyGraph> {
  const { openGraph } = await import('../graph.js');
  if (!values.endpoint) return openGraph();
  const options: Parameters<typeof OpenGraph>[0] = { endpoint: values.endpoint };
  if (values.graph) options.graph = values.graph;
  if (values.timeout) options.timeoutMs = Number(values.timeout);
  return openGraph(options);
}

const REMOTE = { endpoint: { type: 'string' }, graph: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

async function runQuery(kg: KasperskyGraph, query: string, format: string): Promise<void> {
  if (!['table', 'json', 'csv', 'tsv'].includes(format)) throw new UsageError(`unknown --format ${format} (table, json, csv or tsv)`);
  const form = /^\s*(?:(?:PREFIX|BASE)[^\n]*\n\s*|#[^\n]*\n\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(query)?.[1]?.toUpperCase();
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
      if (positionals.length !== 1) throw new UsageError('query takes one SPARQL text or .rq file');
      const arg = positionals[0]!;
      const text = arg.endsWith('.rq') || (existsSync(arg) && !/\s/.test(arg)) ? readFileSync(arg, 'utf8') : arg;
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
      return (await import('../link/cli.js')).runLinkCommand(rest);
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
