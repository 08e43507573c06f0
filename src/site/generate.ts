/**
 * The site generator: reads the graph (`openGraph()` unless given another), renders every page and
 * picture in memory ({@link generateSite}), and writes them to a folder ({@link writeSite}), removing the
 * files of an earlier build that are no longer part of the site (and nothing else).
 * @module
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { DataFactory, type Quad } from 'n3';
import { join, resolve, sep } from 'node:path';
import type { KasperskyGraph } from '../graph.js';
import { openGraph } from '../graph.js';
import { competencyQuestions, type CompetencyQuestion } from '../data/competency.js';
import { toEntityDocuments } from '../export/entities.js';
import { toTurtle } from '../export/turtle.js';
import { toNTriples } from '../export/lines.js';
import { toRdfXml } from '../export/rdfxml.js';
import { toJsonLd } from '../export/jsonld.js';
import { toNQuads } from '../data/dataset.js';
import { contextFile, contextV1File } from '../export/context.js';
import { ontologyFiles, packageRoot } from '../data/paths.js';
import { writeFileAtomic } from '../io/atomic.js';
import { ONTOLOGY, ONTOLOGY_GRAPH, PREFIXES } from '../namespaces.js';
import { naturalCompare } from '../rdf/order.js';
import type { ClaimSummary, Denial } from '../helpers/types.js';
import { STYLE_CSS, esc, hrefOf, page, pageBase } from './html.js';
import { buildModel, loadQuads, type SiteModel } from './model.js';
import { actionEdges, authorityColours, datedItems, type DatedItem } from './actions.js';
import { TIMELINE_CAPTION, timelineSvg } from './timeline-svg.js';
import { graphSvg } from './graph-svg.js';
import { loadShapes, ontologyPage, readCitation } from './ontology-page.js';
import { Linker, claimIndexPage, entityIndexPage, homePage, nodePage, type SiteStats } from './pages.js';
import { sparqlPage } from './sparql-page.js';
import { answerQuestions } from './sparql-answers.js';
import { sparqlAssets } from './sparql-assets.js';
import { storyHtml } from './story.js';
import { briefingData } from '../briefing/data.js';
import { tripleKey } from '../rdf/term-key.js';

/** Options of {@link generateSite}. */
export interface SiteOptions {
  /** The competency questions shown as SPARQL examples (default: `queries/*.rq`). */
  questions?: readonly CompetencyQuestion[];
  /** The SHACL shapes file (default: `ontology/shapes.ttl`). */
  shapesFile?: string;
  /** Progress messages (default: none). */
  log?: (message: string) => void;
}

/** A generated site, in memory. */
export interface GeneratedSite {
  /** Every file: site path (`id/person/x.html`) → content. */
  readonly files: ReadonlyMap<string, string>;
  /** The counts shown on the home page. */
  readonly stats: SiteStats;
  /** The dated items of the timeline. */
  readonly timeline: readonly DatedItem[];
  /** The timeline picture without links, for the README (`docs/timeline.svg`). */
  readonly timelineSvgStandalone: string;
  /** The IRIs that have a page. */
  readonly pages: ReadonlySet<string>;
}

/** Site path → content, in the order the files are made. */
type SiteFiles = Map<string, string>;

/** The pictures (timeline, parties and actions) and their pages; returns what the rest of the site reuses. */
function renderPictures(model: SiteModel, files: SiteFiles): { items: DatedItem[]; timelineStandalone: string } {
  const items = datedItems(model);
  const actions = actionEdges(model);
  const colours = authorityColours(model, [...items.map((i) => i.authority), ...actions.map((a) => a.authority)]);
  const years = items.length ? `${Math.floor(items[0]!.start)}–${Math.floor(Math.max(...items.map((i) => i.start)))}` : '';
  const title = `Dated US actions and events around Kaspersky${years ? `, ${years}` : ''}`;
  const hrefFromRoot = (iri: string) => hrefOf(iri, model.pages);
  const tlSvg = timelineSvg(items, colours, { href: hrefFromRoot, title });
  const timelineStandalone = timelineSvg(items, colours, { title });
  const gSvg = graphSvg(model, actions, colours, { href: hrefFromRoot });
  files.set('timeline.svg', tlSvg);
  files.set('graph.svg', gSvg);
  files.set('timeline.html', timelinePage(model, items, tlSvg, colours));
  files.set('graph.html', graphPage(model, actions, gSvg));
  return { items, timelineStandalone };
}

