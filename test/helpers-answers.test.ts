/**
 * Every typed helper of `KasperskyGraph` against answers reasoned from the sources — the article's claims
 * C1–C47 and the sourced facts E1–E33 of the research notes, as the data files (`data/*.trig`) record
 * them — never from the helpers' own output. Each helper meets its hard inputs: a range edge, an entity
 * mentioned as object, subsidiaries, hedged and contradicted claims, denials, an unknown IRI.
 *
 * The graph is compiled here from `data/` and `ontology/` (not read from `dist/`), so the licensing rule
 * (`src/data/materialise.ts`) is under test too: a claim is licensed iff its modality AND its
 * verification license a fact (ontology: modalities Asserted and Announced; verifications Verified,
 * Corroborated, Consistent and NotApplicable). The point lookups (`entity`, `findEntities`,
 * `externalIds`) are asked of the index and of SPARQL alike.
 *
 * Counts are exact. When the data files change, the expected answers change only where the sources say
 * something new: recount from the data, never from a helper's output.
 */
import { strict as assert } from 'node:assert';
import { openGraphFromNQuads, type KasperskyGraph } from '../src/graph.js';
import { assembleDataset, buildDatasetParts, toNQuads } from '../src/data/dataset.js';
import * as H from '../src/helpers/queries.js';

const ID = 'https://w3id.org/kaspersky-kg/id/';
const KG = 'https://w3id.org/kaspersky-kg/ontology#';
const WD = 'http://www.wikidata.org/entity/';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const id = (local: string) => `${ID}${local}`;
const ev = (local: string) => `${ID}event/${local}`;
const local = (iri: string) => iri.slice(ID.length);
const sorted = <T>(xs: readonly T[]) => [...xs].sort();

/** Modalities and verifications with `kg:licensesFact true` in ontology/kaspersky-kg.ttl. */
const LICENSING_MODALITIES = new Set(['Asserted', 'Announced']);
const LICENSING_VERIFICATIONS = new Set(['Verified', 'Corroborated', 'Consistent', 'NotApplicable']);

