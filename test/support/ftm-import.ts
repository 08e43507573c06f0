/**
 * Import back: FtM entities (plus the ID map written with them, and optionally the statements for
 * language tags) → facts in the package's vocabulary. Used to check that the export loses nothing FtM can
 * express; {@link FTM_CANNOT_EXPRESS} lists, with reasons, what it cannot. The round-trip test's reader
 * (`test/ftm-roundtrip.test.ts`), not part of the package: the package has no FtM import command or API.
 * @module
 */
import { KG, PREFIXES, RDF_TYPE, XSD } from '../../src/namespaces.js';
import type { FtmEntity } from '../../src/ftm/entity.js';
import { CODE_REGIONS, factKey, type Fact, type IdMapEntry } from '../../src/ftm/export.js';
import type { FtmStatement } from '../../src/ftm/statements.js';
import { LANG3 } from '../../src/ftm/statements.js';

const RDFS = PREFIXES.rdfs;

/**
 * What FtM cannot express, as loss keys (`a kg:Class` for types, a prefixed predicate otherwise) with the
 * reason. The round-trip test checks that the facts lost in export → import are exactly covered by this
 * list, and that the list itself does not grow unnoticed.
 */
export const FTM_CANNOT_EXPRESS: Readonly<Record<string, string>> = {
  // parties (persons, companies, organisations, bodies)
  'party a kg:CorporateGroup': 'FtM has no schema for a group known by a brand; exported as Organization, whose kg: class is ambiguous on import',
  'party a kg:Organization': 'FtM Organization is read back without a kg: class (it may be a group or another organisation)',
  'party a kg:GovernmentBody': 'FtM PublicBody also covers administrations and state-owned bodies; read back without a kg: class',
  'party a kg:Administration': 'FtM PublicBody does not distinguish a presidential administration',
  'party kg:birthPlace': 'a place is not an FtM entity; exported as Person:birthPlace text and birthCountry code',
  'party kg:headquarteredIn': 'cities are not FtM values; exported as LegalEntity:mainCountry (country code only)',
  'party kg:subsidiary': 'exported as the inverse edge (Ownership/UnknownLink), read back as kg:parentOrganization',
  'party owl:sameAs': 'only Wikidata QIDs have an FtM property (wikidataId); other sameAs IRIs are kept in the link sets',
  'party skos:exactMatch': 'only Wikidata QIDs have an FtM property (wikidataId); other exact matches are kept in the link sets',
  'party kg:note': 'editorial notes are not exported',
  'party kg:quantityDescription': 'no FtM property for quantities as worded',
  'party kg:count': 'no FtM property for counts (e.g. of customers or staff)',
  'party kg:approximateCount': 'no FtM property for counts (e.g. of customers or staff)',
  'party kg:maximumCount': 'no FtM property for counts (e.g. of customers or staff)',
  'party kg:memberOfGroup': 'membership of a group that is not exported has no FtM entity to point at',
  'party kg:parentOrganization': 'a parent that is not exported has no FtM entity to point at',
  // measures (one FtM Sanction per party; the measure itself is not an entity)
  'measure a kg:RegulatoryAction': 'the measure is not an FtM entity; its class is rebuilt from programId where one exists',
  'measure a kg:Prohibition': 'only the ICTS determination has a programId (X-KKG-US-ICTS); other prohibitions cannot be told apart',
  'measure a kg:Directive': 'no program key identifies a directive',
  'measure a kg:StatutoryProhibition': 'no program key identifies a statute',
  'measure a kg:ProcurementRemoval': 'no program key identifies a procurement removal',
  'measure kg:legalBasis': 'a legal instrument is not an FtM entity; exported as the Sanction:program text',
  'measure kg:sanctionsProgram': 'exported as Sanction:program text, which also holds the legal basis, so it cannot be told apart on import',
  'measure kg:announcedIn': 'a source document is not an FtM entity; exported as Sanction:sourceUrl and authorityId (FR Doc number)',
  'measure kg:target': 'targets that are not exported parties (products, groups of customers) have no FtM entity to point at',
  'measure kg:actor': 'an actor that is not an exported body is only the Sanction:authority text',
  'measure skos:altLabel': 'Sanction (an Interval) has no name or alias properties',
  'measure kg:scopeDescription': 'Sanction has no property for the scope description',
  'measure kg:quantityDescription': 'no FtM property for quantities as worded',
  'measure kg:count': 'no FtM property for counts',
  'measure kg:approximateCount': 'no FtM property for counts',
  'measure kg:maximumCount': 'no FtM property for counts',
  'measure kg:eventStatus': 'Sanction:status is free text; event-status concepts are not recoverable',
  'measure kg:hasRestriction': 'restrictions within a measure are not FtM entities',
  'measure kg:hasExemption': 'exemptions within a measure are not FtM entities',
  'measure kg:restrictedProduct': 'products are not FtM entities',
  'measure kg:underAdministration': 'administrations are not linked to measures in FtM',
  'measure kg:follows': 'event-to-event relations are not FtM properties',
  'measure kg:expands': 'event-to-event relations are not FtM properties',
  'measure kg:motivatedBy': 'event-to-event relations are not FtM properties',
  'measure kg:hasPart': 'event-to-event relations are not FtM properties',
  'measure kg:affects': 'groups of affected agents are not FtM entities',
  'measure kg:jurisdiction': 'only country-level jurisdictions are FtM country codes',
  'measure kg:signedOn': 'Sanction has no signature date',
  'measure kg:occurredOn': 'Sanction:date is used for announcedOn',
  'measure kg:startedOn': 'Sanction:startDate is used for effectiveOn',
  'measure kg:signatory': 'signatories are not linked to Sanction in FtM',
  'measure kg:duration': 'Sanction:duration is a number of days, not an xsd:duration',
  'measure kg:note': 'editorial notes are not exported',
  'measure rdfs:comment': 'kept as Sanction:description only when the measure has exported targets',
  // resources with no FtM entity at all
  'unexported': 'measures whose targets are all outside FtM (products, groups) and roles of unexported parties produce no entity',
};

