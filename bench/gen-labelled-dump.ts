/**
 * Generator of a LABELLED synthetic FollowTheMoney dump for measuring the linker (precision, recall, F1
 * per category). Written before any tuning of the matcher and independent of it: it imports nothing from
 * src/link (its own romanisation tables, its own name formats), so the matcher is never graded against
 * its own rules.
 *
 *   npx tsx bench/gen-labelled-dump.ts [--lines 120000] [--out FILE] [--seed 7] [--gzip]
 *
 * Writes FILE (the dump, one FtM entity per line) and FILE.labels.jsonl (one line per dump entity that
 * is not background: `{"id", "category", "target"}`, where `target` is the name of the package entity the
 * record denotes, or null for a hard negative). Background lines are negatives of category `background`.
 *
 * TEST DATA, NOT FACTS: the Cyrillic spellings, birth dates and the "other" people and companies are
 * invented for the test; only the Latin names, roles and jurisdictions of the targets follow the sources.
 * @module
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { rng } from './rng.js';

/** A target person: the package's name, Cyrillic (invented for the test), role and gender. */
interface TargetPerson {
  name: string;
  cyr: [string, string, string]; // given, patronymic, family
  lat: [string, string, string];
  role: string;
  female: boolean;
}

const EMPLOYER = 'AO Kaspersky Lab';

/** The people the package links (the twelve designated executives and the CEO). */
export const TARGET_PEOPLE: readonly TargetPerson[] = [
  { name: 'Andrei Gennadyevich Tikhonov', cyr: ['Андрей', 'Геннадьевич', 'Тихонов'], lat: ['Andrei', 'Gennadyevich', 'Tikhonov'], role: 'Chief Operating Officer', female: false },
  { name: 'Daniil Sergeyevich Borshchev', cyr: ['Даниил', 'Сергеевич', 'Борщев'], lat: ['Daniil', 'Sergeyevich', 'Borshchev'], role: 'Deputy CEO', female: false },
  { name: 'Andrei Anatolyevich Efremov', cyr: ['Андрей', 'Анатольевич', 'Ефремов'], lat: ['Andrei', 'Anatolyevich', 'Efremov'], role: 'Chief Business Development Officer', female: false },
  { name: 'Igor Gennadyevich Chekunov', cyr: ['Игорь', 'Геннадьевич', 'Чекунов'], lat: ['Igor', 'Gennadyevich', 'Chekunov'], role: 'Chief Legal Officer', female: false },
  { name: 'Andrey Petrovich Dukhvalov', cyr: ['Андрей', 'Петрович', 'Духвалов'], lat: ['Andrey', 'Petrovich', 'Dukhvalov'], role: 'Vice President, Future Technologies', female: false },
  { name: 'Andrei Anatolyevich Suvorov', cyr: ['Андрей', 'Анатольевич', 'Суворов'], lat: ['Andrei', 'Anatolyevich', 'Suvorov'], role: 'Head of KasperskyOS Business Unit', female: false },
  { name: 'Denis Vladimirovich Zenkin', cyr: ['Денис', 'Владимирович', 'Зенкин'], lat: ['Denis', 'Vladimirovich', 'Zenkin'], role: 'Head of Corporate Communications', female: false },
  { name: 'Marina Mikhaylovna Alekseeva', cyr: ['Марина', 'Михайловна', 'Алексеева'], lat: ['Marina', 'Mikhaylovna', 'Alekseeva'], role: 'Chief Human Resources Officer', female: true },
  { name: 'Mikhail Yuryevich Gerber', cyr: ['Михаил', 'Юрьевич', 'Гербер'], lat: ['Mikhail', 'Yuryevich', 'Gerber'], role: 'Executive Vice President, Consumer Business', female: false },
  { name: 'Anton Mikhaylovich Ivanov', cyr: ['Антон', 'Михайлович', 'Иванов'], lat: ['Anton', 'Mikhaylovich', 'Ivanov'], role: 'Chief Technology Officer', female: false },
  { name: 'Kirill Aleksandrovich Astrakhan', cyr: ['Кирилл', 'Александрович', 'Астрахан'], lat: ['Kirill', 'Aleksandrovich', 'Astrakhan'], role: 'Executive Vice President, Corporate Business', female: false },
  { name: 'Anna Vladimirovna Kulashova', cyr: ['Анна', 'Владимировна', 'Кулашова'], lat: ['Anna', 'Vladimirovna', 'Kulashova'], role: 'Managing Director, Russia and CIS', female: true },
];