/**
 * A page per IRI of `model.pages` (HTML, and its JSON-LD document and Turtle, N-Triples and RDF/XML
 * descriptions where it has them), then the entity and claim indexes. Returns every claim of the graph.
 */
async function renderNodePages(kg: KasperskyGraph, model: SiteModel, quads: readonly Quad[], files: SiteFiles, log: (message: string) => void): Promise<ClaimSummary[]> {
  const docs = new Map(toEntityDocuments(quads).map((d) => [d.iri, d.document]));
  const allClaims = await kg.claims();
  const catalogue = new Map(allClaims.map((c) => [c.claim, c]));
  // What sources say did not happen, by the IRIs each denied triple names (one helper call).
  const denialsOf = new Map<string, Denial[]>();
  for (const d of await kg.denials()) {
    for (const iri of new Set([d.subject, ...(typeof d.object === 'string' ? [d.object] : [])])) denialsOf.set(iri, [...(denialsOf.get(iri) ?? []), d]);
  }
  let n = 0;
  for (const iri of [...model.pages].sort(naturalCompare)) {
    const base = pageBase(iri)!;
    const kind = model.view.kindOf(iri);
    const claims: readonly ClaimSummary[] = kind === 'entity' ? await kg.claimsAbout(iri) : [];
    const identifiers = kind === 'entity' || kind === 'source' ? await kg.externalIds(iri) : [];
    const described = describedTriples(model, iri);
    const jsonld = docs.get(iri);
    const turtle = described.length > 0;
    const claim = kind === 'claim' ? catalogue.get(iri) : undefined;
    files.set(`${base}.html`, nodePage(model, iri, { claims, claim, catalogue, denials: kind === 'entity' ? denialsOf.get(iri) : undefined, identifiers, jsonld, turtle }));
    if (jsonld !== undefined) files.set(`${base}.jsonld`, `${JSON.stringify(jsonld, null, 2)}\n`);
    if (turtle) {
      files.set(`${base}.ttl`, toTurtle(described, { header: TURTLE_HEADER(iri, kind) }));
      files.set(`${base}.nt`, toNTriples(described));
      files.set(`${base}.rdf`, toRdfXml(described));
    }
    n++;
  }
  log(`rendered ${n} node pages`);
  files.set('id/index.html', entityIndexPage(model));
  files.set('claim/index.html', claimIndexPage(model, allClaims));
  return allClaims;
}

/** The ontology reference page, and the ontology document (what …/ontology and …/ontology#Term dereference to) in every RDF syntax. */
function renderOntology(model: SiteModel, files: SiteFiles, shapesFile: string | undefined): void {
  files.set('ontology/index.html', ontologyPage(model, loadShapes(shapesFile), readCitation()));
  const ontologyTriples = model.ontology(null, null, null).map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
  files.set('ontology.ttl', toTurtle(ontologyTriples, { header: ` ${ONTOLOGY}\n the kaspersky-kg ontology: classes, properties, concepts and alignments (the graph <${ONTOLOGY_GRAPH}>)` }));
  files.set('ontology.nt', toNTriples(ontologyTriples));
  files.set('ontology.rdf', toRdfXml(ontologyTriples));
  files.set('ontology.jsonld', toJsonLd(ontologyTriples, { contextRef: 'embedded' }));
}

/** Downloads: the ontology files and shapes, the JSON-LD contexts, the citation, the dataset (`nquads`). */
function addDownloads(files: SiteFiles, shapesFile: string | undefined, nquads: string): void {
  for (const f of [...ontologyFiles, shapesFile ?? join(packageRoot, 'ontology', 'shapes.ttl')]) {
    if (existsSync(f)) files.set(`ontology/${f.split(/[\\/]/).pop()}`, readFileSync(f, 'utf8'));
  }
  // The context the entity documents use (v2) and the frozen, still published v1.
  if (existsSync(contextFile)) files.set('context/v2.jsonld', readFileSync(contextFile, 'utf8'));
  if (existsSync(contextV1File)) files.set('context/v1.jsonld', readFileSync(contextV1File, 'utf8'));
  const cff = join(packageRoot, 'CITATION.cff');
  if (existsSync(cff)) files.set('CITATION.cff', readFileSync(cff, 'utf8'));
  files.set('kaspersky-kg.nq', nquads);
}