/** The role a subject plays in the export (`party`, `role`, `measure`), from the ID map; `unexported` otherwise. */
export function subjectKinds(ids: readonly IdMapEntry[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const i of ids) {
    if (i.kind === 'entity') m.set(i.iri, 'party');
    else if (i.kind === 'employment' || i.kind === 'directorship') m.set(i.iri, 'role');
    else if (i.kind === 'sanction') m.set(i.iri, 'measure');
  }
  return m;
}

/** The loss key of a fact: the subject's kind, then `a kg:X` for a type or the prefixed predicate. */
function lossKey(f: Fact, kinds: ReadonlyMap<string, string> = new Map()): string {
  const kind = kinds.get(f.s) ?? 'unexported';
  if (kind === 'unexported') return 'unexported';
  const short = (iri: string) => {
    for (const [p, ns] of Object.entries(PREFIXES)) if (iri.startsWith(ns)) return `${p}:${iri.slice(ns.length)}`;
    return iri;
  };
  return `${kind} ${f.p === RDF_TYPE ? `a ${short(f.o)}` : short(f.p)}`;
}

function dateFact(s: string, p: string, v: string): Fact {
  const dt = /^\d{4}$/.test(v) ? 'gYear' : /^\d{4}-\d{2}$/.test(v) ? 'gYearMonth' : v.length > 10 ? 'dateTime' : 'date';
  return { s, p, o: v, iri: false, datatype: `${XSD}${dt}` };
}

/** Program IDs → the measure class they identify. */
const PROGRAM_CLASSES: Readonly<Record<string, string>> = {
  'US-RUSHAR': 'SanctionDesignation', 'US-BIS-EL': 'EntityListAddition', 'US-FCC': 'CoveredListAddition', 'X-KKG-US-ICTS': 'Prohibition',
};

