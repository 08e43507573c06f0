/**
 * Generator of a synthetic FollowTheMoney JSON-lines dump for the linker benchmark: realistic names
 * (Latin and Cyrillic, Russian patronymics, common surnames shared with the package's people, legal
 * forms), a mix of schemata like OpenSanctions' `default` collection, ~370 bytes per line. Seeded and
 * deterministic. Writes to a temporary folder, never into the repository.
 *
 *   npx tsx bench/gen-ftm-dump.ts [--lines 1000000] [--out FILE] [--gzip] [--seed 42]
 *
 * A few planted entities (press spellings and transliterations of the designated executives, Kaspersky
 * companies under several legal forms) let the benchmark check that the linker finds something.
 * @module
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { rng } from './rng.js';


const GIVEN_M = ['Aleksandr', 'Sergei', 'Dmitry', 'Andrei', 'Alexei', 'Maxim', 'Ivan', 'Mikhail', 'Nikolai', 'Vladimir', 'Yuri', 'Oleg', 'Pavel', 'Igor', 'Anton', 'Denis', 'Kirill', 'Roman', 'Viktor', 'Evgeny'];
const GIVEN_M_CYR = ['Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Максим', 'Иван', 'Михаил', 'Николай', 'Владимир', 'Юрий', 'Олег', 'Павел', 'Игорь', 'Антон', 'Денис', 'Кирилл', 'Роман', 'Виктор', 'Евгений'];
const GIVEN_F = ['Anna', 'Elena', 'Olga', 'Natalia', 'Irina', 'Svetlana', 'Tatiana', 'Marina', 'Yulia', 'Ekaterina'];
const GIVEN_F_CYR = ['Анна', 'Елена', 'Ольга', 'Наталья', 'Ирина', 'Светлана', 'Татьяна', 'Марина', 'Юлия', 'Екатерина'];
const PATRONYMIC_ROOTS = ['Aleksandrov', 'Sergeyev', 'Dmitriyev', 'Andreyev', 'Ivanov', 'Mikhaylov', 'Nikolayev', 'Vladimirov', 'Petrov', 'Gennadyev', 'Anatolyev', 'Yuryev', 'Viktorov', 'Olegov', 'Pavlov'];
const PATRONYMIC_ROOTS_CYR = ['Александров', 'Сергеев', 'Дмитриев', 'Андреев', 'Иванов', 'Михайлов', 'Николаев', 'Владимиров', 'Петров', 'Геннадьев', 'Анатольев', 'Юрьев', 'Викторов', 'Олегов', 'Павлов'];
// Common surnames, including several the package's people carry (Ivanov, Tikhonov, Suvorov, Efremov).
const SURNAMES = ['Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Vasiliev', 'Petrov', 'Sokolov', 'Mikhailov', 'Novikov', 'Fedorov', 'Morozov', 'Volkov', 'Alekseev', 'Lebedev', 'Semenov', 'Egorov', 'Pavlov', 'Kozlov', 'Stepanov', 'Nikolaev', 'Orlov', 'Andreev', 'Makarov', 'Nikitin', 'Zakharov', 'Zaitsev', 'Soloviev', 'Borisov', 'Yakovlev', 'Grigoriev', 'Romanov', 'Vorobiev', 'Sergeev', 'Tikhonov', 'Suvorov', 'Efremov', 'Belov', 'Komarov', 'Kiselev', 'Titov'];
const SURNAMES_CYR = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Романов', 'Воробьёв', 'Сергеев', 'Тихонов', 'Суворов', 'Ефремов', 'Белов', 'Комаров', 'Киселёв', 'Титов'];
const OTHER_NAMES = ['John Smith', 'Mohammed Al-Rashid', 'Li Wei', 'Maria Garcia', 'Ahmad Karimi', 'Kim Jong Su', 'Hassan Nasser', 'Juan Perez', 'Olena Shevchenko', 'Ali Reza Hosseini', 'Wang Fang', 'Carlos Mendoza', 'Abdul Rahman', 'Nguyen Van Anh', 'Fatima Zahra'];
const ORG_WORDS = ['Trade', 'Invest', 'Energo', 'Neft', 'Tech', 'Stroy', 'Prom', 'Logistics', 'Capital', 'Marine', 'Shipping', 'Aero', 'Defense', 'Systems', 'Holding', 'Group', 'Resources', 'Metals', 'Agro', 'Finance', 'Global', 'Alliance', 'Orion', 'Vostok', 'Sever', 'Ural', 'Baltic', 'Sibir', 'Kama', 'Volga'];
const ORG_WORDS_CYR = ['Торг', 'Инвест', 'Энерго', 'Нефть', 'Тех', 'Строй', 'Пром', 'Логистик', 'Капитал', 'Марин', 'Восток', 'Север', 'Урал', 'Балтик', 'Сибирь'];
const FORMS = ['LLC', 'OOO', 'AO', 'JSC', 'Ltd', 'Limited', 'GmbH', 'Inc.', 'PJSC', 'ZAO', 'Co., Ltd.', 'FZE', 'S.A.'];
const FORMS_CYR = ['ООО', 'АО', 'ПАО', 'ЗАО'];
const COUNTRIES = ['ru', 'us', 'gb', 'cn', 'ir', 'by', 'ua', 'kp', 'sy', 'ae', 'tr', 'de', 'cy', 'kz', 've'];
const DATASETS = ['us_ofac_sdn', 'eu_fsf', 'gb_fcdo_sanctions', 'us_trade_csl', 'ua_nsdc_sanctions', 'ch_seco_sanctions', 'ru_rupep', 'wikidata'];
const TOPICS = ['sanction', 'role.pep', 'poi', 'export.control', 'crime', 'sanction.linked', 'debarment'];

/** Planted entities: the linker should find these (spellings as a real list might carry them). */
export const PLANTED: readonly { schema: string; name: string; extra?: Record<string, string[]> }[] = [
  { schema: 'Person', name: 'TIKHONOV, Andrei Gennadyevich', extra: { nationality: ['ru'] } },
  { schema: 'Person', name: 'Андрей Геннадьевич Тихонов' },
  { schema: 'Person', name: 'Daniil Sergeyevich BORSHCHEV' },
  { schema: 'Person', name: 'EFREMOV, Andrei Anatolyevich' },
  { schema: 'Person', name: 'Igor Gennadjewitsch Tschekunow' },
  { schema: 'Person', name: 'DUKHVALOV, Andrey Petrovich' },
  { schema: 'Person', name: 'SUVOROV, Andrei Anatolyevich' },
  { schema: 'Person', name: 'Denis Vladimirovich ZENKIN' },
  { schema: 'Person', name: 'Марина Михайловна Алексеева' },
  { schema: 'Person', name: 'GERBER, Mikhail Yuryevich' },
  { schema: 'Person', name: 'IVANOV, Anton Mikhaylovich' },
  { schema: 'Person', name: 'ASTRAKHAN, Kirill Aleksandrovich' },
  { schema: 'Person', name: 'KULASHOVA, Anna Vladimirovna' },
  { schema: 'Company', name: 'Kaspersky Lab JSC', extra: { jurisdiction: ['ru'] } },
  { schema: 'Company', name: 'АО «Лаборатория Касперского»' },
  { schema: 'Company', name: 'Kaspersky Labs Ltd', extra: { jurisdiction: ['gb'] } },
  { schema: 'Company', name: 'Kaspersky Group LLC', extra: { jurisdiction: ['ru'] } },
];

