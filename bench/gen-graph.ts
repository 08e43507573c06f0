/**
 * A seeded, deterministic synthetic graph shaped like the package's data (docs/modelling.md): people with
 * English and Russian names and roles, companies in groups, government bodies with sub-units, legal
 * instruments, source documents, and dated actions (designations, prohibitions with restrictions, entity
 * list additions, statements, market exits) whose triples are stated by claims. As in the package, all of
 * it is one default graph: every claimed triple is a proposition node (`rdf:subject`/`rdf:predicate`/
 * `rdf:object`, one per distinct triple) that its claim `kg:states`; the triple is also a plain triple (the
 * facts view) only when the claim is `kg:licensed true`; each claim has one evidence node for its source.
 * A share of the claims are hedged, planned, unverified or contradicted, some contradict others, and
 * some deny a target of a designation (`kg:denies`). The package's ontology graph is included.
 *
 * `npx tsx bench/gen-graph.ts [--triples 200000] [--seed 42] > graph.nq`
 * @module
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CLAIM, EVIDENCE, ID, KG, ONTOLOGY_GRAPH, PREFIXES, PROPOSITION, RDF_TYPE, RDFS_LABEL, XSD } from '../src/namespaces.js';
import { rng } from './rng.js';

const LABEL = RDFS_LABEL;
const ALT = `${PREFIXES.skos}altLabel`;
const SAME = `${PREFIXES.owl}sameAs`;
const DERIVED = `${PREFIXES.prov}wasDerivedFrom`;
const TITLE = `${PREFIXES.dcterms}title`;
const IDENTIFIER = `${PREFIXES.dcterms}identifier`;

// Name parts, Latin and Cyrillic, same order.
const GIVEN = ['Andrei', 'Anna', 'Boris', 'Daniil', 'Denis', 'Elena', 'Igor', 'Irina', 'Kirill', 'Marina', 'Mikhail', 'Natalia', 'Oleg', 'Olga', 'Pavel', 'Sergei', 'Svetlana', 'Tatiana', 'Viktor', 'Yulia', 'Anton', 'Dmitry', 'Galina', 'Ivan', 'Lev', 'Nikolai', 'Roman', 'Vera', 'Yuri', 'Zoya'];
const GIVEN_RU = ['Андрей', 'Анна', 'Борис', 'Даниил', 'Денис', 'Елена', 'Игорь', 'Ирина', 'Кирилл', 'Марина', 'Михаил', 'Наталия', 'Олег', 'Ольга', 'Павел', 'Сергей', 'Светлана', 'Татьяна', 'Виктор', 'Юлия', 'Антон', 'Дмитрий', 'Галина', 'Иван', 'Лев', 'Николай', 'Роман', 'Вера', 'Юрий', 'Зоя'];
const PATRONYMIC = ['Aleksandrovich', 'Anatolyevich', 'Gennadyevich', 'Mikhaylovich', 'Petrovich', 'Sergeyevich', 'Vladimirovich', 'Yuryevich', 'Ivanovich', 'Olegovich', 'Borisovich', 'Viktorovich', 'Pavlovich', 'Nikolayevich', 'Romanovich', 'Dmitriyevich', 'Igorevich', 'Andreyevich', 'Kirillovich', 'Antonovich'];
const PATRONYMIC_RU = ['Александрович', 'Анатольевич', 'Геннадьевич', 'Михайлович', 'Петрович', 'Сергеевич', 'Владимирович', 'Юрьевич', 'Иванович', 'Олегович', 'Борисович', 'Викторович', 'Павлович', 'Николаевич', 'Романович', 'Дмитриевич', 'Игоревич', 'Андреевич', 'Кириллович', 'Антонович'];
const FAMILY = ['Alekseev', 'Astrakhan', 'Borshchev', 'Chekunov', 'Dukhvalov', 'Efremov', 'Gerber', 'Ivanov', 'Kulashov', 'Suvorov', 'Tikhonov', 'Zenkin', 'Petrov', 'Smirnov', 'Sokolov', 'Popov', 'Lebedev', 'Kozlov', 'Novikov', 'Morozov', 'Volkov', 'Solovyov', 'Vasiliev', 'Zaitsev', 'Pavlov', 'Semenov', 'Golubev', 'Vinogradov', 'Bogdanov', 'Vorobyov', 'Fedorov', 'Mikhailov', 'Belyaev', 'Tarasov', 'Belov', 'Komarov', 'Orlov', 'Kiselev', 'Makarov', 'Andreev'];
const FAMILY_RU = ['Алексеев', 'Астрахань', 'Борщев', 'Чекунов', 'Духвалов', 'Ефремов', 'Гербер', 'Иванов', 'Кулашов', 'Суворов', 'Тихонов', 'Зенкин', 'Петров', 'Смирнов', 'Соколов', 'Попов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов', 'Волков', 'Соловьёв', 'Васильев', 'Зайцев', 'Павлов', 'Семёнов', 'Голубев', 'Виноградов', 'Богданов', 'Воробьёв', 'Фёдоров', 'Михайлов', 'Беляев', 'Тарасов', 'Белов', 'Комаров', 'Орлов', 'Киселёв', 'Макаров', 'Андреев'];
const ORG_A = ['Arctic', 'Baltic', 'Crimson', 'Delta', 'Eastern', 'Frontier', 'Granite', 'Harbor', 'Iron', 'Jade', 'Kestrel', 'Lumen', 'Meridian', 'Northern', 'Onyx', 'Polar', 'Quartz', 'Ridge', 'Summit', 'Taiga', 'Ural', 'Vector', 'Western', 'Zenith', 'Aurora', 'Borealis', 'Cobalt', 'Dune', 'Ember', 'Falcon'];
const ORG_B = ['Cyber', 'Data', 'Network', 'Security', 'Software', 'Systems', 'Telecom', 'Analytics', 'Cloud', 'Defense', 'Signal', 'Logic', 'Micro', 'Quantum', 'Secure', 'Digital', 'Labs', 'Research', 'Solutions', 'Technologies'];
const ORG_C = ['LLC', 'Inc.', 'Ltd', 'AO', 'OOO', 'GmbH', 'PLC', 'S.A.', 'Holding', 'Group'];
const TITLES = ['Chief Executive Officer', 'Chief Operating Officer', 'Chief Legal Officer', 'Head of Research', 'Managing Director', 'Board Member', 'Head of Sales', 'Chief Technology Officer', 'Head of Public Affairs', 'Deputy Director'];
const WORDS = ['the', 'department', 'announced', 'that', 'software', 'would', 'be', 'prohibited', 'sales', 'customers', 'security', 'national', 'company', 'designated', 'sanctions', 'executives', 'updates', 'resellers', 'market', 'exit', 'operations', 'government', 'risk', 'data', 'services', 'effective'];
const EVENT_TYPES = ['SanctionDesignation', 'Prohibition', 'EntityListAddition', 'Statement', 'MarketExit', 'ProcurementRemoval', 'Directive'];
const LICENSED_MODALITY = ['Asserted', 'Asserted', 'Asserted', 'Announced'];
const OTHER_MODALITY = ['Hedged', 'Planned', 'Expected', 'Reported', 'Attributed', 'Alleged'];
const LICENSED_VERIFICATION = ['Verified', 'Verified', 'Corroborated', 'Consistent', 'NotApplicable'];
const OTHER_VERIFICATION = ['Unverified', 'Contradicted', 'PartlyAccurate'];
const STATUSES = ['StatusCompleted', 'StatusInEffect', 'StatusPlanned', 'StatusAnnounced'];


/** Options of {@link generateGraph}. */
export interface GraphOptions {
  /** Stop once at least this many quads (ontology graph excluded) were written (default 200 000). */
  triples?: number;
  /** PRNG seed (default 42). */
  seed?: number;
  /** N-Quads of the ontology graph to include (default: none). */
  ontology?: string;
}