/** The counts shown on the home page. */
function siteStats(model: SiteModel, claims: number, datedActions: number): SiteStats {
  const entityPages = [...model.pages].filter((i) => model.view.kindOf(i) === 'entity');
  return {
    entities: entityPages.length,
    claims,
    facts: model.facts(null, null, null).filter((q) => q.subject.termType === 'NamedNode' && model.view.kindOf(q.subject.value) === 'entity').length,
    sources: [...model.pages].filter((i) => model.view.kindOf(i) === 'source').length,
    datedActions,
  };
}

/** The home page: the counts, the story (the briefing's data), the downloads the site holds, the questions. */
async function renderHome(kg: KasperskyGraph, model: SiteModel, files: SiteFiles, stats: SiteStats, questions: readonly CompetencyQuestion[]): Promise<void> {
  const description = model.ontology(ONTOLOGY, `${PREFIXES.dcterms}description`, null)[0]?.object.value;
  const downloads = (
    [
      ['the dataset (N-Quads: facts, claims, propositions, evidence, provenance, ontology)', 'kaspersky-kg.nq'],
      ['ontology (Turtle)', 'ontology/kaspersky-kg.ttl'],
      ['alignments (Turtle)', 'ontology/alignments.ttl'],
      ['SHACL shapes (Turtle)', 'ontology/shapes.ttl'],
      ['JSON-LD context (v2)', 'context/v2.jsonld'],
      ['JSON-LD context v1 (frozen)', 'context/v1.jsonld'],
      ['citation (CITATION.cff)', 'CITATION.cff'],
    ] as const
  ).filter(([, p]) => files.has(p));
  const briefing = await briefingData(kg);
  const story = storyHtml(new Linker(model, 'index.html'), briefing);
  files.set('index.html', homePage(stats, questions, description, downloads, { story, timelineCaption: TIMELINE_CAPTION }));
}

/** Renders the whole site from a graph (default: the embedded graph of `openGraph()`). */
export async function generateSite(graph?: KasperskyGraph, options: SiteOptions = {}): Promise<GeneratedSite> {
  const log = options.log ?? (() => {});
  const kg = graph ?? (await openGraph());
  const quads = await loadQuads(kg);
  log(`read ${quads.length} quads`);
  const model = buildModel(quads);
  const files: SiteFiles = new Map();
  const questions = options.questions ?? competencyQuestions();

  const { items, timelineStandalone } = renderPictures(model, files);
  const allClaims = await renderNodePages(kg, model, quads, files, log);
  renderOntology(model, files, options.shapesFile);
  const nquads = toNQuads(quads);
  const answers = await answerQuestions(nquads, questions);
  log(`answered ${answers.size} competency questions`);
  files.set('sparql.html', sparqlPage(questions, answers, model.pages));
  for (const [p, content] of sparqlAssets(nquads)) files.set(p, content);
  addDownloads(files, options.shapesFile, nquads);
  const stats = siteStats(model, allClaims.length, items.length);
  await renderHome(kg, model, files, stats, questions);
  files.set('style.css', STYLE_CSS);
  if (!graph) await kg.close();
  return { files, stats, timeline: items, timelineSvgStandalone: timelineStandalone, pages: model.pages };
}

/** The header comment of a node's Turtle file: what it holds. */
const TURTLE_HEADER = (iri: string, kind: string): string =>
  ` ${iri}\n ${
    kind === 'entity'
      ? 'its facts (the facts view) and, as in its JSON-LD document, the claims that mention it with their propositions (described, not asserted) and evidence'
      : kind === 'claim'
        ? 'the claim, the propositions it states or denies (described, not asserted) and its evidence per source'
        : "the default graph's description of it"
  }`;

/**
 * The triples of a node's Turtle file, the same as its JSON-LD document means: for an entity, its facts
 * and the descriptions of the claims mentioning it (`ModelView.mentions`: each claim, its propositions and
 * its evidence nodes); for a claim, that description; for anything else, the default graph's triples about it.
 */
