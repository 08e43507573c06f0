/**
 * The typed helpers: the questions people ask of this event, each one definition (`defineHelper`): its
 * projection, WHERE text and modifiers (the SPARQL), its parameter binding, a row mapper whose rows are
 * typed by the projection, and the `KasperskyGraph` method that calls it (`helpers/methods.ts`). To add a
 * helper, add it here: the method, its types and its documentation follow.
 *
 * Everything is read from one graph (the dataset's default graph; on a remote store, whatever the
 * endpoint's default graph is): plain triples are the facts view; a claim's content is read from the
 * propositions it `kg:states` or `kg:denies` (`rdf:subject`/`rdf:predicate`/`rdf:object`), whether it is a
 * fact from `kg:licensed` (computed at build, never re-derived here), and its words from its evidence
 * nodes, one per source document (`kg:evidence`/`kg:document`/`kg:quote`/`kg:sentence`).
 * @module
 */
import type { Term } from 'n3';
import { DataFactory } from '../rdf/factory.js';
import { termKey } from '../rdf/term-key.js';
import { defineHelper } from './define.js';
import { bigintOf, booleanOf, groupBy, kgName, opt, req, uniqueSorted, type Row } from './rows.js';
import { dateWithin } from './dates.js';
import { dateParam, iriParam, ParameterError, stringParam, termToSparql, type Bindings } from '../query/terms.js';
import { superClassesOf, type KgClassName, type ModalityName, type VerificationName, type EventStatusName } from '../generated/vocab.js';
import type {
  ActionSummary, ClaimSummary, ContestedClaim, CustomerImpact, DateKind, Denial, DesignationStatus, EntityMatch, EntitySummary, Evidence,
  ExternalIdentifier, RegionSummary, SanctionedPerson, TimelineEntry, TripleSource,
} from './types.js';
import { KG, PREFIXES } from '../namespaces.js';

// ---------------------------------------------------------------- entities

/**
 * A triple some claim states (`kg:states`), whether or not it is a fact: the proposition node `?st`
 * with the given subject, predicate and object. Labels and types of entities that only unlicensed claims
 * mention live only here. `n` names the proposition variable (unique per use).
 */
function stated(s: string, p: string, o: string, n: string): string {
  return `?${n} rdf:subject ${s} ; rdf:predicate ${p} ; rdf:object ${o} . FILTER EXISTS { ?${n}_c kg:states ?${n} }`;
}

const ENTITY_FACETS = `
  { ?entity rdfs:label ?v BIND("label" AS ?k) } UNION { ${stated('?entity', 'rdfs:label', '?v', 'st1')} BIND("label" AS ?k) }
  UNION { ?entity skos:altLabel ?v BIND("alt" AS ?k) } UNION { ${stated('?entity', 'skos:altLabel', '?v', 'st2')} BIND("alt" AS ?k) }
  UNION { ?entity a ?v BIND("type" AS ?k) } UNION { ${stated('?entity', 'rdf:type', '?v', 'st3')} BIND("type" AS ?k) }
  UNION { ?entity owl:sameAs|skos:exactMatch ?v BIND("same" AS ?k) }`;

function summarise(iri: string, rows: readonly Row<'k' | 'v'>[]): EntitySummary {
  const names: { value: string; language: string }[] = [];
  const seen = new Set<string>();
  let en: string | undefined, any: string | undefined;
  const types = new Set<string>(), same = new Set<string>();
  for (const r of rows) {
    const k = opt(r, 'k'), v = req(r, 'v');
    if (k === 'label' || k === 'alt') {
      const lang = v.termType === 'Literal' ? v.language.toLowerCase() : '';
      const key = `${v.value}@${lang}`;
      if (!seen.has(key)) (seen.add(key), names.push({ value: v.value, language: lang }));
      if (k === 'label') {
        if (lang === 'en' && (en === undefined || v.value < en)) en = v.value;
        if (any === undefined || v.value < any) any = v.value;
      }
    } else if (k === 'type') types.add(kgName(v.value));
    else if (k === 'same') same.add(v.value);
  }
  names.sort((a, b) => (a.language + a.value < b.language + b.value ? -1 : 1));
  return { iri, label: en ?? any ?? iri, names, types: [...types].sort() as KgClassName[], sameAs: [...same].sort() };
}

/** Looks up one entity by IRI: labels (all languages), alternative names, types, verified identifiers. */
export const entity = defineHelper<{ iri: string }, EntitySummary | undefined>()({
  name: 'entity',
  description: 'An entity by IRI: names in every language, types, verified external identifiers.',
  distinct: true,
  select: ['k', 'v'],
  where: ` ${ENTITY_FACETS} `,
  bind: (p) => ({ entity: iriParam('iri', p.iri) }),
  map: (rows, p) => (rows.length ? summarise(p.iri, rows) : undefined),
  method: (iri: string) => ({ iri }),
});