/** Eugene Kaspersky is in the package too (with a birth date the graph holds). */
const KASPERSKY: TargetPerson = { name: 'Eugene Kaspersky', cyr: ['Евгений', 'Валентинович', 'Касперский'], lat: ['Yevgeny', 'Valentinovich', 'Kaspersky'], role: 'CEO', female: false };

/** The package's companies, with the spellings a list might carry. */
const TARGET_COMPANIES: readonly { name: string; country: string; spellings: string[] }[] = [
  { name: 'AO Kaspersky Lab', country: 'ru', spellings: ['AO Kaspersky Lab', 'Kaspersky Lab JSC', 'Joint Stock Company Kaspersky Lab', 'АО «Лаборатория Касперского»', 'Aktsionernoe Obshchestvo Laboratoriya Kasperskogo', 'KASPERSKY LAB, AO', 'JSC "Kaspersky Laboratory"'] },
  { name: 'OOO Kaspersky Group', country: 'ru', spellings: ['OOO Kaspersky Group', 'Kaspersky Group LLC', 'Limited Liability Company Kaspersky Group', 'ООО «Касперский Груп»', 'KASPERSKY GROUP, OOO'] },
  { name: 'Kaspersky Labs Limited', country: 'gb', spellings: ['Kaspersky Labs Limited', 'KASPERSKY LABS LIMITED', 'Kaspersky Labs Ltd', 'Kaspersky Labs Ltd.'] },
  { name: 'Kaspersky Lab, Inc.', country: 'us', spellings: ['Kaspersky Lab, Inc.', 'Kaspersky Lab Inc', 'KASPERSKY LAB INC.', 'Kaspersky Lab Incorporated'] },
];

