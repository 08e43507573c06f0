/**
 * `kaspersky-kg export --format ftm [--out DIR]`: writes the FollowTheMoney export of the graph
 * (`entities.ftm.json`, `statements.csv`, `ids.tsv`, `rekeys.json`) after validating every entity; with
 * `--links DIR` also the link sets (`links.sssom.tsv`, `links.ttl`, `links.jsonld`, `judgements.ijson`).
 * Every file is written atomically.
 * @module
 */
import { parseArgs as parseCliArgs } from 'node:util';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { packageVersion } from '../data/paths.js';
import { buildFtmExport, entitiesJsonl, type FtmExport } from './export.js';
import { REKEYS } from './ids.js';
import { buildLinkSets } from './linksets.js';
import { graphFrom } from './source.js';
import { statementsCsv } from './statements.js';
import { validateEntities } from './validate.js';

/** Usage text of the FtM export. */
const FTM_EXPORT_HELP = `Usage: kaspersky-kg export --format ftm [--out DIR] [options]

Writes the graph as FollowTheMoney data (validated against @opensanctions/followthemoney 4.5.2):
  DIR/entities.ftm.json   FtM entities, one JSON object per line
  DIR/statements.csv      FtM statements: one row per value, with its source document (origin)
                          and the as-published spelling (original_value)
  DIR/ids.tsv             FtM ID -> graph IRI (the ID policy is in docs/ftm.md)
  DIR/rekeys.json         the rekey log (old ID -> new ID)

Options:
  --format ftm        required (the only format of this command)
  --out DIR           output folder (default: ./ftm)
  --links DIR         also write the link sets (SSSOM, Turtle, JSON-LD, nomenklatura judgements)
  --seen DATETIME     stamp first_seen/last_seen (ISO 8601) on entities and statements
  --date YYYY-MM-DD   mapping date of the link sets (default: today)
  --data FILE         read these TriG files instead of the package data (repeatable)
  -h, --help          show this help
`;

interface FtmArgs {
  out: string;
  links?: string;
  seen?: string;
  date?: string;
  data: string[];
}

function parseArgs(argv: readonly string[]): FtmArgs | { error: string } | 'help' {
  const args = argv[0] === 'export' ? argv.slice(1) : [...argv];
  let values;
  try {
    ({ values } = parseCliArgs({
      args,
      options: {
        help: { type: 'boolean', short: 'h' }, format: { type: 'string', short: 'f' }, out: { type: 'string' }, links: { type: 'string' },
        seen: { type: 'string' }, date: { type: 'string' }, data: { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (values.help) return 'help';
  const format = values.format;
  const out: FtmArgs = { out: values.out ?? 'ftm', data: values.data ?? [] };
  if (values.links !== undefined) out.links = values.links;
  if (values.seen !== undefined) out.seen = values.seen;
  if (values.date !== undefined) out.date = values.date;
  if (format !== 'ftm') return { error: format === undefined ? 'missing --format ftm' : `unsupported format: ${format} (this command writes --format ftm)` };
  if (!out.out) return { error: '--out needs a folder' };
  if (out.seen !== undefined && !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(out.seen)) return { error: '--seen must be an ISO date or date-time' };
  if (out.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(out.date)) return { error: '--date must be YYYY-MM-DD' };
  return out;
}

/** Writes the FtM files of an export into a folder (atomically, file by file). */
function writeFtmExport(dir: string, x: FtmExport): void {
  writeFileAtomic(join(dir, 'entities.ftm.json'), entitiesJsonl(x.entities));
  writeFileAtomic(join(dir, 'statements.csv'), statementsCsv(x.statements));
  const ids = ['ftm_id\tschema\tkind\tiri\tother', ...x.ids.map((i) => [i.id, i.schema, i.kind, i.iri, i.other ?? ''].join('\t'))];
  writeFileAtomic(join(dir, 'ids.tsv'), `${ids.join('\n')}\n`);
  writeFileAtomic(join(dir, 'rekeys.json'), `${JSON.stringify(REKEYS, null, 2)}\n`);
}

/** The package version (for link-set metadata). */
/** Runs `export --format ftm`; returns the process exit code (0 ok, 1 invalid export, 2 usage). */
export async function runFtmExport(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    process.stdout.write(FTM_EXPORT_HELP);
    return 0;
  }
  if ('error' in parsed) {
    process.stderr.write(`kaspersky-kg export: ${parsed.error} (see --help)\n`);
    return 2;
  }
  const graph = await graphFrom(parsed.data.length ? parsed.data : undefined);
  try {
    const x = await buildFtmExport(graph, parsed.seen ? { seen: parsed.seen } : {});
    const issues = validateEntities(x.entities);
    if (issues.length) {
      for (const i of issues.slice(0, 50)) process.stderr.write(`invalid FtM entity ${i.id}${i.prop ? ` (${i.prop})` : ''}: ${i.message}\n`);
      process.stderr.write(`kaspersky-kg export: ${issues.length} validation problem(s); nothing written\n`);
      return 1;
    }
    writeFtmExport(parsed.out, x);
    process.stderr.write(`wrote ${x.entities.length} entities and ${x.statements.length} statements to ${parsed.out}\n`);
    if (parsed.links) {
      const sets = await buildLinkSets(graph, x, { date: parsed.date ?? new Date().toISOString().slice(0, 10), version: packageVersion() });
      writeFileAtomic(join(parsed.links, 'links.sssom.tsv'), sets.sssom);
      writeFileAtomic(join(parsed.links, 'links.ttl'), sets.turtle);
      writeFileAtomic(join(parsed.links, 'links.jsonld'), sets.jsonld);
      writeFileAtomic(join(parsed.links, 'judgements.ijson'), sets.judgements);
      process.stderr.write(`wrote ${sets.links.length} links to ${parsed.links}\n`);
    }
    return 0;
  } finally {
    await graph.close();
  }
}