/** Folds a name for matching: NFKD, accents removed, lower case, punctuation to spaces. */
export function foldName(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Finds entities by name: case- and accent-insensitive, over labels and alternative names in every script. */
export const findEntities = defineHelper<{ name: string; limit?: number }, EntityMatch[]>()({
  name: 'findEntities',
  description: 'Entities whose label or alternative name matches a text (case- and accent-insensitive, any script).',
  distinct: true,
  select: ['entity', 'k', 'v'],
  where: `
  { ?entity rdfs:label|skos:altLabel ?name } UNION { ?st0 rdf:subject ?entity ; rdf:predicate ?np ; rdf:object ?name . VALUES ?np { rdfs:label skos:altLabel } FILTER EXISTS { ?st0_c kg:states ?st0 } }
  FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), "${PREFIXES.id}"))
  ${ENTITY_FACETS}
`,
  bind: (p) => {
    stringParam('name', p.name, 500);
    if (p.limit !== undefined && (!Number.isInteger(p.limit) || p.limit < 1)) throw new ParameterError('limit', `expected a positive integer, got ${String(p.limit).slice(0, 40)}`);
    return {};
  },
  map: (rows, p) => {
    const needle = foldName(p.name);
    if (!needle) return [];
    const out: EntityMatch[] = [];
    for (const [iri, rs] of groupBy(rows, (r) => req(r, 'entity').value)) {
      const s = summarise(iri, rs);
      let best = 0, matched = '';
      for (const n of s.names) {
        const f = foldName(n.value);
        const score = f === needle ? 1 : f.startsWith(needle) ? 0.9 : f.includes(needle) ? 0.5 + 0.4 * (needle.length / f.length) : 0;
        if (score > best) (best = score), (matched = n.value);
      }
      if (best > 0) out.push({ ...s, matchedName: matched, score: Math.round(best * 1000) / 1000 });
    }
    out.sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : a.label > b.label ? 1 : a.iri < b.iri ? -1 : 1));
    return out.slice(0, p.limit ?? 20);
  },
  method: (name: string, limit?: number) => (limit === undefined ? { name } : { name, limit }),
});

// ---------------------------------------------------------------- actions

const DATE_PROPS = ['announcedOn', 'effectiveOn', 'publishedOn', 'startedOn', 'endedOn', 'occurredOn', 'signedOn'] as const;
const DATE_VALUES = DATE_PROPS.map((d) => `kg:${d}`).join(' ');

const ACTION_FACETS = `
  { ?action rdfs:label ?v BIND("label" AS ?k) }
  UNION { ?action a ?v BIND("type" AS ?k) }
  UNION { ?action kg:actor ?v BIND("actor" AS ?k) OPTIONAL { ?v rdfs:label ?vl FILTER(LANGMATCHES(LANG(?vl), "en")) } }
  UNION { ?action kg:target ?v BIND("target" AS ?k) }
  UNION { ?action kg:legalBasis ?v BIND("basis" AS ?k) }
  UNION { ?action kg:eventStatus ?v BIND("status" AS ?k) }
  UNION { VALUES ?dp { ${DATE_VALUES} } ?action ?dp ?v BIND(CONCAT("date:", STRAFTER(STR(?dp), "#")) AS ?k) }`;

function actionSummaries(rows: readonly Row<'action' | 'k' | 'v' | 'vl'>[]): ActionSummary[] {
  const out: ActionSummary[] = [];
  for (const [iri, rs] of groupBy(rows, (r) => req(r, 'action').value)) {
    const a: ActionSummary = { iri, label: iri, types: [], actors: [], actorLabels: [], targets: [], legalBases: [], dates: {}, status: undefined };
    const actors = new Map<string, string>();
    const types = new Set<string>(), targets = new Set<string>(), bases = new Set<string>();
    const dates: Partial<Record<DateKind, Set<string>>> = {};
    let label: string | undefined;
    for (const r of rs) {
      const k = opt(r, 'k')!, v = req(r, 'v');
      if (k === 'label' && (v.termType !== 'Literal' || v.language.toLowerCase() === 'en' || label === undefined)) label = v.value;
      else if (k === 'type') types.add(kgName(v.value));
      else if (k === 'actor') actors.set(v.value, opt(r, 'vl') ?? actors.get(v.value) ?? v.value);
      else if (k === 'target') targets.add(v.value);
      else if (k === 'basis') bases.add(v.value);
      else if (k === 'status') a.status = kgName<EventStatusName>(v.value);
      else if (k.startsWith('date:')) (dates[k.slice(5) as DateKind] ??= new Set()).add(v.value);
    }
    a.label = label ?? iri;
    a.types = [...types].sort() as KgClassName[];
    const actorIris = [...actors.keys()].sort();
    a.actors = actorIris;
    a.actorLabels = actorIris.map((i) => actors.get(i)!);
    a.targets = [...targets].sort();
    a.legalBases = [...bases].sort();
    for (const [k, set] of Object.entries(dates)) a.dates[k as DateKind] = [...set!].sort();
    out.push(a);
  }
  return out.sort((x, y) => firstDate(x).localeCompare(firstDate(y)) || x.iri.localeCompare(y.iri));
}
function firstDate(a: ActionSummary): string {
  return uniqueSorted(Object.values(a.dates).flat())[0] ?? '9999';
}

/**
 * Actions and events directed at a party: those targeting the party itself, its subsidiaries, or the
 * companies of its group (so the Kaspersky group collects the actions against AO Kaspersky Lab).
 */
export const actionsAgainst = defineHelper<{ party: string }, ActionSummary[]>()({
  name: 'actionsAgainst',
  description: 'Regulatory actions and events targeting a party, its subsidiaries or its group members.',
  distinct: true,
  select: ['action', 'k', 'v', 'vl'],
  where: `
  ?action kg:target ?t .
  ?t (kg:memberOfGroup|kg:parentOrganization|^kg:subsidiary)* ?party .
  ${ACTION_FACETS}
`,
  bind: (p) => ({ party: iriParam('party', p.party) }),
  map: (rows) => actionSummaries(rows),
  method: (party: string) => ({ party }),
});