/** Options of {@link generateDump}. */
export interface GenerateOptions {
  /** Number of lines (entities). */
  lines: number;
  /** Output file. */
  out: string;
  /** Gzip the output. */
  gzip?: boolean;
  /** PRNG seed. */
  seed?: number;
}

/** The default output location: a temporary folder outside the repository. */
export function defaultDumpPath(lines: number, gzip = false): string {
  return join(tmpdir(), 'kaspersky-kg-bench', `dump-${lines}.ftm.json${gzip ? '.gz' : ''}`);
}

/** Writes the dump; resolves with the number of bytes of uncompressed JSON written. */
export async function generateDump(opts: GenerateOptions): Promise<number> {
  mkdirSync(dirname(opts.out), { recursive: true });
  const r = rng(opts.seed ?? 42);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
  const file = createWriteStream(opts.out);
  const gz = opts.gzip ? createGzip({ level: 6 }) : undefined;
  if (gz) gz.pipe(file);
  const sink = gz ?? file;
  const plantEvery = Math.max(1, Math.floor(opts.lines / (PLANTED.length + 1)));
  let buf = '';
  let bytes = 0;
  const date = () => `${1950 + Math.floor(r() * 50)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const seen = () => `20${20 + Math.floor(r() * 6)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}T0${Math.floor(r() * 9)}:12:34`;
  for (let i = 0; i < opts.lines; i++) {
    let e: Record<string, unknown>;
    const planted = i % plantEvery === plantEvery - 1 ? PLANTED[Math.floor(i / plantEvery)] : undefined;
    const ds = [pick(DATASETS)];
    if (planted) {
      e = { id: `planted-${hex(12)}`, schema: planted.schema, caption: planted.name, properties: { name: [planted.name], topics: ['sanction'], ...(planted.extra ?? {}) } };
    } else {
      const x = r();
      if (x < 0.4) {
        const female = r() < 0.3;
        const gi = Math.floor(r() * (female ? GIVEN_F.length : GIVEN_M.length));
        const si = Math.floor(r() * SURNAMES.length);
        const pi = Math.floor(r() * PATRONYMIC_ROOTS.length);
        const russian = r() < 0.7;
        let name: string;
        const props: Record<string, string[]> = {};
        if (russian) {
          const given = female ? GIVEN_F[gi]! : GIVEN_M[gi]!;
          const pat = PATRONYMIC_ROOTS[pi]!.replace(/ev$|ov$|yev$/, (m) => m) + (female ? 'na' : 'ich');
          const sur = SURNAMES[si]! + (female ? 'a' : '');
          name = r() < 0.5 ? `${given} ${pat} ${sur}` : `${sur.toUpperCase()}, ${given} ${pat}`;
          props.name = [name];
          if (r() < 0.5) {
            const cg = female ? GIVEN_F_CYR[gi]! : GIVEN_M_CYR[gi]!;
            const cp = PATRONYMIC_ROOTS_CYR[pi]! + (female ? 'на' : 'ич');
            const cs = SURNAMES_CYR[si]! + (female ? 'а' : '');
            props.alias = [`${cg} ${cp} ${cs}`];
          }
          props.firstName = [given];
          props.lastName = [sur];
          if (r() < 0.5) props.fatherName = [pat];
        } else {
          name = pick(OTHER_NAMES);
          props.name = [name];
        }
        if (r() < 0.7) props.birthDate = [date()];
        props.nationality = [russian ? 'ru' : pick(COUNTRIES)];
        props.topics = [pick(TOPICS)];
        if (r() < 0.3) props.position = [`Director of ${pick(ORG_WORDS)} ${pick(ORG_WORDS)}`];
        e = { id: `${ds[0]!.split('_')[0]}-${hex(10)}`, schema: 'Person', caption: name, properties: props };
      } else if (x < 0.65) {
        const cyr = r() < 0.25;
        const name = cyr ? `${pick(FORMS_CYR)} «${pick(ORG_WORDS_CYR)}${pick(ORG_WORDS_CYR).toLowerCase()}»` : r() < 0.5 ? `${pick(FORMS)} ${pick(ORG_WORDS)} ${pick(ORG_WORDS)}` : `${pick(ORG_WORDS)}${pick(ORG_WORDS).toLowerCase()} ${pick(FORMS)}`;
        const props: Record<string, string[]> = { name: [name], jurisdiction: [pick(COUNTRIES)], topics: [pick(TOPICS)] };
        if (r() < 0.5) props.registrationNumber = [String(1000000000000 + Math.floor(r() * 8999999999999))];
        if (r() < 0.3) props.address = [`${Math.floor(r() * 200)} ${pick(ORG_WORDS)} Street, ${pick(['Moscow', 'London', 'Dubai', 'Minsk', 'Tehran', 'Limassol'])}`];
        e = { id: `${ds[0]!.split('_')[0]}-${hex(10)}`, schema: r() < 0.6 ? 'Company' : 'Organization', caption: name, properties: props };
      } else if (x < 0.8) {
        e = {
          id: `${ds[0]!.split('_')[0]}-san-${hex(12)}`, schema: 'Sanction',
          properties: { entity: [`${ds[0]!.split('_')[0]}-${hex(10)}`], authority: [pick(['Office of Foreign Assets Control', 'Council of the European Union', 'HM Treasury'])], program: [pick(['RUSSIA-EO14024', 'UKRAINE-EO13660', 'IRAN', 'SDGT'])], startDate: [date()], sourceUrl: [`https://example.org/${hex(8)}`] },
        };
      } else if (x < 0.9) {
        e = { id: `addr-${hex(12)}`, schema: 'Address', properties: { full: [`${Math.floor(r() * 200)} ${pick(ORG_WORDS)} St, ${pick(['Moscow', 'London', 'Dubai'])}`], country: [pick(COUNTRIES)] } };
      } else {
        e = { id: `own-${hex(12)}`, schema: pick(['Ownership', 'Directorship', 'UnknownLink']), properties: { role: [pick(['shareholder', 'director', 'related'])] } };
      }
    }
    e.datasets = ds;
    e.referents = r() < 0.3 ? [`${ds[0]!.split('_')[0]}-${hex(8)}`] : [];
    e.first_seen = seen();
    e.last_seen = seen();
    e.last_change = e.last_seen;
    e.target = e.schema === 'Person' || e.schema === 'Company' ? r() < 0.5 : false;
    const line = `${JSON.stringify(e)}\n`;
    bytes += Buffer.byteLength(line);
    buf += line;
    if (buf.length > 1 << 20) {
      if (!sink.write(buf)) await once(sink, 'drain');
      buf = '';
    }
  }
  sink.write(buf);
  sink.end();
  await once(file, 'close');
  return bytes;
}

async function main(argv: string[]): Promise<void> {
  let lines = 1_000_000;
  let out: string | undefined;
  let gzip = false;
  let seed = 42;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lines') lines = Number(argv[++i]);
    else if (a === '--out') out = argv[++i];
    else if (a === '--gzip') gzip = true;
    else if (a === '--seed') seed = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  const file = out ?? defaultDumpPath(lines, gzip);
  const t0 = performance.now();
  const bytes = await generateDump({ lines, out: file, gzip, seed });
  process.stdout.write(`${file}: ${lines} lines, ${bytes} bytes of JSON (${(bytes / lines).toFixed(0)} B/line) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
