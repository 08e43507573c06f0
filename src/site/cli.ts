/**
 * `kaspersky-kg site --out DIR`: builds the static documentation site (the story, pages, pictures,
 * ontology reference, the SPARQL page that runs in the browser) from the package's graph.
 * @module
 */
import { parseArgs } from 'node:util';
import { generateSite, writeSite } from './generate.js';
import { writeFileAtomic } from '../io/atomic.js';

/** The help text of `kaspersky-kg site`. */
export const SITE_HELP = `Usage: kaspersky-kg site --out DIR [--timeline-svg FILE] [--quiet]

Builds the documentation site of the knowledge graph into DIR: a home page that tells the story (the
briefing as text: what happened and when, who acted on whom, who was sanctioned, what customers lose and
when, what the sources contradict), one page per entity (at id/<path>.html, mirroring the entity IRIs,
with its names, facts, the claims about it and each source's words, its JSON-LD embedded, and beside it
as .jsonld, .ttl, .nt and .rdf), one page per claim and source (contradicted and partly accurate claims
marked), a timeline of the dated actions to scale (timeline.svg), a picture of the parties and actions
(graph.svg), the ontology reference (ontology/index.html; the ontology as ontology.ttl, .jsonld, .nt,
.rdf) and a SPARQL page that answers queries in the browser (Oxigraph WebAssembly, no server) with every
competency question answered. Plain static files: open DIR/index.html, put DIR on any static host, or
serve it with \`kaspersky-kg serve --site DIR\` (Linked Data content negotiation).

Options:
  --out DIR            where to write the site (required); files of an earlier build there are replaced
  --timeline-svg FILE  also write the timeline picture, without links, to FILE (e.g. docs/timeline.svg)
  --quiet              no progress messages
  -h, --help           this help`;

/** Runs `kaspersky-kg site` with its arguments (after the command name); resolves with the exit code. */
export async function runSiteCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string', short: 'o' }, 'timeline-svg': { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${SITE_HELP}\n`);
    return 0;
  }
  if (!values.out) throw Object.assign(new Error('site needs --out DIR (see kaspersky-kg site --help)'), { code: 'ERR_PARSE_ARGS_USAGE' });
  const log = values.quiet ? undefined : (m: string) => void process.stderr.write(`site: ${m}\n`);
  const site = await generateSite(undefined, log ? { log } : {});
  const { written, removed } = writeSite(site, values.out);
  if (values['timeline-svg']) writeFileAtomic(values['timeline-svg'], site.timelineSvgStandalone);
  log?.(
    `wrote ${written} files to ${values.out}${removed ? ` (removed ${removed} stale)` : ''}: ${site.stats.entities} entities, ${site.stats.claims} claims, ${site.stats.datedActions} dated actions`,
  );
  return 0;
}