/** Actions taken by an authority or any of its sub-units (BIS and OFAC roll up to their departments). */
export const actionsBy = defineHelper<{ authority: string }, ActionSummary[]>()({
  name: 'actionsBy',
  description: 'Actions and events carried out by an authority or its sub-units.',
  distinct: true,
  select: ['action', 'k', 'v', 'vl'],
  where: `
  ?action kg:actor ?a .
  ?a kg:parentOrganization* ?authority .
  ${ACTION_FACETS}
`,
  bind: (p) => ({ authority: iriParam('authority', p.authority) }),
  map: (rows) => actionSummaries(rows),
  method: (authority: string) => ({ authority }),
});

// ---------------------------------------------------------------- timeline

/** A date range: `from` and `to` (inclusive) as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; either may be left out. */
export interface DateRange {
  /** The first day (a year or month stands for its first day). */
  from?: string;
  /** The last day (a year or month stands for its last day). */
  to?: string;
}

/**
 * The dated timeline of the facts view: every event or restriction with a date, one row per date.
 * `from`/`to` accept `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (inclusive); an entry dated only to the year or
 * month is kept when the interval it denotes overlaps the range (see `helpers/dates.ts`: `2024-09` is
 * within a range starting 2024-09-01, not within one ending 2024-08-31).
 */
export const timeline = defineHelper<DateRange, TimelineEntry[]>()({
  name: 'timeline',
  description: 'Every dated event and restriction, in date order, optionally within a date range.',
  select: ['s', 'dp', 'date', 'k', 'v', 'vl'],
  where: `
  VALUES ?dp { ${DATE_VALUES} }
  ?s ?dp ?date .
  ${dateWithin('date', 'from', 'to')}
  { ?s a ?v BIND("type" AS ?k) }
  UNION { ?s rdfs:label ?v FILTER(LANGMATCHES(LANG(?v), "en")) BIND("label" AS ?k) }
  UNION { ?s kg:actor ?v BIND("actor" AS ?k) OPTIONAL { ?v rdfs:label ?vl FILTER(LANGMATCHES(LANG(?vl), "en")) } }
  UNION { ?s kg:actor ?a . ?a kg:parentOrganization+ ?v BIND("actorParent" AS ?k) }
`,
  bind: (p) => ({ from: dateParam('from', p.from ?? '0001'), to: dateParam('to', p.to ?? '9999', true) }),
  map: (rows) => {
    const out: TimelineEntry[] = [];
    for (const [, rs] of groupBy(rows, (r) => `${req(r, 's').value}|${req(r, 'dp').value}|${req(r, 'date').value}`)) {
      const facet = (k: string) => rs.filter((r) => opt(r, 'k') === k);
      const type = mostSpecific(facet('type').map((r) => kgName(req(r, 'v').value)), 'Event', 'Restriction');
      if (!type) continue;
      // the most specific actor: one that is no other named actor's parent organisation
      const parents = new Set(facet('actorParent').map((r) => req(r, 'v').value));
      const actors = uniqueSorted(facet('actor').map((r) => req(r, 'v').value));
      const actor = actors.find((a) => !parents.has(a)) ?? actors[0];
      const r = rs[0]!;
      out.push({
        iri: req(r, 's').value, label: uniqueSorted(facet('label').map((x) => req(x, 'v').value))[0] ?? req(r, 's').value, type,
        dateKind: kgName<DateKind>(req(r, 'dp').value), date: req(r, 'date').value,
        actor, actorLabel: uniqueSorted(facet('actor').filter((x) => req(x, 'v').value === actor).map((x) => opt(x, 'vl')))[0],
      });
    }
    return out.sort((a, b) => a.date.localeCompare(b.date) || a.iri.localeCompare(b.iri) || a.dateKind.localeCompare(b.dateKind));
  },
  method: (range: DateRange = {}) => range,
});

/**
 * The most specific of some kg: class names that fall under one of `roots` (by the generated class
 * hierarchy), or undefined when none does. Ties go to the alphabetically first.
 */
export function mostSpecific(names: readonly string[], ...roots: KgClassName[]): KgClassName | undefined {
  const under = [...new Set(names)].filter((n): n is KgClassName => n in superClassesOf && roots.some((root) => n === root || superClassesOf[n as KgClassName].includes(root))).sort();
  return under.find((n) => !under.some((m) => m !== n && superClassesOf[m].includes(n))) ?? under[0];
}

// ---------------------------------------------------------------- people