/** What {@link generateGraph} made. */
export interface GeneratedGraph {
  /** The N-Quads text (ontology graph, when given, first; then the generated quads). */
  nquads: string;
  /** Quads written (ontology graph excluded). */
  quads: number;
  /** Entity counts. */
  counts: { people: number; organizations: number; agencies: number; events: number; claims: number; sources: number };
  /** Some IRIs and names to query with (they exist in the graph). */
  samples: { people: string[]; organizations: string[]; agencies: string[]; events: string[]; names: string[] };
}

/** Generates the synthetic graph (deterministic for a given seed and size). */
export function generateGraph(options: GraphOptions = {}): GeneratedGraph {
  const target = options.triples ?? 200_000;
  const rand = rng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number): boolean => rand() < p;
  const lines: string[] = [];
  let quads = 0;
  const iri = (s: string) => `<${s}>`;
  const lit = (s: string, lang?: string) => `"${s}"${lang ? `@${lang}` : ''}`;
  const typed = (s: string, dt: string) => `"${s}"^^<${XSD}${dt}>`;
  const emit = (s: string, p: string, o: string, g?: string) => {
    lines.push(`${iri(s)} ${iri(p)} ${o}${g ? ` ${iri(g)}` : ''} .`);
    quads++;
  };
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

  // sources, agencies (with departments above them), legal instruments, groups
  const sources = Array.from({ length: 60 }, (_, i) => `${ID}source/synthetic-${i}`);
  for (const [i, s] of sources.entries()) {
    emit(s, RDF_TYPE, iri(`${KG}${i % 3 ? 'NewsArticle' : 'GovernmentDocument'}`));
    emit(s, TITLE, lit(`Synthetic source ${i}: ${words(5)}`));
    emit(s, `${KG}url`, lit(`https://example.org/source/${i}`));
    emit(s, `${KG}publishedOn`, typed(`20${15 + (i % 10)}-0${1 + (i % 9)}-1${i % 10}`, 'date'));
  }
  const departments = Array.from({ length: 6 }, (_, i) => `${ID}synthetic-department-${i}`);
  const agencies = Array.from({ length: 30 }, (_, i) => `${ID}synthetic-agency-${i}`);
  const legal = Array.from({ length: 40 }, (_, i) => `${ID}legal/synthetic-eo-${14000 + i}`);
  const groups = Array.from({ length: 12 }, (_, i) => `${ID}group/synthetic-group-${i}`);
  const corporateGroups = Array.from({ length: 40 }, (_, i) => `${ID}synthetic-corporate-group-${i}`);

  let claimNo = 0;
  const propositions = new Set<string>();
  const facts = new Set<string>();
  /** The proposition node of a triple (written once; IRI as the package names it: a hash of the N-Triples line). */
  const proposition = (s: string, p: string, o: string): string => {
    const line = `${iri(s)} ${iri(p)} ${o} .`;
    const prop = `${PROPOSITION}${createHash('sha256').update(line).digest('hex').slice(0, 20)}`;
    if (!propositions.has(prop)) {
      propositions.add(prop);
      emit(prop, RDF_TYPE, iri(`${KG}Proposition`));
      emit(prop, RDF_TYPE, iri(`${PREFIXES.rdf}Statement`));
      emit(prop, `${PREFIXES.rdf}subject`, iri(s));
      emit(prop, `${PREFIXES.rdf}predicate`, iri(p));
      emit(prop, `${PREFIXES.rdf}object`, o);
    }
    return prop;
  };
  /**
   * A claim stating (or, `deny`, denying) `triples`; returns its IRI. A licensed claim's triples are also
   * plain triples (the facts view), once each.
   */
  const claim = (triples: [string, string, string][], about: string, forceLicensed = false, deny = false): string => {
    const key = `S${++claimNo}`;
    const c = `${CLAIM}${key}`;
    // 0: licensed; 1: unlicensed modality; 2: unlicensed verification; 3: both
    const kind = forceLicensed || chance(0.8) ? 0 : 1 + Math.floor(rand() * 3);
    const modality = kind === 0 || kind === 2 ? pick(LICENSED_MODALITY) : pick(OTHER_MODALITY);
    const verification = kind === 0 || kind === 1 ? pick(LICENSED_VERIFICATION) : pick(OTHER_VERIFICATION);
    emit(c, RDF_TYPE, iri(`${KG}Claim`));
    emit(c, `${KG}claimKey`, lit(key));
    emit(c, LABEL, lit(`${key}: ${about}`, 'en'));
    emit(c, `${KG}modality`, iri(`${KG}${modality}`));
    emit(c, `${KG}verification`, iri(`${KG}${verification}`));
    const source = pick(sources);
    emit(c, DERIVED, iri(source));
    emit(c, `${KG}licensed`, typed(String(kind === 0 && !deny), 'boolean'));
    const ev = `${EVIDENCE}${key}-${source.slice(`${ID}source/`.length)}`;
    emit(c, `${KG}evidence`, iri(ev));
    emit(ev, RDF_TYPE, iri(`${KG}Evidence`));
    emit(ev, `${KG}document`, iri(source));
    if (chance(0.6)) emit(ev, `${KG}quote`, lit(words(8)));
    else (emit(ev, `${KG}paraphrase`, typed('true', 'boolean')), emit(ev, `${KG}note`, lit(`Synthetic note: ${words(6)}`)));
    for (const [s, p, o] of triples) {
      emit(c, `${KG}${deny ? 'denies' : 'states'}`, iri(proposition(s, p, o)));
      const line = `${iri(s)} ${iri(p)} ${o} .`;
      if (kind === 0 && !deny && !facts.has(line)) (facts.add(line), emit(s, p, o));
    }
    return c;
  };

  for (const [i, d] of departments.entries()) {
    claim([[d, RDF_TYPE, iri(`${KG}GovernmentBody`)], [d, LABEL, lit(`Synthetic Department ${i}`, 'en')], [d, SAME, iri(`http://www.wikidata.org/entity/Q9${i}000001`)]], `department ${i}`, true);
  }
  for (const [i, a] of agencies.entries()) {
    claim([[a, RDF_TYPE, iri(`${KG}GovernmentBody`)], [a, LABEL, lit(`Synthetic Agency ${i}`, 'en')], [a, ALT, lit(`SA${i}`)], [a, `${KG}parentOrganization`, iri(departments[i % departments.length]!)]], `agency ${i}`, true);
  }
  for (const [i, l] of legal.entries()) {
    claim([[l, RDF_TYPE, iri(`${KG}ExecutiveOrder`)], [l, LABEL, lit(`Executive Order ${14000 + i}`, 'en')], [l, `${KG}legalCitation`, lit(`E.O. ${14000 + i}`)]], `legal ${i}`, true);
  }
  for (const [i, g] of groups.entries()) claim([[g, RDF_TYPE, iri(`${KG}CustomerGroup`)], [g, LABEL, lit(`Synthetic customer group ${i}`, 'en')]], `group ${i}`, true);
  for (const [i, g] of corporateGroups.entries()) claim([[g, RDF_TYPE, iri(`${KG}CorporateGroup`)], [g, LABEL, lit(`${ORG_A[i % ORG_A.length]} Group ${i}`, 'en')]], `corporate group ${i}`, true);

  const people: string[] = [], orgs: string[] = [], events: string[] = [], names: string[] = [];
  const nameSpace = GIVEN.length * PATRONYMIC.length * FAMILY.length;
  const orgSpace = ORG_A.length * ORG_B.length * ORG_C.length;
  let eventNo = 0;
  for (let i = 0; quads < target; i++) {
    // a person (unique name: a permutation of the name space)
    const n = (i * 7919) % nameSpace;
    const gi = n % GIVEN.length, pi = Math.floor(n / GIVEN.length) % PATRONYMIC.length, fi = Math.floor(n / (GIVEN.length * PATRONYMIC.length)) % FAMILY.length;
    const person = `${ID}person/synthetic-${i}`;
    const name = `${GIVEN[gi]} ${PATRONYMIC[pi]} ${FAMILY[fi]}`;
    const pt: [string, string, string][] = [
      [person, RDF_TYPE, iri(`${KG}Person`)], [person, LABEL, lit(name, 'en')],
      [person, `${KG}givenName`, lit(GIVEN[gi]!)], [person, `${KG}patronymic`, lit(PATRONYMIC[pi]!)], [person, `${KG}familyName`, lit(FAMILY[fi]!)],
    ];
    if (chance(0.4)) pt.push([person, LABEL, lit(`${GIVEN_RU[gi]} ${PATRONYMIC_RU[pi]} ${FAMILY_RU[fi]}`, 'ru')]);
    if (chance(0.2)) pt.push([person, ALT, lit(`${GIVEN[gi]![0]}. ${FAMILY[fi]}`, 'en')]);
    if (chance(0.3)) pt.push([person, SAME, iri(`http://www.wikidata.org/entity/Q${1_000_000 + i}`)]);
    people.push(person);
    names.push(name);
    // an organisation every third step, in a corporate group, sometimes under a parent
    if (i % 3 === 0) {
      const k = orgs.length, m = (k * 131) % orgSpace;
      const org = `${ID}synthetic-company-${k}`;
      const orgName = `${ORG_A[m % ORG_A.length]} ${ORG_B[Math.floor(m / ORG_A.length) % ORG_B.length]} ${ORG_C[Math.floor(m / (ORG_A.length * ORG_B.length)) % ORG_C.length]} ${k}`;
      const ot: [string, string, string][] = [[org, RDF_TYPE, iri(`${KG}Company`)], [org, LABEL, lit(orgName, 'en')], [org, `${KG}memberOfGroup`, iri(pick(corporateGroups))]];
      if (k > 10 && chance(0.3)) ot.push([org, `${KG}parentOrganization`, iri(orgs[Math.floor(rand() * orgs.length)]!)]);
      if (chance(0.3)) ot.push([org, ALT, lit(orgName.split(' ').slice(0, 2).join(''), 'en')]);
      if (chance(0.2)) ot.push([org, SAME, iri(`http://www.wikidata.org/entity/Q${5_000_000 + k}`)]);
      if (chance(0.2)) ot.push([org, IDENTIFIER, lit(`REG-${100000 + k}`)]);
      claim(ot, `company ${k}`);
      orgs.push(org);
      names.push(orgName);
    }
    // the person's role at an organisation
    const role = `${ID}role/synthetic-${i}`;
    const org = orgs[Math.floor(rand() * orgs.length)]!;
    const title = pick(TITLES);
    pt.push([role, RDF_TYPE, iri(`${KG}Role`)], [role, LABEL, lit(`${name}: ${title}`, 'en')], [role, `${KG}person`, iri(person)], [role, `${KG}organization`, iri(org)], [role, `${KG}roleTitle`, lit(title)]);
    claim(pt, `person ${i}`);
    // an event every step: an action by an agency against the person and/or an organisation
    const type = EVENT_TYPES[eventNo % EVENT_TYPES.length]!;
    const event = `${ID}event/synthetic-${eventNo++}`;
    const y = 2015 + Math.floor(rand() * 11), mo = 1 + Math.floor(rand() * 12), d = 1 + Math.floor(rand() * 28);
    const precision = rand();
    const date = precision < 0.7 ? typed(`${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, 'date') : precision < 0.9 ? typed(`${y}-${String(mo).padStart(2, '0')}`, 'gYearMonth') : typed(String(y), 'gYear');
    const et: [string, string, string][] = [
      [event, RDF_TYPE, iri(`${KG}${type}`)], [event, LABEL, lit(`${type} ${eventNo}: ${words(3)}`, 'en')],
      [event, `${KG}actor`, iri(pick(agencies))], [event, `${KG}announcedOn`, date],
      [event, `${KG}target`, iri(type === 'SanctionDesignation' ? person : org)],
    ];
    if (type === 'SanctionDesignation') et.push([event, `${KG}target`, iri(people[Math.floor(rand() * people.length)]!)], [person, RDF_TYPE, iri(`${KG}Person`)], [person, LABEL, lit(name, 'en')]);
    if (chance(0.6)) et.push([event, `${KG}legalBasis`, iri(pick(legal))]);
    if (chance(0.3)) et.push([event, `${KG}eventStatus`, iri(`${KG}${pick(STATUSES)}`)]);
    if (type === 'Prohibition') {
      const r = `${event}/restriction/r`;
      et.push([event, `${KG}hasRestriction`, iri(r)], [r, RDF_TYPE, iri(`${KG}Restriction`)], [r, LABEL, lit(`Restriction of ${type} ${eventNo}`, 'en')],
        [r, `${KG}effectiveOn`, typed(`${y + 1}-0${1 + (mo % 9)}-${String(d).padStart(2, '0')}`, 'date')], [r, `${KG}affects`, iri(pick(groups))]);
    }
    const first = claim(et, `event ${eventNo}`);
    events.push(event);
    // sometimes a source says a designation did NOT target an organisation
    if (type === 'SanctionDesignation' && chance(0.2)) claim([[event, `${KG}target`, iri(org)]], `event ${eventNo} not against ${org}`, true, true);
    // sometimes a second source gives another date, hedged or contradicting
    if (chance(0.15)) {
      const other = claim([[event, `${KG}effectiveOn`, typed(`${y + 1}`, 'gYear')]], `event ${eventNo} date`);
      emit(first, `${KG}${chance(0.5) ? 'contradictedBy' : 'qualifiedBy'}`, iri(other));
    }
  }
  const text = `${options.ontology ?? ''}${lines.join('\n')}\n`;
  const every = <T>(xs: T[], n: number) => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0).slice(0, n);
  return {
    nquads: text, quads,
    counts: { people: people.length, organizations: orgs.length, agencies: agencies.length + departments.length, events: events.length, claims: claimNo, sources: sources.length },
    samples: { people: every(people, 200), organizations: every(orgs, 100), agencies: [...agencies, ...departments], events: every(events, 100), names: every(names, 200) },
  };
}

/** The ontology graph's quads from N-Quads text (lines whose graph is the ontology graph). */
export function ontologyGraphLines(nquads: string): string {
  const suffix = ` <${ONTOLOGY_GRAPH}> .`;
  return nquads.split('\n').filter((l) => l.endsWith(suffix)).join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const get = (flag: string, dflt: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : dflt);
  const { datasetNQuads } = await import('../src/data/dataset.js');
  const g = generateGraph({ triples: get('--triples', 200_000), seed: get('--seed', 42), ontology: ontologyGraphLines(datasetNQuads().text) });
  process.stdout.write(g.nquads);
  process.stderr.write(`${g.quads} quads; ${JSON.stringify(g.counts)}\n`);
}