// --- romanisation tables of the generator (its own; not the matcher's) -------------------------------
const CYR = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя';
const ROWS: Record<string, string[]> = {
  bgn: ['a', 'b', 'v', 'g', 'd', 'e', 'yo', 'zh', 'z', 'i', 'y', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u', 'f', 'kh', 'ts', 'ch', 'sh', 'shch', '', 'y', "'", 'e', 'yu', 'ya'],
  icao: ['a', 'b', 'v', 'g', 'd', 'e', 'e', 'zh', 'z', 'i', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u', 'f', 'kh', 'ts', 'ch', 'sh', 'shch', 'ie', 'y', '', 'e', 'iu', 'ia'],
  german: ['a', 'b', 'w', 'g', 'd', 'e', 'jo', 'sch', 's', 'i', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u', 'f', 'ch', 'z', 'tsch', 'sch', 'schtsch', '', 'y', '', 'e', 'ju', 'ja'],
  iso9: ['a', 'b', 'v', 'g', 'd', 'e', 'ë', 'ž', 'z', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u', 'f', 'h', 'c', 'č', 'š', 'ŝ', 'ʺ', 'y', 'ʹ', 'è', 'û', 'â'],
  french: ['a', 'b', 'v', 'g', 'd', 'e', 'io', 'j', 'z', 'i', 'ï', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'ou', 'f', 'kh', 'ts', 'tch', 'ch', 'chtch', '', 'y', '', 'e', 'iou', 'ia'],
};

/** Romanises a Cyrillic word with one table (BGN `ye` after vowels/ь and word-initially, `iy` ending). */
function romanise(word: string, scheme: string): string {
  const row = ROWS[scheme]!;
  let out = '';
  const lower = word.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i]!;
    const idx = CYR.indexOf(ch);
    if (idx < 0) {
      out += word[i];
      continue;
    }
    let lat = row[idx]!;
    const prev = i ? lower[i - 1]! : '';
    if (ch === 'е' && (!prev || 'аеёиоуыэюяьъ'.includes(prev))) lat = scheme === 'bgn' ? 'ye' : scheme === 'german' ? 'je' : lat;
    if (ch === 'й' && i === lower.length - 1 && prev === 'и') lat = scheme === 'bgn' ? 'y' : scheme === 'german' ? '' : lat;
    out += i === 0 && word[0] !== lower[0] ? lat.charAt(0).toUpperCase() + lat.slice(1) : lat;
  }
  return out;
}

/** Options of {@link generateLabelledDump}. */
export interface LabelledOptions {
  /** Lines in all (at least the planted records). */
  lines: number;
  /** Dump file. */
  out: string;
  /** Seed. */
  seed?: number;
  /** Gzip the dump. */
  gzip?: boolean;
}

/** One label. */
export interface Label {
  /** Dump entity ID. */
  id: string;
  /** Category (`pos:<format>` for true records, `neg:<kind>` for hard negatives). */
  category: string;
  /** The package entity's name the record denotes, or null. */
  target: string | null;
}

/** Default location (outside the repository). */
export function defaultLabelledPath(lines: number, gzip = false): string {
  return join(tmpdir(), 'kaspersky-kg-bench', `labelled-${lines}.ftm.json${gzip ? '.gz' : ''}`);
}

const GIVEN_M = ['Aleksandr', 'Sergei', 'Dmitry', 'Andrei', 'Alexei', 'Maxim', 'Ivan', 'Mikhail', 'Nikolai', 'Vladimir', 'Yuri', 'Oleg', 'Pavel', 'Igor', 'Anton', 'Denis', 'Kirill', 'Roman', 'Viktor', 'Evgeny', 'Daniil'];
const GIVEN_F = ['Anna', 'Elena', 'Olga', 'Natalia', 'Irina', 'Svetlana', 'Tatiana', 'Marina', 'Yulia', 'Ekaterina'];
const PATR = ['Aleksandrov', 'Sergeyev', 'Dmitriyev', 'Andreyev', 'Ivanov', 'Nikolayev', 'Vladimirov', 'Petrov', 'Gennadyev', 'Anatolyev', 'Yuryev', 'Viktorov', 'Olegov', 'Pavlov', 'Mikhaylov', 'Borisov', 'Fyodorov'];
const SURN = ['Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Vasiliev', 'Petrov', 'Sokolov', 'Novikov', 'Fedorov', 'Morozov', 'Volkov', 'Alekseev', 'Lebedev', 'Semenov', 'Egorov', 'Pavlov', 'Kozlov', 'Stepanov', 'Orlov', 'Makarov', 'Nikitin', 'Zakharov', 'Tikhonov', 'Suvorov', 'Efremov', 'Belov', 'Titov', 'Gerber', 'Zenkin', 'Chekunov'];
const OTHER = ['John Smith', 'Mohammed Al-Rashid', 'Li Wei', 'Maria Garcia', 'Ahmad Karimi', 'Hassan Nasser', 'Juan Perez', 'Olena Shevchenko', 'Wang Fang', 'Carlos Mendoza'];
const ORGW = ['Trade', 'Invest', 'Energo', 'Neft', 'Tech', 'Stroy', 'Prom', 'Logistics', 'Capital', 'Marine', 'Aero', 'Systems', 'Holding', 'Group', 'Resources', 'Metals', 'Agro', 'Global', 'Orion', 'Vostok', 'Sever', 'Ural', 'Baltic', 'Sibir', 'Volga', 'Lab', 'Soft', 'Security'];
const FORMS = ['LLC', 'OOO', 'AO', 'JSC', 'Ltd', 'Limited', 'GmbH', 'Inc.', 'PJSC', 'ZAO'];
const NATS = ['ua', 'by', 'kz', 'us', 'il', 'de', 'gb', 'lv', 'ee', 'am', 'ge', 'ca'];

/** Writes the dump and its labels; resolves with counts per category. */
export async function generateLabelledDump(opts: LabelledOptions): Promise<Record<string, number>> {
  mkdirSync(dirname(opts.out), { recursive: true });
  const r = rng(opts.seed ?? 7);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  let seq = 0;
  const id = (p: string) => `${p}-${(++seq).toString(36).padStart(6, '0')}${Math.floor(r() * 1e6).toString(36)}`;
  const date = (y0: number, y1: number) => `${y0 + Math.floor(r() * (y1 - y0 + 1))}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const planted: { e: Record<string, unknown>; label: Label }[] = [];
  const plant = (category: string, target: string | null, schema: string, props: Record<string, string[]>, extra: Record<string, unknown> = {}) => {
    const e = { id: id(category.startsWith('pos') ? 'ofac' : 'x'), schema, properties: props, datasets: [pick(['us_ofac_sdn', 'eu_fsf', 'gb_fcdo_sanctions', 'ru_egrul', 'wikidata'])], ...extra };
    planted.push({ e, label: { id: e.id, category, target } });
  };
  const up = (s: string) => s.toUpperCase();
  const ru = () => ({ nationality: ['ru'] });
  // ---- true records: people ----
  for (const t of TARGET_PEOPLE) {
    const [g, p, f] = t.lat;
    const [cg, cp, cf] = t.cyr;
    const gender = [t.female ? 'female' : 'male'];
    const dob = (): Record<string, string[]> => (r() < 0.6 ? { birthDate: [date(1962, 1984)] } : {});
    for (let k = 0; k < 3; k++) {
      plant('pos:ofac-style', t.name, 'Person', { name: [`${up(f)}, ${g} ${p}`], firstName: [g], middleName: [p], lastName: [f], gender, ...ru(), ...dob(), ...(r() < 0.5 ? { position: [`${t.role}, ${EMPLOYER}`] } : {}) });
      plant('pos:cyrillic-registry', t.name, 'Person', { name: [`${up(cf)} ${cg} ${cp}`], ...ru(), ...dob() });
      plant('pos:bgn', t.name, 'Person', { name: [`${romanise(cg, 'bgn')} ${romanise(cp, 'bgn')} ${romanise(cf, 'bgn')}`], ...(r() < 0.5 ? ru() : {}) });
      plant('pos:icao-upper', t.name, 'Person', { name: [up(`${romanise(cg, 'icao')} ${romanise(cp, 'icao')} ${romanise(cf, 'icao')}`)], ...ru(), ...dob() });
      plant('pos:german', t.name, 'Person', { name: [`${romanise(cg, 'german')} ${romanise(cp, 'german')} ${romanise(cf, 'german')}`], ...(r() < 0.5 ? ru() : {}) });
      plant('pos:iso9', t.name, 'Person', { name: [`${romanise(cf, 'iso9')} ${romanise(cg, 'iso9')} ${romanise(cp, 'iso9')}`] });
      plant('pos:no-patronymic', t.name, 'Person', { name: [r() < 0.5 ? `${g} ${f}` : `${romanise(cg, 'bgn')} ${romanise(cf, 'bgn')}`], ...ru(), ...(r() < 0.5 ? { position: [`${t.role} at Kaspersky`] } : {}) });
      plant('pos:initials', t.name, 'Person', { name: [r() < 0.5 ? `${g[0]}. ${p[0]}. ${f}` : `${up(f)} ${g[0]}.${p[0]}.`], ...ru(), position: [`${t.role}, Kaspersky Lab`] });
      plant('pos:upper-no-comma', t.name, 'Person', { name: [up(`${f} ${g} ${p}`)], ...ru() });
    }
  }
  // Eugene Kaspersky, a few true records
  for (const n of ['Yevgeny Valentinovich Kaspersky', 'KASPERSKY, Evgeny Valentinovich', 'Евгений Валентинович Касперский', 'Eugene Kaspersky']) {
    plant('pos:kaspersky-ceo', KASPERSKY.name, 'Person', { name: [n], ...ru(), ...(r() < 0.5 ? { birthDate: ['1965-10-04'] } : {}) });
  }
  // ---- true records: companies ----
  for (const c of TARGET_COMPANIES) {
    for (const s of c.spellings) {
      for (let k = 0; k < 2; k++) {
        const props: Record<string, string[]> = { name: [s] };
        if (k === 0 || r() < 0.5) props[r() < 0.5 ? 'jurisdiction' : 'country'] = [c.country];
        plant('pos:company', c.name, 'Company', props);
      }
    }
  }
  // ---- hard negatives ----
  for (const t of TARGET_PEOPLE) {
    const [g, p, f] = t.lat;
    const pool = t.female ? GIVEN_F : GIVEN_M;
    for (let k = 0; k < 6; k++) {
      let op = pick(PATR) + (t.female ? 'na' : 'ich');
      while (op.slice(0, 5) === p.slice(0, 5)) op = pick(PATR) + (t.female ? 'na' : 'ich');
      plant('neg:other-patronymic', null, 'Person', { name: [r() < 0.5 ? `${g} ${op} ${f}` : `${up(f)}, ${g} ${op}`], ...ru() });
      let og = pick(pool);
      while (og.slice(0, 3) === g.slice(0, 3)) og = pick(pool);
      plant('neg:other-first-name', null, 'Person', { name: [r() < 0.5 ? `${og} ${p} ${f}` : `${og} ${f}`], ...ru() });
      // other surnames that differ in more than spelling (a changed stem or ending, not i/y or e/ye)
      const stem = f.replace(/(ova|eva|ina|ov|ev|in|an|er)$/, '');
      const fem = t.female ? 'a' : '';
      const near = [`${stem}enko`, `${stem}ovsky${t.female ? '' : ''}`, f.endsWith('in') || f.endsWith('ina') ? `${stem}ov${fem}` : `${stem}in${fem}`, `${f.slice(0, 4)}mirov${fem}`, `${'BKMPS'[k % 5]}${f.slice(1)}`];
      plant('neg:near-surname', null, 'Person', { name: [`${g} ${p} ${pick(near)}`], ...ru() });
      // the same full name, conflicting qualifiers
      const bad = k % 3;
      const q: Record<string, string[]> = bad === 0 ? { nationality: [pick(NATS)], birthDate: [date(2001, 2012)] } : bad === 1 ? { nationality: [pick(NATS)], position: [pick(['Professional footballer', 'School teacher', 'Ice hockey player', 'Deputy of the regional parliament'])] } : { birthDate: [date(1925, 1938)], nationality: [pick(NATS)] };
      plant('neg:conflicting-qualifiers', null, 'Person', { name: [r() < 0.5 ? t.name : `${up(f)}, ${g} ${p}`], ...q });
    }
    // a patronymic inside a single name string in an unusual form
    plant('neg:other-patronymic', null, 'Person', { name: [`${g} ${pick(['Ilich', 'Kuzmich', 'Lukich', 'Fomich', 'Ilyich'])} ${f}`], ...ru() });
  }
  const kaspersky = ['Natalya Ivanovna Kasperskaya', 'KASPERSKAYA, Natalia Ivanovna', 'Ivan Yevgenyevich Kaspersky', 'Maksim Yevgenyevich Kaspersky', 'Andrei Kaspersky', 'Kaspersky, Pavel Sergeyevich', 'Alexandra Kasperskaya', 'Jan Kasperski', 'Joanna Kasperska', 'Tomasz Kasperski', 'Kaspersky Valentin Petrovich'];
  for (const n of kaspersky) for (let k = 0; k < 3; k++) plant('neg:other-kaspersky-people', null, 'Person', { name: [n], ...(r() < 0.5 ? ru() : {}) });
  const similarCompanies: [string, string][] = [
    ['Kaspersky Lab Switzerland GmbH', 'ch'], ['Kaspersky Labs GmbH', 'de'], ['Kaspersky Lab Italia S.r.l.', 'it'], ['Kaspersky Lab Japan K.K.', 'jp'],
    ['Kasper Labs Inc.', 'us'], ['Kasparov Lab LLC', 'us'], ['Kaspersky Design Studio OOO', 'ru'], ['Kasper Group Ltd', 'gb'],
    ['Kaspersky Motors Ltd', 'gb'], ['Laboratory of Dr. Kasper AO', 'ru'], ['Kaspersky Industrial Holdings Pte. Ltd.', 'sg'], ['Kaspersky Lab Middle East FZ-LLC', 'ae'],
    ['Kaspersky Lab, Inc.', 'ca'], ['Kaspersky Labs Limited', 'hk'], ['AO Kaspersky Lab', 'kz'],
  ];
  for (const [n, c] of similarCompanies) for (let k = 0; k < 3; k++) plant('neg:similar-company', null, 'Company', { name: [n], jurisdiction: [c] });
  const vendors = ['AO Positive Technologies', 'Positive Technologies PJSC', 'Group-IB LLC', 'OOO Doktor Veb', 'Doctor Web Ltd', 'InfoWatch JSC', 'AO Infotecs', 'OOO Solar Security', 'BI.ZONE LLC', 'Angara Security OOO', 'AO Kod Bezopasnosti', 'Security Code JSC', 'OOO Kraftway', 'Rostelecom-Solar'];
  for (const n of vendors) for (let k = 0; k < 3; k++) plant('neg:russian-security-vendor', null, 'Company', { name: [n], jurisdiction: ['ru'] });
  const addresses = ['39A/2 Leningradskoe Shosse, Moscow, 125212, Russia (Kaspersky Lab building)', 'c/o Kaspersky Lab, Leningradskoe Shosse 39A, Moscow', 'New Penderel House, 283-288 High Holborn, London (Kaspersky Labs Limited)', '500 Unicorn Park, Woburn, MA (former Kaspersky Lab, Inc. office)'];
  for (const a of addresses) {
    for (let k = 0; k < 3; k++) {
      plant('neg:address-mention', null, 'Address', { full: [a], country: ['ru'] });
      plant('neg:address-mention', null, 'Company', { name: [`${pick(ORGW)} ${pick(ORGW)} ${pick(FORMS)}`], address: [a], jurisdiction: ['ru'] });
    }
  }
  // ---- write, interleaving planted records with background ----
  const labels = createWriteStream(`${opts.out.replace(/\.gz$/, '')}.labels.jsonl`);
  const file = createWriteStream(opts.out);
  const gz = opts.gzip ? createGzip({ level: 6 }) : undefined;
  if (gz) gz.pipe(file);
  const sink = gz ?? file;
  const counts: Record<string, number> = {};
  const targetKeys = new Set([...TARGET_PEOPLE, KASPERSKY].map((t) => `${t.lat[0].slice(0, 3)}|${t.lat[2]}`));
  const background = (): Record<string, unknown> => {
    const x = r();
    if (x < 0.45) {
      const female = r() < 0.3;
      let g: string;
      let f: string;
      do {
        g = female ? pick(GIVEN_F) : pick(GIVEN_M);
        f = pick(SURN) + (female ? 'a' : '');
      } while (targetKeys.has(`${g.slice(0, 3)}|${f}`));
      const p = pick(PATR) + (female ? 'na' : 'ich');
      const props: Record<string, string[]> = { name: [r() < 0.5 ? `${g} ${p} ${f}` : `${up(f)}, ${g} ${p}`], nationality: [r() < 0.7 ? 'ru' : pick(NATS)] };
      if (r() < 0.6) props.birthDate = [date(1940, 1995)];
      if (r() < 0.2) props.name!.push(pick(OTHER));
      return { id: id('bg'), schema: 'Person', properties: props, datasets: ['us_ofac_sdn'] };
    }
    if (x < 0.7) return { id: id('bg'), schema: r() < 0.6 ? 'Company' : 'Organization', properties: { name: [`${pick(FORMS)} ${pick(ORGW)} ${pick(ORGW)}`], jurisdiction: [pick(['ru', 'us', 'gb', 'cy', 'ae'])] }, datasets: ['us_trade_csl'] };
    if (x < 0.85) return { id: id('bg-san'), schema: 'Sanction', properties: { entity: [id('bg')], program: [pick(['RUSSIA-EO14024', 'IRAN', 'SDGT'])], startDate: [date(2014, 2024)] }, datasets: ['us_ofac_sdn'] };
    return { id: id('bg-adr'), schema: 'Address', properties: { full: [`${Math.floor(r() * 200)} ${pick(ORGW)} St, ${pick(['Moscow', 'London', 'Dubai'])}`] } };
  };
  const every = Math.max(1, Math.floor(opts.lines / Math.max(1, planted.length)));
  let pi = 0;
  let buf = '';
  let lb = '';
  for (let i = 0; i < opts.lines || pi < planted.length; i++) {
    let e: Record<string, unknown>;
    if (pi < planted.length && (i % every === every - 1 || opts.lines - i <= planted.length - pi)) {
      const pl = planted[pi++]!;
      e = pl.e;
      counts[pl.label.category] = (counts[pl.label.category] ?? 0) + 1;
      lb += `${JSON.stringify(pl.label)}\n`;
    } else {
      e = background();
      counts.background = (counts.background ?? 0) + 1;
    }
    buf += `${JSON.stringify(e)}\n`;
    if (buf.length > 1 << 20) {
      if (!sink.write(buf)) await once(sink, 'drain');
      buf = '';
    }
  }
  sink.write(buf);
  sink.end();
  labels.end(lb);
  await Promise.all([once(file, 'close'), once(labels, 'close')]);
  return counts;
}

async function main(argv: string[]): Promise<void> {
  let lines = 120_000;
  let out: string | undefined;
  let seed = 7;
  let gzip = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lines') lines = Number(argv[++i]);
    else if (a === '--out') out = argv[++i];
    else if (a === '--seed') seed = Number(argv[++i]);
    else if (a === '--gzip') gzip = true;
    else throw new Error(`unknown argument ${a}`);
  }
  const file = out ?? defaultLabelledPath(lines, gzip);
  const counts = await generateLabelledDump({ lines, out: file, seed, gzip });
  process.stdout.write(`${file}: ${JSON.stringify(counts)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