/** The people designated in sanctions actions, with the role and organisation the sources report. */
export const sanctionedPeople = defineHelper<Record<string, never> | undefined, SanctionedPerson[]>()({
  name: 'sanctionedPeople',
  description: 'People designated by a sanctions action, with role, organisation, date and legal basis.',
  select: ['person', 'name', 'given', 'patronymic', 'family', 'title', 'org', 'orgLabel', 'designation', 'by', 'date', 'basis'],
  where: `
  ?designation a kg:SanctionDesignation ; kg:target ?person .
  ?person a kg:Person .
  OPTIONAL { ?person rdfs:label ?name FILTER(LANGMATCHES(LANG(?name), "en")) }
  OPTIONAL { ?person kg:givenName ?given } OPTIONAL { ?person kg:patronymic ?patronymic } OPTIONAL { ?person kg:familyName ?family }
  OPTIONAL { ?role kg:person ?person . OPTIONAL { ?role kg:roleTitle ?title } OPTIONAL { ?role kg:organization ?org . OPTIONAL { ?org rdfs:label ?orgLabel FILTER(LANGMATCHES(LANG(?orgLabel), "en")) } } }
  OPTIONAL { ?designation kg:actor ?by }
  OPTIONAL { ?designation kg:announcedOn|kg:effectiveOn|kg:occurredOn ?date }
  OPTIONAL { ?designation kg:legalBasis ?basis }
`,
  modifiers: 'ORDER BY STR(?family) STR(?person)',
  map: (rows) => {
    const out: SanctionedPerson[] = [];
    for (const [key, rs] of groupBy(rows, (r) => `${req(r, 'person').value}|${req(r, 'designation').value}`)) {
      const r = rs[0]!;
      out.push({
        person: req(r, 'person').value, name: opt(r, 'name') ?? req(r, 'person').value,
        givenName: opt(r, 'given'), patronymic: opt(r, 'patronymic'), familyName: opt(r, 'family'),
        roleTitle: uniqueSorted(rs.map((x) => opt(x, 'title'))).join('; ') || undefined,
        organization: uniqueSorted(rs.map((x) => opt(x, 'org')))[0], organizationLabel: uniqueSorted(rs.map((x) => opt(x, 'orgLabel')))[0],
        designation: req(r, 'designation').value, designatedBy: uniqueSorted(rs.map((x) => opt(x, 'by'))),
        date: uniqueSorted(rs.map((x) => opt(x, 'date')))[0], legalBasis: uniqueSorted(rs.map((x) => opt(x, 'basis'))),
      });
      void key;
    }
    return out;
  },
  method: () => undefined,
});

// ---------------------------------------------------------------- customers

/** What changes for customers, resellers and other groups, and when: restrictions, exemptions, offers. */
export const customerImpacts = defineHelper<Record<string, never> | undefined, CustomerImpact[]>()({
  name: 'customerImpacts',
  description: 'Restrictions, exemptions and offers that change things for customers and resellers, with their dates.',
  select: ['s', 'type', 'partOf', 'k', 'v'],
  where: `
  { ?partOf kg:hasRestriction ?s . BIND(kg:Restriction AS ?type) }
  UNION { ?partOf kg:hasExemption ?s . BIND(kg:Exemption AS ?type) }
  UNION { ?s a kg:Offer . BIND(kg:Offer AS ?type) }
  UNION { ?s a kg:CustomerMigration . BIND(kg:CustomerMigration AS ?type) }
  { ?s rdfs:label ?v FILTER(LANGMATCHES(LANG(?v), "en")) BIND("label" AS ?k) }
  UNION { ?s kg:affects ?v BIND("affects" AS ?k) } UNION { ?s kg:offeredTo ?v BIND("affects" AS ?k) }
  UNION { ?s kg:restrictedActivity ?v BIND("desc1" AS ?k) } UNION { ?s kg:scopeDescription ?v BIND("desc2" AS ?k) }
  UNION { ?s kg:effectDescription ?v BIND("desc2" AS ?k) }
  UNION { ?s kg:effectiveOn ?v BIND("date1" AS ?k) } UNION { ?s kg:startedOn ?v BIND("date2" AS ?k) }
  UNION { ?s kg:announcedOn ?v BIND("date3" AS ?k) } UNION { ?s kg:occurredOn ?v BIND("date4" AS ?k) }
`,
  map: (rows) =>
    [...groupBy(rows, (r) => req(r, 's').value)].map(([iri, rs]) => {
      const facet = (...ks: string[]) => uniqueSorted(rs.filter((r) => ks.includes(opt(r, 'k') ?? '')).map((r) => opt(r, 'v')));
      return {
        iri, label: facet('label')[0] ?? iri, type: kgName<KgClassName>(req(rs[0]!, 'type').value), affects: facet('affects'),
        description: facet('desc1')[0] ?? facet('desc2')[0], date: facet('date1')[0] ?? facet('date2')[0] ?? facet('date3')[0] ?? facet('date4')[0],
        partOf: uniqueSorted(rs.map((r) => opt(r, 'partOf')))[0],
      };
    }).sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.iri.localeCompare(b.iri)),
  method: () => undefined,
});

// ---------------------------------------------------------------- regions

/** Regions and markets: countries, continents, the EU, the US market, with verified identifiers. */
export const regions = defineHelper<Record<string, never> | undefined, RegionSummary[]>()({
  name: 'regions',
  description: 'Regions and markets the graph mentions, with verified identifiers and what refers to them.',
  select: ['r', 'label', 'type', 'same', 'ref'],
  where: `
  { ?r a ?type } UNION { ${stated('?r', 'rdf:type', '?type', 'st1')} }
  VALUES ?type { kg:Region kg:Country kg:Continent kg:Market }
  OPTIONAL { { ?r rdfs:label ?label } UNION { ${stated('?r', 'rdfs:label', '?label', 'st2')} } FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?r owl:sameAs|skos:exactMatch ?same }
  OPTIONAL { ?ref ?p ?r . FILTER(?p NOT IN (rdf:type, rdf:subject, rdf:object)) }
`,
  modifiers: 'ORDER BY STR(?label)',
  map: (rows) =>
    [...groupBy(rows, (r) => req(r, 'r').value)].map(([iri, rs]) => ({
      iri, label: uniqueSorted(rs.map((r) => opt(r, 'label')))[0] ?? iri,
      type: (['Country', 'Continent', 'Market', 'Region'].find((t) => rs.some((r) => kgName(req(r, 'type').value) === t)) ?? 'Region') as KgClassName,
      sameAs: uniqueSorted(rs.map((r) => opt(r, 'same'))), referencedBy: uniqueSorted(rs.map((r) => opt(r, 'ref'))),
    })).sort((a, b) => a.label.localeCompare(b.label)),
  method: () => undefined,
});