function describedTriples(model: SiteModel, iri: string): Quad[] {
  const kind = model.view.kindOf(iri);
  const claimDescription = (c: string): Quad[] => {
    const info = model.view.claimInfo(c);
    return [c, ...(info?.states ?? []), ...(info?.denies ?? []), ...(info?.evidence ?? [])].flatMap((n) => model.facts(n, null, null));
  };
  const out =
    kind === 'entity'
      ? [...model.facts(iri, null, null), ...(model.view.mentions.get(iri) ?? []).flatMap(claimDescription)]
      : kind === 'claim'
        ? claimDescription(iri)
        : model.facts(iri, null, null);
  const seen = new Set<string>();
  return out.filter((q) => {
    const k = tripleKey(q);
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

function timelinePage(model: SiteModel, items: readonly DatedItem[], svg: string, colours: ReturnType<typeof authorityColours>): string {
  const path = 'timeline.html';
  const L = new Linker(model, path);
  const rows = items.map(
    (i) =>
      `<tr data-iri="${esc(i.iri)}"><td>${esc(i.date)}</td><td>${esc(i.kind)}</td><td>${L.iri(i.iri)}</td><td>${i.authority ? `<span style="color:${colours.get(i.authority)?.colour ?? '#000'}">■</span> ${L.iri(i.authority)}` : '<span class="muted">—</span>'}</td></tr>`,
  );
  const body = `<h1>Timeline</h1>
<p>Every dated action of the facts view (dates the sources establish), on one time axis. Colour: the authority (the acting body, rolled up to its department). Click an item for its page.</p>
<p class="caption" id="timeline-caption">${esc(TIMELINE_CAPTION)}</p>
<div class="figure">${svg}</div>
<p class="downloads"><a href="timeline.svg">timeline.svg</a></p>
<h2>All dated actions (${items.length})</h2>
<table id="timeline-table"><tr><th>date</th><th>kind</th><th>what</th><th>authority</th></tr>
${rows.join('\n')}
</table>`;
  return page({ path, title: 'Timeline', body });
}

function graphPage(model: SiteModel, actions: ReturnType<typeof actionEdges>, svg: string): string {
  const path = 'graph.html';
  const L = new Linker(model, path);
  const rows = actions.map(
    (a) => `<tr><td>${esc(a.date ?? '')}</td><td>${a.actors.map((x) => L.iri(x)).join(', ')}</td><td>${L.iri(a.iri)}</td><td>${a.targets.map((x) => L.iri(x)).join(', ')}</td></tr>`,
  );
  const body = `<h1>Parties and actions</h1>
<p>Who acted (left), the actions in date order (middle), whom they targeted (right), from the facts view. Many targets of one kind are drawn as one group. Click a box for its page.</p>
<div class="figure">${svg}</div>
<p class="downloads"><a href="graph.svg">graph.svg</a></p>
<h2>Actions (${actions.length})</h2>
<table><tr><th>date</th><th>actor</th><th>action</th><th>targets</th></tr>
${rows.join('\n')}
</table>`;
  return page({ path, title: 'Parties and actions', body });
}

const MANIFEST = '.kaspersky-kg-site.json';

/**
 * Writes a generated site to `outDir` (atomically per file). Files that an earlier build wrote there (listed
 * in its manifest) and that are no longer part of the site are removed; other files are left alone.
 */
export function writeSite(site: GeneratedSite, outDir: string): { written: number; removed: number } {
  const root = resolve(outDir);
  const manifest = join(root, MANIFEST);
  let removed = 0;
  if (existsSync(manifest)) {
    let old: unknown;
    try {
      old = JSON.parse(readFileSync(manifest, 'utf8'));
    } catch {
      old = [];
    }
    for (const f of Array.isArray(old) ? old : []) {
      if (typeof f !== 'string' || site.files.has(f)) continue;
      const abs = resolve(root, f);
      if (!abs.startsWith(root + sep)) continue;
      rmSync(abs, { force: true });
      removed++;
    }
  }
  for (const [path, content] of site.files) writeFileAtomic(join(root, path), content);
  writeFileAtomic(manifest, `${JSON.stringify([...site.files.keys()].sort(), null, 0)}\n`);
  return { written: site.files.size, removed };
}