describe('typed helpers: answers reasoned from the sources (embedded store compiled from data/)', function () {
  this.timeout(300_000);
  /** With the point-lookup index (entity, findEntities, externalIds answer from it). */
  let kg: KasperskyGraph;
  /** Without the index: every helper runs its SPARQL. */
  let sparql: KasperskyGraph;
  before(async () => {
    const nquads = toNQuads(assembleDataset(buildDatasetParts()));
    kg = await openGraphFromNQuads(nquads);
    sparql = await openGraphFromNQuads(nquads, { index: false });
  });

  // ------------------------------------------------------------------ timeline

  describe('timeline', () => {
    const row = (e: { iri: string; dateKind: string; date: string }) => `${local(e.iri)} ${e.dateKind} ${e.date}`;

    it('2024-06..07 holds exactly the 10 dated facts of June and July 2024, in date order', async () => {
      // E21 (Kaspersky's response, "June 2024"), E2 (ban announced 20 June), E11 (Entity List: announced
      // 20 June, effective 24 June), E12 (OFAC, 21 June), E14 (State Department, 21 June), E22 (exit
      // announced 15 July, wind-down and layoffs from 20 July), E6 (no new agreements from 20 July).
      assert.deepEqual((await kg.timeline({ from: '2024-06', to: '2024-07' })).map(row), [
        'event/kaspersky-response-2024 occurredOn 2024-06',
        'event/commerce-prohibition-2024 announcedOn 2024-06-20',
        'event/entity-list-addition-2024 announcedOn 2024-06-20',
        'event/ofac-designation-2024 announcedOn 2024-06-21',
        'event/state-department-statement-2024 announcedOn 2024-06-21',
        'event/entity-list-addition-2024 effectiveOn 2024-06-24',
        'event/kaspersky-us-exit announcedOn 2024-07-15',
        'event/commerce-prohibition-2024/restriction/new-agreements effectiveOn 2024-07-20',
        'event/kaspersky-us-exit startedOn 2024-07-20',
        'event/kaspersky-us-layoffs startedOn 2024-07-20',
      ]);
    });

    it('the whole timeline has 26 entries: no unverified, planned or partly accurate date enters it', async () => {
      const all = (await kg.timeline()).map(row);
      assert.equal(all.length, 26);
      for (const absent of [
        'event/commerce-prohibition-2024 effectiveOn 2024-07-20', // C12: partly accurate (only new agreements are barred from 20 July)
        'event/commerce-prohibition-2024/restriction/resale-and-integration effectiveOn 2024-07-20', // C23: partly accurate (E6: 29 September)
        'event/commerce-prohibition-2024 signedOn 2024-06-14', // E3: AP's "dated June 14", unverified
        'event/ndaa-fy2018-section-1634 signedOn 2017-12-12', // E17: inferred, not verified
        'event/gsa-schedule-removal-2017 occurredOn 2017-07-14', // E18: the day is unverified (July 14 or 11)
        'event/gsa-schedule-removal-2017 occurredOn 2017-07-11',
        'event/ultraav-migration-2024 startedOn 2024-09-17', // E28: sources disagree (17 or 19 September)
        'event/ultraav-migration-2024 startedOn 2024-09-19',
        'event/nsa-contractor-theft occurredOn 2015', // E19: reported by one newspaper from anonymous sources
      ]) assert.ok(!all.includes(absent), absent);
      // the earliest and latest entries: Kaspersky selling in the US since 2005 (E22); 29 September 2024 (E6)
      assert.equal(all[0], 'event/kaspersky-us-sales startedOn 2005');
      assert.deepEqual(all.slice(-3), [
        'event/commerce-prohibition-2024/restriction/ksn-operation effectiveOn 2024-09-29',
        'event/commerce-prohibition-2024/restriction/resale-and-integration effectiveOn 2024-09-29',
        'event/commerce-prohibition-2024/restriction/updates effectiveOn 2024-09-29',
      ]);
    });

    it('range edges are inclusive, and a month-precise date is kept by every day-range it overlaps', async () => {
      // one day: the two 21 June 2024 announcements, and Kaspersky's response dated only "June 2024"
      assert.deepEqual((await kg.timeline({ from: '2024-06-21', to: '2024-06-21' })).map(row), [
        'event/kaspersky-response-2024 occurredOn 2024-06',
        'event/ofac-designation-2024 announcedOn 2024-06-21',
        'event/state-department-statement-2024 announcedOn 2024-06-21',
      ]);
      // 20 July 2024: what started that day (E6 new agreements, E22 wind-down and layoffs), not C12's claim
      assert.deepEqual((await kg.timeline({ from: '2024-07-20', to: '2024-07-20' })).map(row), [
        'event/commerce-prohibition-2024/restriction/new-agreements effectiveOn 2024-07-20',
        'event/kaspersky-us-exit startedOn 2024-07-20',
        'event/kaspersky-us-layoffs startedOn 2024-07-20',
      ]);
      // up to 20 June 2024: 11 earlier entries, the June response, the two 20 June announcements
      const upTo = (await kg.timeline({ to: '2024-06-20' })).map(row);
      assert.equal(upTo.length, 14);
      assert.deepEqual(upTo.slice(-3), [
        'event/kaspersky-response-2024 occurredOn 2024-06',
        'event/commerce-prohibition-2024 announcedOn 2024-06-20',
        'event/entity-list-addition-2024 announcedOn 2024-06-20',
      ]);
      // from September 2024: the Pango deal and the migration (E27, E28: "September"), the 29 September bans
      assert.deepEqual((await kg.timeline({ from: '2024-09' })).map(row), [
        'event/pango-agreement-2024 announcedOn 2024-09',
        'event/ultraav-migration-2024 occurredOn 2024-09',
        'event/commerce-prohibition-2024/restriction/ksn-operation effectiveOn 2024-09-29',
        'event/commerce-prohibition-2024/restriction/resale-and-integration effectiveOn 2024-09-29',
        'event/commerce-prohibition-2024/restriction/updates effectiveOn 2024-09-29',
      ]);
      assert.deepEqual(await kg.timeline({ from: '2024-10' }), []);
      // a source document's publication date (the Federal Register, 24 June) is not an event
      assert.ok(!(await kg.timeline({ from: '2024-06-24', to: '2024-06-24' })).some((e) => e.iri.includes('/source/')));
    });

    it('names the most specific actor: the ban was issued by BIS\'s OICTS (E2), the designation by OFAC (E12)', async () => {
      const june20 = await kg.timeline({ from: '2024-06-20', to: '2024-06-21' });
      const ban = june20.find((e) => e.iri === ev('commerce-prohibition-2024'))!;
      assert.equal(ban.actor, id('oicts'));
      assert.equal(ban.actorLabel, 'Office of Information and Communications Technology and Services');
      assert.equal(ban.type, 'Prohibition');
      assert.equal(june20.find((e) => e.iri === ev('ofac-designation-2024'))!.actor, id('ofac'));
    });
  });

  // ------------------------------------------------------------------ actions

  describe('actionsAgainst / actionsBy', () => {
    it('AO Kaspersky Lab: 4 actions, the Commerce ban through its US subsidiary Kaspersky Lab, Inc. (E1, E29)', async () => {
      const actions = await kg.actionsAgainst(id('ao-kaspersky-lab'));
      // BOD 17-01 (E16), FCC Covered List (E20), Entity List (E11) name AO Kaspersky Lab; the Final
      // Determination names Kaspersky Lab, Inc. (E1), its subsidiary. OFAC designated executives, not the company (E12).
      assert.deepEqual(actions.map((a) => local(a.iri)), [
        'event/dhs-bod-17-01', 'event/fcc-covered-list-addition-2022', 'event/commerce-prohibition-2024', 'event/entity-list-addition-2024',
      ]);
      const ban = actions.find((a) => a.iri === ev('commerce-prohibition-2024'))!;
      assert.deepEqual(ban.targets, [id('kaspersky'), id('kaspersky-lab-inc')]);
      // announced 20 June 2024 (E2); no effective date: "comes into effect on July 20" (C12) is only partly accurate
      assert.deepEqual(ban.dates, { announcedOn: ['2024-06-20'] });
      assert.deepEqual(ban.legalBases, [id('legal/15-cfr-part-7'), id('legal/eo-13873')]);
      const list = actions.find((a) => a.iri === ev('entity-list-addition-2024'))!;
      assert.deepEqual(list.targets, [id('ao-kaspersky-lab'), id('kaspersky-labs-limited'), id('ooo-kaspersky-group')]);
      assert.deepEqual(list.dates, { announcedOn: ['2024-06-20'], effectiveOn: ['2024-06-24'] });
      assert.deepEqual(list.legalBases, [id('legal/export-administration-regulations')]);
    });

    it('a subsidiary does not collect its parent\'s actions: Kaspersky Lab, Inc. has only the Commerce ban', async () => {
      assert.deepEqual((await kg.actionsAgainst(id('kaspersky-lab-inc'))).map((a) => local(a.iri)), ['event/commerce-prohibition-2024']);
      assert.deepEqual((await kg.actionsAgainst(id('kaspersky-labs-limited'))).map((a) => local(a.iri)), ['event/entity-list-addition-2024']);
    });

    it('the Kaspersky group collects the actions against its four companies: 10 actions', async () => {
      const got = sorted((await kg.actionsAgainst(id('kaspersky'))).map((a) => local(a.iri)));
      assert.deepEqual(got, sorted([
        'event/us-federal-ban-2017', 'event/dhs-bod-17-01', 'event/ndaa-fy2018-section-1634', 'event/gsa-schedule-removal-2017', // C27, E16, E17, E18
        'event/ep-resolution-2018', 'event/doj-referral-2021', 'event/commerce-initial-review-2022', 'event/fcc-covered-list-addition-2022', // E25, E5, E20
        'event/commerce-prohibition-2024', 'event/entity-list-addition-2024', // E1, E11
      ]));
      // not the OFAC designation (C21 is contradicted, E12 denies it) nor "EU pressure" (C40, unverified)
    });

    it('actionsBy rolls sub-units up to their department, never down', async () => {
      // Commerce: the initial review (E5), the ban (BIS, OICTS: E1, E2), the Entity List (BIS: E11), Raimondo's statement (E10)
      assert.deepEqual(sorted((await kg.actionsBy(id('us-department-of-commerce'))).map((a) => local(a.iri))), [
        'event/commerce-initial-review-2022', 'event/commerce-prohibition-2024', 'event/entity-list-addition-2024', 'event/raimondo-statement-2024',
      ]);
      // Treasury: OFAC's designation (E12) and Under Secretary Nelson's statement (E12)
      assert.deepEqual(sorted((await kg.actionsBy(id('us-department-of-the-treasury'))).map((a) => local(a.iri))), [
        'event/nelson-statement-2024', 'event/ofac-designation-2024',
      ]);
      assert.deepEqual((await kg.actionsBy(id('ofac'))).map((a) => local(a.iri)), ['event/ofac-designation-2024']);
    });
  });

  // ------------------------------------------------------------------ people

  describe('sanctionedPeople', () => {
    it('the twelve executives OFAC designated on 21 June 2024 (E12, E13), in family-name order, with their reported roles', async () => {
      const people = await kg.sanctionedPeople();
      assert.deepEqual(people.map((p) => [p.name, p.roleTitle]), [
        ['Marina Mikhaylovna Alekseeva', 'Chief Human Resources Officer'],
        ['Kirill Aleksandrovich Astrakhan', 'Executive Vice President, Corporate Business'],
        // E13n ("Deputy CEO for Strategy and Economics", one French mirror) is unverified: not a role title
        ['Daniil Sergeyevich Borshchev', 'Deputy CEO; member of the board'],
        ['Igor Gennadyevich Chekunov', 'Chief Legal Officer; member of the board'],
        ['Andrey Petrovich Dukhvalov', 'Vice President, Director of Future Technologies'],
        ['Andrei Anatolyevich Efremov', 'Chief Business Development Officer; member of the board'],
        ['Mikhail Yuryevich Gerber', 'Executive Vice President, Consumer Business'],
        ['Anton Mikhaylovich Ivanov', 'Chief Technology Officer'],
        ['Anna Vladimirovna Kulashova', 'Managing Director, Russia and the Commonwealth of Independent States (CIS)'],
        ['Andrei Anatolyevich Suvorov', 'Head of the Kaspersky Operating System Business Unit'],
        ['Andrei Gennadyevich Tikhonov', 'Chief Operating Officer; member of the board'],
        ['Denis Vladimirovich Zenkin', 'Head of Corporate Communications'],
      ]);
      for (const p of people) {
        assert.equal(p.designation, ev('ofac-designation-2024'), p.name);
        assert.equal(p.date, '2024-06-21', p.name);
        assert.deepEqual(p.legalBasis, [id('legal/eo-14024')], p.name);
        assert.deepEqual(p.designatedBy, [id('ofac'), id('us-department-of-the-treasury')], p.name);
        assert.equal(p.organization, id('ao-kaspersky-lab'), p.name);
        assert.equal(p.organizationLabel, 'AO Kaspersky Lab', p.name);
        assert.equal(`${p.givenName} ${p.patronymic} ${p.familyName}`, p.name);
      }
      // Eugene Kaspersky was not designated (E12, E31)
      assert.ok(!people.some((p) => p.person === id('person/eugene-kaspersky')));
    });
  });

  // ------------------------------------------------------------------ customers and regions

  describe('customerImpacts / regions', () => {
    it('4 restrictions (E6), 3 exemptions (E7), the free offer (E24) and the UltraAV migration (E28); continued use is not restricted (E8)', async () => {
      const impacts = await kg.customerImpacts();
      const P = 'event/commerce-prohibition-2024';
      assert.deepEqual(sorted(impacts.map((i) => `${local(i.iri)} ${i.type} ${i.date ?? '-'}`)), sorted([
        `${P}/restriction/new-agreements Restriction 2024-07-20`,
        `${P}/restriction/updates Restriction 2024-09-29`,
        // 29 September (E6), not 20 July: C23's date is only partly accurate
        `${P}/restriction/resale-and-integration Restriction 2024-09-29`,
        `${P}/restriction/ksn-operation Restriction 2024-09-29`,
        `${P}/exemption/threat-intelligence Exemption -`,
        `${P}/exemption/security-training Exemption -`,
        `${P}/exemption/consulting Exemption -`,
        'event/kaspersky-free-offer Offer -', // no verified start or end date (E24: "until January 2025" is single-source)
        // the migration's date is checked in the next test
        `event/ultraav-migration-2024 CustomerMigration ${impacts.find((i) => i.iri === ev('ultraav-migration-2024'))?.date ?? '-'}`,
      ]));
      for (const i of impacts.filter((x) => x.type !== 'Offer' && x.type !== 'CustomerMigration')) assert.equal(i.partOf, ev('commerce-prohibition-2024'), i.iri);
      assert.deepEqual(impacts.find((i) => i.iri.endsWith('resale-and-integration'))!.affects, [id('group/kaspersky-us-resellers')]);
      assert.deepEqual(impacts.find((i) => i.iri.endsWith('kaspersky-free-offer'))!.affects, [id('group/us-customers')]);
    });

    // The migration is dated by kg:occurredOn "2024-09" (E28a, a fact), not by an effective or start date.
    // E27/E28: it ran in September 2024 (17 or 19 September, the sources disagree: the month is certain).
    it('customerImpacts dates the UltraAV migration by when it occurred: September 2024 (E28)', async () => {
      const migration = (await kg.customerImpacts()).find((i) => i.iri === ev('ultraav-migration-2024'));
      assert.equal(migration?.date, '2024-09');
    });

    it('10 regions and markets; Wikidata identifiers only where verified (Q30, Q159, Q458, Q18, Q48)', async () => {
      const regions = await kg.regions();
      assert.deepEqual(regions.map((r) => [r.label, r.type, r.sameAs.map((s) => s.replace(WD, ''))]), [
        ['Asia', 'Continent', ['Q48']],
        ['European Union', 'Region', ['Q458']],
        ['Germany', 'Country', []],
        ['Moscow', 'Region', []],
        ['Novorossiysk', 'Region', []],
        ['Russia', 'Country', ['Q159']],
        ['South America', 'Continent', ['Q18']],
        ['United Kingdom', 'Country', []],
        ['United States', 'Country', ['Q30']],
        ['US market', 'Market', []],
      ]);
    });
  });

  // ------------------------------------------------------------------ claims

  describe('claims / claimsAbout', () => {
    it('150 claims; licensed is modality AND verification: 107 licensed, and none licensed by one of the two alone', async () => {
      const all = await kg.claims();
      assert.equal(all.length, 150);
      for (const c of all) {
        assert.equal(c.licensed, LICENSING_MODALITIES.has(c.modality) && LICENSING_VERIFICATIONS.has(c.verification), `${c.key}: ${c.modality} / ${c.verification}`);
      }
      assert.equal(all.filter((c) => c.licensed).length, 107);
      const byKey = new Map(all.map((c) => [c.key, c]));
      // licensing modality, non-licensing verification
      for (const k of ['C12', 'C21', 'C24', 'C31', 'C40', 'E18b', 'E28b']) assert.equal(byKey.get(k)!.licensed, false, k);
      // licensing verification, non-licensing modality (planned, expected, attributed)
      for (const k of ['C8', 'C11', 'C17', 'C22', 'C25', 'E22c', 'E28d']) assert.equal(byKey.get(k)!.licensed, false, k);
      // both license
      for (const k of ['C5', 'C15', 'E2a', 'E12a', 'E12b', 'E13a']) assert.equal(byKey.get(k)!.licensed, true, k);
    });

    it('claims(source): the article carries its 47 claims and the claim on its publisher', async () => {
      const art = await kg.claims(id('source/article'));
      assert.deepEqual(sorted(art.map((c) => c.key)), sorted([...Array.from({ length: 47 }, (_, i) => `C${i + 1}`), 'E34a']));
      // E12b rests on four reports, each with its own words
      const rec = await kg.claims(id('source/sn-therecord-kaspersky-executives-sanctions'));
      const e12b = rec.find((c) => c.key === 'E12b')!;
      assert.equal(e12b.denies, true);
      assert.deepEqual(e12b.evidence.map((e) => local(e.source)), [
        'source/sn-bleepingcomputer-2024-06-21', 'source/sn-techreport-2024-06-25', 'source/sn-therecord-kaspersky-executives-sanctions', 'source/sn-ukrainska-pravda-2024-06-21',
      ]);
      assert.equal(e12b.evidence[2]!.quote, 'It did not sanction Kaspersky Lab, its parent or subsidiary companies, or the company’s CEO, Eugene Kaspersky.');
    });

    it('claimsAbout(id:kaspersky): 41 claims, 34 of them naming the group as object', async () => {
      const about = await kg.claimsAbout(id('kaspersky'));
      // as subject: C1-C4 (what it is, where from), E29d (Moscow), E30a-b (user counts, offices: unverified)
      const asSubject = ['C1', 'C2', 'C3', 'C4', 'E29d', 'E30a', 'E30b'];
      // as object: actor of the exit, layoffs, offer, search for markets, sales, response, legal challenge, Pango deal
      // and migration; target of the bans and reviews; producer of its software; group of its companies; employer of its CEO
      const asObject = [
        'C5', 'C6', 'C7', 'C8', 'C9', 'C10', 'C14', 'C18', 'C19', 'C21', 'C27', 'C34', 'C39', 'C40', 'C41', 'C45',
        'E5a', 'E5b', 'E12b', 'E17a', 'E18a', 'E21a', 'E21c', 'E21d', 'E22a', 'E22b', 'E22d', 'E24a', 'E25a', 'E26a', 'E27a', 'E28a', 'E29c', 'E31a',
      ];
      assert.equal(asObject.length, 34);
      assert.deepEqual(sorted(about.map((c) => c.key)), sorted([...asSubject, ...asObject]));
      assert.equal(about.length, 41);
      const c = new Map(about.map((x) => [x.key, x]));
      // contradicted (C21: the Treasury sanctions do not bar transactions with Kaspersky, E12)
      assert.deepEqual([c.get('C21')!.verification, c.get('C21')!.licensed, c.get('C21')!.denies], ['Contradicted', false, false]);
      assert.deepEqual(c.get('C21')!.contradictedBy, ['https://w3id.org/kaspersky-kg/claim/E12b']);
      // a denial the sources establish (E12b: OFAC did not designate the group)
      assert.deepEqual([c.get('E12b')!.licensed, c.get('E12b')!.denies], [true, true]);
      // a planned exit ("set to leave", C8) and unverified EU pressure (C40) are not licensed
      assert.equal(c.get('C8')!.licensed, false);
      assert.equal(c.get('C40')!.licensed, false);
    });

    it('claimsAbout(the Commerce ban): 42 claims; the hedged, attributed and partly accurate ones are not licensed', async () => {
      const about = await kg.claimsAbout(ev('commerce-prohibition-2024'));
      assert.equal(about.length, 42);
      const c = new Map(about.map((x) => [x.key, x]));
      // C33: "effectively bars the use" — hedged, and contradicted by BIS (E8: continued use not penalised)
      assert.deepEqual([c.get('C33')!.modality, c.get('C33')!.verification, c.get('C33')!.licensed], ['Hedged', 'Contradicted', false]);
      assert.deepEqual(c.get('C33')!.contradictedBy, ['https://w3id.org/kaspersky-kg/claim/E8a']);
      assert.equal(c.get('C33')!.quote, 'The expanded ban effectively bars the use of the company’s products across all US systems.');
      // C12: "comes into effect on July 20" — partly accurate, qualified by the three effective dates (E6)
      assert.deepEqual([c.get('C12')!.verification, c.get('C12')!.licensed], ['PartlyAccurate', false]);
      assert.deepEqual(c.get('C12')!.qualifiedBy.map((x) => x.slice(-3)), ['E6a', 'E6b', 'E6c']);
      // C16, C17: the article's paraphrases of Commerce's reasons (attributed)
      for (const k of ['C16', 'C17']) assert.deepEqual([c.get(k)!.modality, c.get(k)!.licensed], ['Attributed', false], k);
      // E3a: AP's signature date, reported and unverified
      assert.deepEqual([c.get('E3a')!.modality, c.get('E3a')!.licensed], ['Reported', false]);
      // the ban as an object: Kaspersky's planned legal challenge targets it (C18), Raimondo's statement is about it (E10a)
      assert.ok(c.has('C18') && c.has('E10a'));
      // a hedged claim's content stays a proposition: C33's words are no fact
      assert.equal(await kg.ask(`ASK { <${ev('commerce-prohibition-2024')}> kg:effectDescription ?d FILTER(CONTAINS(?d, "bars the use")) }`), false);
    });
  });

  // ------------------------------------------------------------------ sources of a triple, denials, designations

  describe('sourcesOf / denials / designationStatus / contestedClaims', () => {
    it('sourcesOf: the Commerce Department announced the ban — the article (C15) and the BIS press release (E2a), each in its own words', async () => {
      const rows = await kg.sourcesOf(ev('commerce-prohibition-2024'), `${KG}actor`, id('us-department-of-commerce'));
      assert.deepEqual(rows.map((r) => [r.key, local(r.source), r.quote, r.licensed]), [
        ['C15', 'source/article', 'The US Commerce Department announced the ban', true],
        ['E2a', 'source/cm-bis-press-release-2024-06-20', 'the Department of Commerce\'s Bureau of Industry and Security (BIS) announced a Final Determination prohibiting Kaspersky Lab, Inc.', true],
      ]);
      // the article sentence that holds the quote (P2a)
      assert.equal(rows[0]!.sentence, 'The US Commerce Department announced the ban, citing privacy and security concerns as the company is headquartered in Russia.');
    });

    it('sourcesOf: a contradicted claim is a source of its own triple only, unlicensed; a denied triple has none', async () => {
      const c21 = await kg.sourcesOf(ev('ofac-designation-2024'), `${KG}target`, id('kaspersky'));
      assert.deepEqual(c21.map((r) => [r.key, r.verification, r.licensed, local(r.source)]), [['C21', 'Contradicted', false, 'source/article']]);
      assert.deepEqual(await kg.sourcesOf(ev('ofac-designation-2024'), `${KG}target`, id('person/eugene-kaspersky')), []);
      const c33 = await kg.sourcesOf(ev('commerce-prohibition-2024'), `${KG}effectDescription`, { value: 'bars the use of the company’s products across all US systems' });
      assert.deepEqual(c33.map((r) => [r.key, r.modality, r.licensed]), [['C33', 'Hedged', false]]);
    });

    it('denials: 9 denied triples — 2 exempt product lines (E7b), the use restriction (E8c, 4 triples), 3 not designated (E12b)', async () => {
      const all = await kg.denials();
      assert.deepEqual(all.map((d) => d.key), ['E7b', 'E7b', 'E8c', 'E8c', 'E8c', 'E8c', 'E12b', 'E12b', 'E12b']);
      for (const d of all) assert.equal(d.verification === 'Verified' || d.verification === 'Corroborated', true, d.key);
      const eugene = await kg.denials({ object: id('person/eugene-kaspersky') });
      assert.equal(eugene.length, 1);
      assert.deepEqual([eugene[0]!.key, local(eugene[0]!.subject), eugene[0]!.predicate], ['E12b', 'event/ofac-designation-2024', `${KG}target`]);
      assert.equal(eugene[0]!.evidence.length, 4);
      for (const e of eugene[0]!.evidence) assert.ok(e.quote, `${e.source} gives its words`);
      assert.deepEqual(sorted((await kg.denials({ subject: ev('commerce-prohibition-2024') })).map((d) => `${d.key} ${d.predicate.slice(KG.length)} ${local(d.object as string)}`)), [
        'E7b restrictedProduct product/kaspersky-security-training',
        'E7b restrictedProduct product/kaspersky-threat-intelligence',
        'E8c hasRestriction event/commerce-prohibition-2024/restriction/use',
      ]);
    });

    it('designationStatus: executives yes; the company, the group and its CEO no (E12b, four reports); the US subsidiary unknown', async () => {
      const tikhonov = await kg.designationStatus(id('person/andrei-gennadyevich-tikhonov'));
      assert.deepEqual([tikhonov.designated, tikhonov.designations, tikhonov.denials], ['yes', [ev('ofac-designation-2024')], []]);
      for (const who of ['person/eugene-kaspersky', 'ao-kaspersky-lab', 'kaspersky']) {
        const s = await kg.designationStatus(id(who));
        assert.equal(s.designated, 'no', who);
        assert.deepEqual(s.designations, [], who);
        assert.deepEqual(s.denials.map((d) => [d.key, d.evidence.length]), [['E12b', 4]], who);
      }
      // the article's contradicted claim that the sanctions hit Kaspersky (C21) does not make the group designated
      // no source says whether Kaspersky Lab, Inc. was designated by name
      assert.deepEqual(await kg.designationStatus(id('kaspersky-lab-inc')), { target: id('kaspersky-lab-inc'), designated: 'unknown', designations: [], denials: [] });
    });

    it('contestedClaims: 13 (claim, contradicting or qualifying claim) pairs, with the other side\'s words', async () => {
      const got = await kg.contestedClaims();
      assert.deepEqual(got.map((c) => `${c.key} ${c.relation} ${c.byKey}`), [
        'C12 qualifies E6a', 'C12 qualifies E6b', 'C12 qualifies E6c', // the ban's three effective dates
        'C16 qualifies E9a', // BIS's stated reason
        'C21 contradicts E12b', // OFAC did not sanction the company
        'C23 qualifies E6c', // resale barred from 29 September
        'C24 qualifies E23a', // four resellers criticised the ban
        'C31 qualifies E16a', 'C31 qualifies E16b', 'C31 qualifies E19a', 'C31 qualifies E19b', // BOD 17-01 came before the theft was reported
        'C32 qualifies E19a', // the theft is reported, from anonymous sources
        'C33 contradicts E8a', // continued use is not penalised
      ]);
      const c33 = got.find((c) => c.key === 'C33')!;
      assert.equal(c33.verification, 'Contradicted');
      assert.equal(c33.byStatement, 'Individuals and businesses that continue to use existing Kaspersky products and services will not face legal penalties under the Final Determination.');
      assert.deepEqual(c33.byEvidence.map((e) => local(e.source)), ['source/cm-bis-press-release-2024-06-20']);
      const c21 = got.find((c) => c.key === 'C21')!;
      assert.equal(c21.quote, 'The sanctions bar US customers from conducting transactions with Kaspersky.');
      assert.equal(c21.byEvidence.length, 4);
    });
  });

  // ------------------------------------------------------------------ entities and identifiers (index and SPARQL)

  describe('entity / findEntities / externalIds (index and SPARQL alike)', () => {
    const both = () => [['index', kg], ['sparql', sparql]] as const;

    it('entity: names in every script, types, and only verified Wikidata identifiers', async () => {
      for (const [how, g] of both()) {
        const eugene = (await g.entity(id('person/eugene-kaspersky')))!;
        assert.equal(eugene.label, 'Eugene Kaspersky', how);
        assert.deepEqual(eugene.names, [
          { value: 'Eugene Kaspersky', language: 'en' }, { value: 'Yevgeny Valentinovich Kaspersky', language: 'en' },
          { value: 'Евгений Валентинович Касперский', language: 'ru' },
        ], how);
        assert.deepEqual(eugene.types, ['Person'], how);
        assert.deepEqual(eugene.sameAs, [], `${how}: no verified QID for Eugene Kaspersky`);
        const group = (await g.entity(id('kaspersky')))!;
        assert.equal(group.label, 'Kaspersky', how);
        assert.ok(group.names.some((n) => n.value === 'Kaspersky Lab'), how);
        assert.deepEqual(group.types, ['CorporateGroup'], how);
        assert.deepEqual(group.sameAs, [], `${how}: no verified QID for Kaspersky Lab`);
        assert.deepEqual((await g.entity(id('united-states')))!.sameAs, [`${WD}Q30`], how);
        // mentioned only by an unverified claim (C40): still named, from its proposition
        const eu = (await g.entity(ev('eu-pressure')))!;
        assert.deepEqual([eu.label, eu.types], ['Increased pressure from the EU on Kaspersky', ['Event']], how);
        assert.equal(await g.entity(id('no-such-thing')), undefined, how);
      }
    });

    it('findEntities: accent- and case-insensitive, any script; the exact name ranks first', async () => {
      for (const [how, g] of both()) {
        const cyr = await g.findEntities('касперский');
        assert.equal(cyr[0]?.iri, id('person/eugene-kaspersky'), how);
        assert.equal(cyr[0]?.matchedName, 'Евгений Валентинович Касперский', how);
        const lab = await g.findEntities('KASPERSKY LAB');
        assert.deepEqual([lab[0]?.iri, lab[0]?.score], [id('kaspersky'), 1], how);
        for (const other of ['ao-kaspersky-lab', 'kaspersky-lab-inc']) assert.ok(lab.some((m) => m.iri === id(other)), `${how}: ${other}`);
        assert.equal((await g.findEntities('Данил Борщев'))[0]?.iri, id('person/daniil-sergeyevich-borshchev'), how);
        assert.equal((await g.findEntities('ofac'))[0]?.iri, id('ofac'), how);
        assert.deepEqual(await g.findEntities('no entity is called this'), [], how);
      }
    });

    it('externalIds: Federal Register numbers (E11), the case number (E1), Q30; none for Treasury (unverified)', async () => {
      const ids = async (g: KasperskyGraph, iri: string) => sorted((await g.externalIds(iri)).map((x) => `${x.scheme} ${x.value}`));
      for (const [how, g] of both()) {
        assert.deepEqual(await ids(g, id('source/cm-fr-2024-13695')), ['docketNumber 240614-0163', 'frCitation 89 FR 52362-52364', 'frDocumentNumber 2024-13695', 'rin 0694-AJ73'], how);
        assert.deepEqual(await ids(g, ev('commerce-prohibition-2024')), ['caseNumber ICTS-2021-002'], how);
        assert.deepEqual(await ids(g, id('united-states')), [`sameAs ${WD}Q30`], how);
        assert.deepEqual(await ids(g, id('us-department-of-commerce')), [`sameAs ${WD}Q503577`], how);
        // Treasury's QID is unverified (and Q501542 is the Department of Agriculture): none
        assert.deepEqual(await ids(g, id('us-department-of-the-treasury')), [], how);
        assert.deepEqual(await ids(g, id('kaspersky')), [], how);
      }
    });
  });

  // ------------------------------------------------------------------ counts and unknown IRIs

  it('graphStatistics: 150 claims, 850 (claim, proposition) pairs, 692 facts', async () => {
    // counted from the data files: distinct triples per claim graph; facts are the distinct triples that
    // licensed claims state (denials excluded)
    assert.deepEqual(await kg.run(H.graphStatistics, undefined), { facts: 692n, claims: 150n, claimTriples: 850n });
  });

  it('an unknown IRI gives an empty answer from every helper that takes one, never an error', async () => {
    const x = id('no-such-thing');
    for (const g of [kg, sparql]) {
      assert.deepEqual(await g.claimsAbout(x), []);
      assert.deepEqual(await g.claims(x), []);
      assert.deepEqual(await g.actionsAgainst(x), []);
      assert.deepEqual(await g.actionsBy(x), []);
      assert.deepEqual(await g.sourcesOf(x, `${KG}actor`, x), []);
      assert.deepEqual(await g.sourcesOf(x, RDFS_LABEL, { value: 'x', language: 'en' }), []);
      assert.deepEqual(await g.denials({ subject: x }), []);
      assert.deepEqual(await g.denials({ object: x }), []);
      assert.deepEqual(await g.designationStatus(x), { target: x, designated: 'unknown', designations: [], denials: [] });
      assert.equal(await g.entity(x), undefined);
      assert.deepEqual(await g.externalIds(x), []);
    }
  });
});