// ---------------------------------------------------------------- claims

/**
 * One piece of evidence per (claim, source document): `?ev` with `?source` and that source's own words.
 * Variables are prefixed with `p` (`?pev`, `?psource`, `?pquote`...) so a query can read two claims' evidence.
 */
function evidenceOf(claim: string, p = ''): string {
  return `?${claim} kg:evidence ?${p}ev . ?${p}ev kg:document ?${p}source .
    OPTIONAL { ?${p}ev kg:quote ?${p}quote } OPTIONAL { ?${p}ev kg:paraphrase ?${p}paraphrase } OPTIONAL { ?${p}ev kg:note ?${p}evNote }
    OPTIONAL { ?${p}ev kg:sentence ?${p}sentenceNode . ?${p}sentenceNode kg:sentenceKey ?${p}sentence OPTIONAL { ?${p}sentenceNode kg:text ?${p}sentenceText } }
    OPTIONAL { ?${p}source dcterms:title ?${p}sourceTitle } OPTIONAL { ?${p}source rdfs:label ?${p}sourceLabel }
    OPTIONAL { ?${p}source kg:url ?${p}url } OPTIONAL { ?${p}source a ?${p}sourceType FILTER(STRSTARTS(STR(?${p}sourceType), "${KG}")) }`;
}

/** The variables {@link evidenceOf} binds, without its prefix. */
type EvidenceField = 'ev' | 'source' | 'quote' | 'paraphrase' | 'evNote' | 'sentence' | 'sentenceText' | 'sourceTitle' | 'sourceLabel' | 'url' | 'sourceType';
/** The variables {@link evidenceOf} binds, with its prefix `P`. */
type EvidenceVar<P extends string> = `${P}${EvidenceField}`;

/** The evidence rows of one claim (variables of {@link evidenceOf} with prefix `p`), one per source, in source order. */
function evidenceRows<P extends '' | 'b'>(rs: readonly Row<EvidenceVar<P>>[], p: P): Evidence[] {
  const out: Evidence[] = [];
  for (const [source, es] of groupBy(rs.filter((r) => opt(r, `${p}source`) !== undefined), (r) => opt(r, `${p}source`)!)) {
    const one = (k: EvidenceField) => uniqueSorted(es.map((r) => opt(r, `${p}${k}`)))[0];
    const sentences = new Map(es.filter((r) => opt(r, `${p}sentence`) !== undefined).map((r) => [opt(r, `${p}sentence`)!, opt(r, `${p}sentenceText`) ?? '']));
    const keys = [...sentences.keys()].sort();
    out.push({
      evidence: one('ev')!, source, sourceTitle: one('sourceTitle') ?? one('sourceLabel'), sourceLabel: one('sourceLabel'),
      sourceType: mostSpecific(es.map((r) => kgName(opt(r, `${p}sourceType`) ?? '')), 'SourceDocument'),
      url: one('url'), quote: one('quote'), quotes: uniqueSorted(es.map((r) => opt(r, `${p}quote`))), sentences: keys, sentenceTexts: keys.map((k) => sentences.get(k)!),
      paraphrase: booleanOf(es.map((r) => r[`${p}paraphrase`]).find((t) => t !== undefined)) ?? false, note: one('evNote'),
    });
  }
  return out.sort((a, b) => a.source.localeCompare(b.source));
}

const CLAIM_FACETS = `
  ?claim a kg:Claim ; kg:claimKey ?key ; kg:modality ?modality ; kg:verification ?verification .
  OPTIONAL { ?claim kg:licensed ?licensed }
  OPTIONAL { ?claim rdfs:label ?label }
  OPTIONAL { ?claim kg:denies ?denied }
  OPTIONAL { ?claim prov:wasDerivedFrom ?derivedFrom }
  OPTIONAL { ${evidenceOf('claim')} }
  OPTIONAL { ?claim kg:contradictedBy ?contradictedBy }
  OPTIONAL { ?claim kg:qualifiedBy ?qualifiedBy }`;
/** The projection of the claim helpers: {@link CLAIM_FACETS}' variables. */
const CLAIM_VARS = ['claim', 'key', 'label', 'modality', 'verification', 'licensed', 'denied', 'derivedFrom', 'ev', 'source', 'quote', 'paraphrase', 'evNote', 'sentence', 'sentenceText', 'sourceTitle', 'sourceLabel', 'url', 'sourceType', 'contradictedBy', 'qualifiedBy'] as const;