/** Reads FtM entities back into facts of the package vocabulary. */
export function importFtm(entities: readonly FtmEntity[], ids: readonly IdMapEntry[], statements: readonly FtmStatement[] = []): Fact[] {
  const entry = new Map(ids.map((i) => [i.id, i]));
  const iriOf = (id: string): string | undefined => {
    const en = entry.get(id);
    return en?.kind === 'entity' ? en.iri : undefined;
  };
  const langOf = new Map<string, string>();
  for (const st of statements) if (st.lang) langOf.set(`${st.entity_id}\u0000${st.prop}\u0000${st.value}`, st.lang);
  const lang3to1 = Object.fromEntries(Object.entries(LANG3).map(([a, b]) => [b, a]));
  const lit = (e: FtmEntity, s: string, p: string, prop: string, v: string): Fact => {
    const l = langOf.get(`${e.id}\u0000${prop}\u0000${v}`);
    const f: Fact = { s, p, o: v, iri: false };
    if (l && lang3to1[l]) f.lang = lang3to1[l];
    return f;
  };
  // authority names → body IRIs (resolving Sanction:authority text to the exported PublicBody)
  const bodies = new Map<string, string>();
  for (const e of entities) if (e.schema === 'PublicBody') for (const n of [...(e.properties.name ?? []), ...(e.properties.alias ?? [])]) if (iriOf(e.id)) bodies.set(n, iriOf(e.id)!);
  const out: Fact[] = [];
  const push = (f: Fact | undefined) => {
    if (f) out.push(f);
  };
  const region = (s: string, p: string, code: string): Fact | undefined => (CODE_REGIONS[code] ? { s, p, o: CODE_REGIONS[code]!, iri: true } : undefined);
  for (const e of entities) {
    const en = entry.get(e.id);
    if (!en) continue;
    const P = e.properties;
    const each = (prop: string, fn: (v: string) => void) => (P[prop] ?? []).forEach(fn);
    if (en.kind === 'entity') {
      const s = en.iri;
      const cls = ({ Person: 'Person', Company: 'Company' } as Record<string, string>)[e.schema];
      if (cls) push({ s, p: RDF_TYPE, o: KG + cls, iri: true });
      each('name', (v) => push(lit(e, s, `${RDFS}label`, 'name', v)));
      each('alias', (v) => push(lit(e, s, `${PREFIXES.skos}altLabel`, 'alias', v)));
      each('description', (v) => push(lit(e, s, `${RDFS}comment`, 'description', v)));
      each('wikidataId', (v) => push({ s, p: `${PREFIXES.owl}sameAs`, o: `${PREFIXES.wd}${v}`, iri: true }));
      if (e.schema === 'Person') {
        each('firstName', (v) => push(lit(e, s, `${KG}givenName`, 'firstName', v)));
        each('fatherName', (v) => push(lit(e, s, `${KG}patronymic`, 'fatherName', v)));
        each('lastName', (v) => push(lit(e, s, `${KG}familyName`, 'lastName', v)));
        each('birthDate', (v) => push(dateFact(s, `${KG}birthDate`, v)));
        each('nationality', (v) => push(region(s, `${KG}countryOfOrigin`, v)));
      } else {
        each('jurisdiction', (v) => push(region(s, `${KG}registeredIn`, v)));
        each('country', (v) => push(region(s, `${KG}countryOfOrigin`, v)));
        each('mainCountry', (v) => push(region(s, `${KG}headquarteredIn`, v)));
      }
    } else if (en.kind === 'employment' || en.kind === 'directorship') {
      const s = en.iri;
      push({ s, p: RDF_TYPE, o: `${KG}Role`, iri: true });
      each('summary', (v) => push(lit(e, s, `${RDFS}label`, 'summary', v)));
      const person = iriOf((P.employee ?? P.director ?? [])[0] ?? '');
      const org = iriOf((P.employer ?? P.organization ?? [])[0] ?? '');
      if (person) push({ s, p: `${KG}person`, o: person, iri: true });
      if (org) push({ s, p: `${KG}organization`, o: org, iri: true });
      each('role', (v) => push(lit(e, s, `${KG}roleTitle`, 'role', v)));
      each('startDate', (v) => push(dateFact(s, `${KG}startedOn`, v)));
      each('endDate', (v) => push(dateFact(s, `${KG}endedOn`, v)));
    } else if (en.kind === 'ownership' || en.kind === 'link') {
      if (en.other) push({ s: en.iri, p: `${KG}parentOrganization`, o: en.other, iri: true });
    } else if (en.kind === 'membership') {
      if (en.other) push({ s: en.iri, p: `${KG}memberOfGroup`, o: en.other, iri: true });
    } else if (en.kind === 'sanction') {
      const s = en.iri;
      const party = iriOf((P.entity ?? [])[0] ?? '');
      if (party) push({ s, p: `${KG}target`, o: party, iri: true });
      each('programId', (v) => {
        const cls = PROGRAM_CLASSES[v];
        if (cls) push({ s, p: RDF_TYPE, o: KG + cls, iri: true });
      });
      each('authority', (v) => {
        const b = bodies.get(v);
        if (b) push({ s, p: `${KG}actor`, o: b, iri: true });
      });
      each('summary', (v) => push(lit(e, s, `${RDFS}label`, 'summary', v)));
      each('description', (v) => push(lit(e, s, `${RDFS}comment`, 'description', v)));
      each('date', (v) => push(dateFact(s, `${KG}announcedOn`, v)));
      each('startDate', (v) => push(dateFact(s, `${KG}effectiveOn`, v)));
      each('endDate', (v) => push(dateFact(s, `${KG}endedOn`, v)));
      each('listingDate', (v) => push(dateFact(s, `${KG}publishedOn`, v)));
      each('reason', (v) => push(lit(e, s, `${KG}statedReason`, 'reason', v)));
      each('provisions', (v) => push(lit(e, s, `${KG}effectDescription`, 'provisions', v)));
      each('authorityId', (v) => {
        if (!/^\d{4}-\d{4,6}$/.test(v)) push(lit(e, s, `${KG}caseNumber`, 'authorityId', v));
      });
      each('country', (v) => push(region(s, `${KG}jurisdiction`, v)));
    }
  }
  const seen = new Set<string>();
  return out.filter((f) => {
    const k = factKey(f);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The outcome of comparing the original facts with the imported ones. */
export interface RoundTripReport {
  /** Original facts not reproduced, grouped by loss key. */
  lost: Map<string, Fact[]>;
  /** Imported facts that were not in the original (must be empty). */
  spurious: Fact[];
  /** Number of original facts reproduced exactly. */
  kept: number;
}

/** Compares original and imported facts (exact match of subject, predicate, object, language and datatype). */
export function compareFacts(original: readonly Fact[], imported: readonly Fact[], kinds: ReadonlyMap<string, string> = new Map()): RoundTripReport {
  const imp = new Set(imported.map(factKey));
  const orig = new Set(original.map(factKey));
  const lost = new Map<string, Fact[]>();
  let kept = 0;
  for (const f of original) {
    if (imp.has(factKey(f))) {
      kept++;
      continue;
    }
    const k = lossKey(f, kinds);
    const l = lost.get(k);
    if (l) l.push(f);
    else lost.set(k, [f]);
  }
  const spurious = imported.filter((f) => !orig.has(factKey(f)));
  return { lost, spurious, kept };
}