function claimSummaries(rows: readonly Row<(typeof CLAIM_VARS)[number]>[]): ClaimSummary[] {
  return [...groupBy(rows, (r) => req(r, 'claim').value)].map(([claim, rs]) => {
    const r = rs[0]!;
    const evidence = evidenceRows(rs, '');
    const srcIris = uniqueSorted([...rs.map((x) => opt(x, 'derivedFrom')), ...evidence.map((e) => e.source)]);
    const titles = new Map(evidence.map((e) => [e.source, e.sourceTitle ?? '']));
    return {
      claim, key: req(r, 'key').value, label: opt(r, 'label') ?? claim,
      modality: kgName<ModalityName>(req(r, 'modality').value), verification: kgName<VerificationName>(req(r, 'verification').value),
      licensed: booleanOf(r.licensed) ?? false, denies: rs.some((x) => opt(x, 'denied') !== undefined),
      quote: evidence.find((e) => e.quote !== undefined)?.quote,
      sentences: uniqueSorted(evidence.flatMap((e) => e.sentences)), sources: srcIris, sourceTitles: srcIris.map((i) => titles.get(i) ?? ''),
      evidence,
      contradictedBy: uniqueSorted(rs.map((x) => opt(x, 'contradictedBy'))), qualifiedBy: uniqueSorted(rs.map((x) => opt(x, 'qualifiedBy'))),
    };
  }).sort((a, b) => claimOrder(a.key) - claimOrder(b.key) || a.key.localeCompare(b.key));
}
function claimOrder(key: string): number {
  const m = /^([A-Z])(\d+)/.exec(key);
  return m ? m[1]!.charCodeAt(0) * 1000 + Number(m[2]) : 1e9;
}

/**
 * The claims that mention an entity: those stating or denying a proposition whose subject or object it
 * is, with modality, verification, licensing and evidence per source.
 */
export const claimsAbout = defineHelper<{ iri: string }, ClaimSummary[]>()({
  name: 'claimsAbout',
  description: 'Claims about an entity (as subject or object of what they state or deny), with modality, verification and evidence per source.',
  // An alternative path, not a UNION: Virtuoso 7.2 loses OPTIONAL values (kg:qualifiedBy) joined after
  // `{ … } UNION { … }` here. No DISTINCT sub-select either: the bound ?entity would not reach inside it.
  // Repeated rows (an entity in two propositions of one claim) are merged by the mapper.
  select: CLAIM_VARS,
  where: `
  ?claim kg:states|kg:denies ?prop .
  ?prop rdf:subject|rdf:object ?entity .
  ${CLAIM_FACETS}
`,
  bind: (p) => ({ entity: iriParam('iri', p.iri) }),
  map: (rows) => claimSummaries(rows),
  method: (iri: string) => ({ iri }),
});

/** Every claim of the graph (or those of one source document), with modality and evidence per source. */
export const claims = defineHelper<{ source?: string } | undefined, ClaimSummary[]>()({
  name: 'claims',
  description: 'All claims, optionally only those derived from one source document.',
  select: CLAIM_VARS,
  where: `
  ?claim prov:wasDerivedFrom ?from .
  ${CLAIM_FACETS}
`,
  bind: (p): Bindings => (p?.source !== undefined ? { from: iriParam('source', p.source) } : {}),
  map: (rows) => claimSummaries(rows),
  method: (source?: string) => (source === undefined ? undefined : { source }),
});

/** A triple's object as a parameter: an IRI, or a literal with its language or datatype. */
export type ObjectParam = string | { value: string; language?: string; datatype?: string };

function objectParam(name: string, o: ObjectParam): Term {
  if (typeof o === 'string') return iriParam(name, o);
  if (!o || typeof o !== 'object') throw new ParameterError(name, 'expected an IRI string or { value, language?, datatype? }');
  const lit = stringParam(`${name}.value`, o.value);
  if (o.language !== undefined) {
    const t = DataFactory.literal(lit.value, stringParam(`${name}.language`, o.language, 64).value);
    termToSparql(t, `${name}.language`); // refuses a malformed tag, naming the parameter
    return t;
  }
  return o.datatype !== undefined ? DataFactory.literal(lit.value, iriParam(`${name}.datatype`, o.datatype)) : lit;
}

/**
 * The sources of one triple: every claim that states it, and for each of the claim's source documents
 * that source's own evidence (its exact words or a paraphrase note, and the article sentence). Only true
 * (claim, source, quote) triples: a quote is returned with the one document that carries it.
 */
export const sourcesOf = defineHelper<{ subject: string; predicate: string; object: ObjectParam }, TripleSource[]>()({
  name: 'sourcesOf',
  description: 'Which claims and source documents state a triple, with each source\'s own words and the article sentence.',
  // ?s ?p ?o are projected (and ignored by the mapper): Virtuoso 7.2 fails to compile the query
  // ("ssg_print_rvr_fixed_val(): no SPART_VARR_FIXED") when all three are bound by VALUES and not projected.
  select: ['s', 'p', 'o', 'claim', 'key', 'modality', 'verification', 'licensed', 'ev', 'source', 'sourceTitle', 'sourceLabel', 'sourceType', 'url', 'quote', 'paraphrase', 'evNote', 'sentence', 'sentenceText'],
  where: `
  ?prop rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?claim kg:states ?prop ; kg:claimKey ?key ; kg:modality ?modality ; kg:verification ?verification .
  OPTIONAL { ?claim kg:licensed ?licensed }
  ${evidenceOf('claim')}
`,
  modifiers: 'ORDER BY STR(?key) STR(?source)',
  bind: (p) => ({ s: iriParam('subject', p.subject), p: iriParam('predicate', p.predicate), o: objectParam('object', p.object) }),
  map: (rows) =>
    [...groupBy(rows, (r) => req(r, 'claim').value)].flatMap(([claim, rs]) =>
      evidenceRows(rs, '').map((e) => ({
        claim, key: req(rs[0]!, 'key').value,
        modality: kgName<ModalityName>(req(rs[0]!, 'modality').value), verification: kgName<VerificationName>(req(rs[0]!, 'verification').value),
        licensed: booleanOf(rs[0]!.licensed) ?? false,
        source: e.source, sourceTitle: e.sourceTitle, url: e.url, quote: e.quote,
        sentence: e.sentenceTexts.find((t) => e.quote !== undefined && t.includes(e.quote)) ?? e.sentenceTexts[0], sentences: e.sentenceTexts, paraphrase: e.paraphrase, note: e.note,
      })),
    ).sort((a, b) => claimOrder(a.key) - claimOrder(b.key) || a.key.localeCompare(b.key) || a.source.localeCompare(b.source)),
  method: (subject: string, predicate: string, object: ObjectParam) => ({ subject, predicate, object }),
});

/** A triple pattern: any of subject, predicate and object; a part left out matches anything. */
export interface TriplePattern {
  /** The subject's IRI. */
  subject?: string;
  /** The predicate's IRI. */
  predicate?: string;
  /** The object: an IRI or a literal. */
  object?: ObjectParam;
}

/**
 * What the sources say did NOT happen: claims that deny (`kg:denies`) a triple matching the given
 * subject, predicate and object (each optional), with each source's own words. "Was Eugene Kaspersky
 * designated by OFAC?" is `denials({ predicate: kg:target, object: person:eugene-kaspersky })`: a
 * denial per source, not an empty result.
 */
export const denials = defineHelper<TriplePattern | undefined, Denial[]>()({
  name: 'denials',
  description: 'Negative statements: triples a source says do not hold, with the claim and each source\'s words.',
  select: ['claim', 'key', 'label', 'modality', 'verification', 's', 'p', 'o', 'ev', 'source', 'sourceTitle', 'sourceLabel', 'sourceType', 'url', 'quote', 'paraphrase', 'evNote', 'sentence', 'sentenceText'],
  where: `
  ?prop rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?claim kg:denies ?prop ; kg:claimKey ?key ; kg:modality ?modality ; kg:verification ?verification .
  OPTIONAL { ?claim rdfs:label ?label }
  OPTIONAL { ${evidenceOf('claim')} }
`,
  bind: (p): Bindings => {
    const b: Record<string, Term> = {};
    if (p?.subject !== undefined) b.s = iriParam('subject', p.subject);
    if (p?.predicate !== undefined) b.p = iriParam('predicate', p.predicate);
    if (p?.object !== undefined) b.o = objectParam('object', p.object);
    return b;
  },
  map: (rows) =>
    [...groupBy(rows, (r) => `${req(r, 'claim').value}|${termKey(req(r, 's'))}|${termKey(req(r, 'p'))}|${termKey(req(r, 'o'))}`)].map(([, rs]) => {
      const r = rs[0]!;
      const o = req(r, 'o');
      return {
        claim: req(r, 'claim').value, key: req(r, 'key').value, label: opt(r, 'label') ?? req(r, 'claim').value,
        modality: kgName<ModalityName>(req(r, 'modality').value), verification: kgName<VerificationName>(req(r, 'verification').value),
        subject: req(r, 's').value, predicate: req(r, 'p').value,
        object: o.termType === 'Literal' ? { value: o.value, language: o.language || undefined, datatype: o.language ? undefined : o.datatype.value } : o.value,
        evidence: evidenceRows(rs, ''),
      };
    }).sort((a, b) => claimOrder(a.key) - claimOrder(b.key) || a.key.localeCompare(b.key) || a.subject.localeCompare(b.subject) || a.predicate.localeCompare(b.predicate) || JSON.stringify(a.object).localeCompare(JSON.stringify(b.object))),
  method: (pattern: TriplePattern = {}) => pattern,
});

/**
 * Was a party designated in a sanctions action? `yes` when the facts view holds a designation targeting
 * it; `no` when no such fact exists and a source says it was not designated (with the source's words);
 * `unknown` when neither.
 */
export const designationStatus = defineHelper<{ target: string }, DesignationStatus>()({
  name: 'designationStatus',
  description: 'Whether a party was designated by a sanctions action: the designations, or the sources that say it was not.',
  select: ['kind', 'd', 'claim', 'key', 'label', 'modality', 'verification', 's', 'p', 'o', 'ev', 'source', 'sourceTitle', 'sourceLabel', 'sourceType', 'url', 'quote', 'paraphrase', 'evNote', 'sentence', 'sentenceText'],
  where: `
  { ?d a kg:SanctionDesignation ; kg:target ?target . BIND("fact" AS ?kind) }
  UNION
  { ?prop rdf:subject ?d ; rdf:predicate kg:target ; rdf:object ?target .
    ?claim kg:denies ?prop ; kg:claimKey ?key ; kg:modality ?modality ; kg:verification ?verification .
    { ?d a kg:SanctionDesignation } UNION { ${stated('?d', 'rdf:type', 'kg:SanctionDesignation', 'st1')} }
    OPTIONAL { ?claim rdfs:label ?label }
    OPTIONAL { ${evidenceOf('claim')} }
    BIND("denial" AS ?kind) BIND(?d AS ?s) BIND(kg:target AS ?p) BIND(?target AS ?o) }
`,
  bind: (p) => ({ target: iriParam('target', p.target) }),
  map: (rows, p) => {
    const designations = uniqueSorted(rows.filter((r) => opt(r, 'kind') === 'fact').map((r) => opt(r, 'd')));
    const found = denials.map(rows.filter((r) => opt(r, 'kind') === 'denial'), undefined);
    return { target: p.target, designated: designations.length ? 'yes' : found.length ? 'no' : 'unknown', designations, denials: found };
  },
  method: (target: string) => ({ target }),
});

/**
 * Claims that other claims contradict or qualify, with who says so: the contradicting claim, each of its
 * sources (with its kind: official notice, press release, news, law firm...) and that source's words.
 */
export const contestedClaims = defineHelper<Record<string, never> | undefined, ContestedClaim[]>()({
  name: 'contestedClaims',
  description: 'Claims contradicted or qualified by other claims, with the contradicting claim, its sources and their words.',
  // The relation comes from VALUES, not a UNION of BINDs: Oxigraph joins the OPTIONALs after such a UNION
  // in quadratic time (3 s at 20k quads, 552 s at 200k; this form takes milliseconds).
  select: ['claim', 'key', 'quote', 'verification', 'rel', 'by', 'byKey', 'byLabel', 'byNote', 'bev', 'bsource', 'bquote', 'bparaphrase', 'bevNote', 'bsentence', 'bsentenceText', 'bsourceTitle', 'bsourceLabel', 'burl', 'bsourceType'],
  where: `
  VALUES (?relation ?rel) { (kg:contradictedBy "contradicts") (kg:qualifiedBy "qualifies") }
  ?claim ?relation ?by .
  ?claim kg:claimKey ?key ; kg:verification ?verification .
  OPTIONAL { ?claim kg:evidence ?cev . ?cev kg:quote ?quote }
  ?by kg:claimKey ?byKey .
  OPTIONAL { ?by rdfs:label ?byLabel } OPTIONAL { ?by kg:note ?byNote }
  OPTIONAL { ${evidenceOf('by', 'b')} }
`,
  map: (rows) =>
    [...groupBy(rows, (r) => `${req(r, 'claim').value}|${req(r, 'by').value}|${req(r, 'rel').value}`)].map(([, rs]) => {
      const r = rs[0]!;
      const byEvidence = evidenceRows(rs, 'b');
      return {
        claim: req(r, 'claim').value, key: req(r, 'key').value, quote: uniqueSorted(rs.map((x) => opt(x, 'quote')))[0],
        verification: kgName<VerificationName>(req(r, 'verification').value), relation: req(r, 'rel').value as ContestedClaim['relation'],
        by: req(r, 'by').value, byKey: req(r, 'byKey').value, byLabel: opt(r, 'byLabel'),
        byStatement: byEvidence.find((e) => e.quote !== undefined)?.quote ?? uniqueSorted(rs.map((x) => opt(x, 'byNote')))[0],
        bySources: uniqueSorted(byEvidence.map((e) => e.sourceTitle)),
        byEvidence,
      };
    }).sort((a, b) => claimOrder(a.key) - claimOrder(b.key) || claimOrder(a.byKey) - claimOrder(b.byKey) || a.byKey.localeCompare(b.byKey)),
  method: () => undefined,
});

// ---------------------------------------------------------------- identifiers

const ID_PROPS = ['caseNumber', 'frDocumentNumber', 'frCitation', 'docketNumber', 'rin', 'legalCitation'] as const;

/** External identifiers of an entity: verified Wikidata (or other) IRIs and document identifiers. */
export const externalIds = defineHelper<{ iri: string }, ExternalIdentifier[]>()({
  name: 'externalIds',
  description: 'Verified external identifiers of an entity (Wikidata, case and Federal Register numbers...).',
  distinct: true,
  select: ['p', 'v'],
  where: `
  VALUES ?p { owl:sameAs skos:exactMatch dcterms:identifier ${ID_PROPS.map((p) => `kg:${p}`).join(' ')} }
  ?entity ?p ?v .
`,
  modifiers: 'ORDER BY STR(?p) STR(?v)',
  bind: (p) => ({ entity: iriParam('iri', p.iri) }),
  map: (rows, p) =>
    rows.map((r) => {
      const prop = req(r, 'p').value;
      const scheme = prop === `${PREFIXES.owl}sameAs` ? 'sameAs' : prop === `${PREFIXES.skos}exactMatch` ? 'exactMatch' : prop.startsWith(KG) ? kgName(prop) : 'identifier';
      return { entity: p.iri, scheme, value: req(r, 'v').value };
    }),
  method: (iri: string) => ({ iri }),
});

/**
 * Counts used by the briefing: facts (plain triples that a licensed claim states: the facts view, not
 * the descriptions of claims, evidence and sources), claims, and the propositions claims state or deny.
 */
export const graphStatistics = defineHelper<Record<string, never> | undefined, { facts: bigint; claims: bigint; claimTriples: bigint }>()({
  name: 'graphStatistics',
  description: 'How many facts, claims and claimed propositions (claim, proposition pairs) the graph holds.',
  select: ['facts', 'claims', 'claimTriples'],
  where: `
  { SELECT (COUNT(DISTINCT ?st) AS ?facts) WHERE { ?c kg:states ?st ; kg:licensed ?licensed FILTER(?licensed) } }
  { SELECT (COUNT(DISTINCT ?c) AS ?claims) WHERE { ?c a kg:Claim } }
  { SELECT (COUNT(*) AS ?claimTriples) WHERE { ?c a kg:Claim ; kg:states|kg:denies ?st } }
`,
  map: (rows) => ({ facts: bigintOf(rows[0]?.facts) ?? 0n, claims: bigintOf(rows[0]?.claims) ?? 0n, claimTriples: bigintOf(rows[0]?.claimTriples) ?? 0n }),
});
