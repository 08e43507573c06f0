/**
 * Hostile FtM dumps for `kaspersky-kg link` (issue 12): wrong value types, missing keys, lines that are
 * not objects, 10,000-deep nesting, invalid UTF-8, broken JSON, directories, empty and non-FtM files.
 * Each case runs the built CLI with no network, bounded in time, and checks: the exit code documented in
 * `link --help`, the message (line number, and byte offset for invalid UTF-8), no crash output, no file
 * left but the expected outputs, and that the matches of every good line are all kept.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runHostileCase, type HostileCase } from './support/hostile.js';

/** Our entities (`--ours`): two people and a company. */
const OURS = [
  { id: 'kkg-t', schema: 'Person', properties: { name: ['Andrei Gennadyevich Tikhonov'], firstName: ['Andrei'], fatherName: ['Gennadyevich'], lastName: ['Tikhonov'] } },
  { id: 'kkg-z', schema: 'Person', properties: { name: ['Denis Vladimirovich Zenkin'], firstName: ['Denis'], fatherName: ['Vladimirovich'], lastName: ['Zenkin'] } },
  { id: 'kkg-ao', schema: 'Company', properties: { name: ['AO Kaspersky Lab'], jurisdiction: ['ru'] } },
];
/** Good dump lines, each a true record of one of ours (our ID → dump ID). */
const GOOD = {
  t: JSON.stringify({ id: 'ofac-1', schema: 'Person', properties: { name: ['TIKHONOV, Andrei Gennadyevich'] }, datasets: ['us_ofac_sdn'] }),
  z: JSON.stringify({ id: 'ofac-2', schema: 'Person', properties: { name: ['Denis Vladimirovich ZENKIN'] }, datasets: ['us_ofac_sdn'] }),
  ao: JSON.stringify({ id: 'csl-4', schema: 'Company', properties: { name: ['Kaspersky Lab JSC'], jurisdiction: ['ru'] } }),
  noise: JSON.stringify({ id: 'x-9', schema: 'Person', properties: { name: ['John Smith'], birthDate: ['1970-01-01'] } }),
};
const EXPECTED: Record<string, string> = { 'kkg-t': 'ofac-1', 'kkg-z': 'ofac-2', 'kkg-ao': 'csl-4' };
const ENTITY_HEAD = '{"id": "bad-1", "schema": "Person", "properties": {';
const CAPTION_HEAD = '{"id": "bad-1", "schema": "Person", "caption": "';

/** A dump: good lines around the hostile one (line 3), then more good lines after it. */
function around(bad: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${GOOD.t}\n${GOOD.noise}\n`), typeof bad === 'string' ? Buffer.from(bad) : bad, Buffer.from(`\n${GOOD.z}\n${GOOD.ao}\n`)]);
}

const OUT = ['ours.ftm.json', 'dump.ftm.json', 'm.jsonl', 'm.sssom.tsv'];
const ARGS = ['link', '--against', 'dump.ftm.json', '--ours', 'ours.ftm.json', '--out', 'm.jsonl'];
const oursFile = OURS.map((e) => JSON.stringify(e)).join('\n') + '\n';

interface LinkCase extends HostileCase {
  /** Our IDs whose good-line match must be in the output (default: all three). */
  kept?: string[];
  /** Expected malformed count in the summary. */
  malformed?: number;
}

/** A case with one hostile line at line 3: exit 3, reported with its line number, every good match kept. */
function badLine(name: string, line: string | Buffer, message: RegExp): LinkCase {
  return {
    name,
    args: ARGS,
    files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': around(line) },
    exit: 3,
    stderr: new RegExp(`dump\\.ftm\\.json:3: (?:.*)${message.source}`),
    leaves: OUT,
    malformed: 1,
  };
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObj = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

const CASES: LinkCase[] = [
  // a value of the wrong type where a string belongs (in a list of a name property, or elsewhere)
  badLine('null in a name list', `${ENTITY_HEAD}"name": [null]}}`, /not an FtM entity: properties\."name"\[0\] is null, not a string/),
  badLine('number in a name list', `${ENTITY_HEAD}"name": [42]}}`, /properties\."name"\[0\] is a number, not a string/),
  badLine('object in a name list', `${ENTITY_HEAD}"name": [{"first": "Andrei"}]}}`, /properties\."name"\[0\] is an object, not a string/),
  badLine('list in a name list', `${ENTITY_HEAD}"name": [["Tikhonov"]]}}`, /properties\."name"\[0\] is a list, not a string/),
  badLine('boolean in a name list', `${ENTITY_HEAD}"name": ["John", true]}}`, /properties\."name"\[1\] is a boolean, not a string/),
  badLine('null in a property the prefilter does not read', `${ENTITY_HEAD}"name": ["John Smith"], "birthDate": [null]}}`, /properties\."birthDate"\[0\] is null/),
  badLine('number in a topics list', `${ENTITY_HEAD}"name": ["John Smith"], "topics": [1]}}`, /properties\."topics"\[0\] is a number/),
  // a string (or another value) where a list belongs
  badLine('string where a list belongs (one of our names)', `${ENTITY_HEAD}"name": "Andrei Tikhonov"}}`, /properties\."name" is a string, not a list of strings/),
  badLine('string where a list belongs (another name)', `${ENTITY_HEAD}"name": "John Smith"}}`, /properties\."name" is a string, not a list of strings/),
  badLine('null where a list belongs', `${ENTITY_HEAD}"name": null}}`, /properties\."name" is null, not a list/),
  badLine('number where a list belongs', `${ENTITY_HEAD}"notes": 5}}`, /properties\."notes" is a number, not a list/),
  badLine('object where a list belongs', `${ENTITY_HEAD}"notes": {"a": ["b"]}}}`, /properties\."notes" is an object, not a list/),
  badLine('"properties" null', '{"id": "bad-1", "schema": "Person", "properties": null}', /missing "properties" object \("properties" is null\)/),
  badLine('"properties" a list', '{"id": "bad-1", "schema": "Person", "properties": [["name", "x"]]}', /missing "properties" object \("properties" is a list\)/),
  badLine('"properties" a string', '{"id": "bad-1", "schema": "Person", "properties": "name=x"}', /missing "properties" object/),
  badLine('"caption" a number', '{"id": "bad-1", "schema": "Person", "caption": 7, "properties": {}}', /"caption" is a number, not a string/),
  badLine('"datasets" a string', '{"id": "bad-1", "schema": "Person", "datasets": "us_ofac_sdn", "properties": {}}', /"datasets" is a string, not a list of strings/),
  badLine('"referents" with a number', '{"id": "bad-1", "schema": "Person", "referents": [12], "properties": {}}', /"referents"\[0\] is a number, not a string/),
  // missing or empty required keys
  badLine('missing "schema"', '{"id": "bad-1", "properties": {"name": ["Andrei Tikhonov"]}}', /missing "schema" string/),
  badLine('"schema" null', '{"id": "bad-1", "schema": null, "properties": {}}', /missing "schema" string \("schema" is null\)/),
  badLine('"schema" a number', '{"id": "bad-1", "schema": 3, "properties": {}}', /"schema" is a number/),
  badLine('"schema" empty', '{"id": "bad-1", "schema": "", "properties": {}}', /"schema" is empty/),
  badLine('missing "id"', '{"schema": "Person", "properties": {"name": ["John Smith"]}}', /missing "id" string/),
  badLine('"id" a number', '{"id": 17, "schema": "Person", "properties": {}}', /"id" is a number/),
  badLine('missing "properties"', '{"id": "bad-1", "schema": "Person"}', /missing "properties" object/),
  badLine('a repeated key whose last value is wrong', '{"id": "bad-1", "schema": "Person", "properties": {"name": ["John"]}, "properties": null}', /missing "properties" object/),
  // lines that are not objects
  badLine('a JSON list line', '["ofac-1", "Person"]', /not an FtM entity: not a JSON object \(a list\)/),
  badLine('a JSON string line', '"Andrei Tikhonov"', /not a JSON object \(a string\)/),
  badLine('a JSON number line', '42', /not a JSON object \(a number\)/),
  badLine('a JSON null line', 'null', /not a JSON object \(null\)/),
  badLine('not JSON at all', 'id=bad-1 schema=Person name=Tikhonov', /malformed JSON/),
  badLine('a line cut short', '{"id": "bad-1", "schema": "Person", "properties": {"name": ["Tikh', /malformed JSON/),
  badLine('a trailing comma', `${ENTITY_HEAD}"name": ["John Smith"],}}`, /malformed JSON/),
  badLine('single quotes', "{'id': 'bad-1', 'schema': 'Person', 'properties': {}}", /malformed JSON/),
  badLine('two objects on one line', `${GOOD.noise}${GOOD.noise}`, /malformed JSON/),
  badLine('a bare word value', '{"id": "bad-1", "schema": "Person", "properties": {}, "target": yes}', /malformed JSON/),
  badLine('a number with a leading zero', '{"id": "bad-1", "schema": "Person", "properties": {}, "n": 012}', /malformed JSON/),
  badLine('a raw tab inside a string', `${ENTITY_HEAD}"name": ["John\tSmith"]}}`, /malformed JSON/),
  badLine('a NUL byte inside a string', bytes(`${ENTITY_HEAD}"notes": ["a`, [0], 'b"]}}'), /malformed JSON/),
  badLine('an invalid escape', `${ENTITY_HEAD}"notes": ["a\\qb"]}}`, /malformed JSON/),
  // 10,000-deep nesting
  badLine('10,000-deep lists in a property', `${ENTITY_HEAD}"name": ${deep(10_000)}}}`, /nested more than 64 levels deep/),
  badLine('10,000-deep lists in another field', `{"id": "bad-1", "schema": "Person", "properties": {}, "extra": ${deep(10_000)}}`, /nested more than 64 levels deep/),
  badLine('10,000-deep objects', `{"id": "bad-1", "schema": "Person", "properties": {}, "extra": ${deepObj(10_000)}}`, /nested more than 64 levels deep/),
  badLine('a 10,000-deep list line', deep(10_000), /nested more than 64 levels deep/),
  // invalid UTF-8: the byte offset, never a U+FFFD-replaced name
  badLine('invalid UTF-8 in one of our names', bytes(`${ENTITY_HEAD}"name": ["Andrei Tikh`, [0xff], 'onov"]}}'), new RegExp(`invalid UTF-8 at byte ${ENTITY_HEAD.length + 10 + 11 + 1} of the line \\(byte 0xff\\)`)),
  badLine('invalid UTF-8 in a field the prefilter does not read', bytes(CAPTION_HEAD, [0xfe], '", "properties": {}}'), new RegExp(`invalid UTF-8 at byte ${CAPTION_HEAD.length + 1} of the line \\(byte 0xfe\\)`)),
  badLine('an overlong encoding', bytes(`${ENTITY_HEAD}"name": ["`, [0xc0, 0xaf], '"]}}'), new RegExp(`invalid UTF-8 at byte ${ENTITY_HEAD.length + 11} `)),
  badLine('a UTF-8-encoded surrogate', bytes(`${ENTITY_HEAD}"name": ["`, [0xed, 0xa0, 0x80], '"]}}'), new RegExp(`invalid UTF-8 at byte ${ENTITY_HEAD.length + 11} `)),
  badLine('a multi-byte sequence cut short', bytes(`${ENTITY_HEAD}"name": ["Тих`, [0xd0], '"]}}'), new RegExp(`invalid UTF-8 at byte ${ENTITY_HEAD.length + 11 + 6} `)),
  // good inputs that look odd: every match kept, exit 0
  {
    name: 'a byte order mark, CRLF line ends and blank lines',
    args: ARGS,
    files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': `\ufeff${GOOD.t}\r\n\r\n   \r\n${GOOD.z}\r\n${GOOD.ao}` },
    exit: 0,
    stderr: /0 malformed/,
    leaves: OUT,
    malformed: 0,
  },
  {
    name: 'names written as \\u escapes are read',
    args: ARGS,
    files: {
      'ours.ftm.json': oursFile,
      'dump.ftm.json': `${JSON.stringify({ id: 'ofac-1', schema: 'Person', properties: { name: ['Андрей Геннадьевич Тихонов'] } }).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n${GOOD.z}\n${GOOD.ao}\n`,
    },
    exit: 0,
    leaves: OUT,
    malformed: 0,
  },
  {
    name: 'odd but valid JSON: huge numbers, __proto__ keys, nested metadata',
    args: ARGS,
    files: {
      'ours.ftm.json': oursFile,
      'dump.ftm.json': `${GOOD.t}\n{"id": "x-1", "schema": "Person", "properties": {"__proto__": ["a"], "constructor": ["b"], "name": ["John Smith"]}, "n": 1e999, "m": -0.5E-3, "meta": {"a": [true, false, null, {"b": []}]}}\n${GOOD.z}\n${GOOD.ao}\n`,
    },
    exit: 0,
    leaves: OUT,
    malformed: 0,
  },
  // many malformed lines: a count plus the first 20
  {
    name: '150 malformed lines among good ones',
    args: ARGS,
    files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': [GOOD.t, ...Array.from({ length: 150 }, (_, i) => `${ENTITY_HEAD}"name": [${i}]}}`), GOOD.z, GOOD.ao].join('\n') + '\n' },
    exit: 3,
    stderr: /dump\.ftm\.json:2: not an FtM entity[\s\S]*dump\.ftm\.json:21: [\s\S]*… 130 more malformed line\(s\) not shown[\s\S]*150 malformed/,
    leaves: OUT,
    malformed: 150,
  },
  // gzip: the same checks on the decompressed lines
  {
    name: 'gzip dump with a malformed line',
    args: ['link', '--against', 'dump.ftm.json.gz', '--ours', 'ours.ftm.json', '--out', 'm.jsonl'],
    files: { 'ours.ftm.json': oursFile, 'dump.ftm.json.gz': gzipSync(around(`${ENTITY_HEAD}"name": "John Smith"}}`)) },
    exit: 3,
    stderr: /dump\.ftm\.json\.gz:3: not an FtM entity: properties\."name" is a string/,
    leaves: ['ours.ftm.json', 'dump.ftm.json.gz', 'm.jsonl', 'm.sssom.tsv'],
    malformed: 1,
  },
  // --strict: stops at the first malformed line; the matches before it are written, marked partial
  {
    name: '--strict stops at the first malformed line',
    args: [...ARGS, '--strict'],
    files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': around(`${ENTITY_HEAD}"name": [null]}}`) },
    exit: 1,
    stderr: /^kaspersky-kg link: .*dump\.ftm\.json:3: not an FtM entity: properties\."name"\[0\] is null[^\n]*--strict: run stopped/m,
    leaves: OUT,
    kept: ['kkg-t'],
  },
  // a gzip bomb: 200 MB without a newline (200 kB compressed), then good lines; memory stays bounded
  {
    name: 'a 200 MB line in a gzip (a gzip bomb) before good lines',
    args: ['link', '--against', 'bomb.ftm.json.gz', '--ours', 'ours.ftm.json', '--out', 'm.jsonl'],
    files: { 'ours.ftm.json': oursFile, 'bomb.ftm.json.gz': gzipSync(Buffer.concat([Buffer.alloc(200 << 20, 0x61), Buffer.from(`\n${GOOD.t}\n${GOOD.z}\n${GOOD.ao}\n`)])) },
    exit: 3,
    stderr: /bomb\.ftm\.json\.gz:1: a line of 209715200 bytes, longer than the limit of 16777216 bytes; not read/,
    leaves: ['ours.ftm.json', 'bomb.ftm.json.gz', 'm.jsonl', 'm.sssom.tsv'],
    malformed: 1,
  },
  // inputs that are not an FtM dump at all
  { name: 'a directory', args: ['link', '--against', 'sub', '--ours', 'ours.ftm.json', '--out', 'm.jsonl'], files: { 'ours.ftm.json': oursFile }, dirs: ['sub'], exit: 2, stderr: /sub is a directory, not an FtM dump/, leaves: ['ours.ftm.json', 'sub'] },
  { name: 'a device that never ends (/dev/zero)', args: ['link', '--against', '/dev/zero', '--ours', 'ours.ftm.json', '--out', 'm.jsonl'], files: { 'ours.ftm.json': oursFile }, exit: 2, stderr: /\/dev\/zero is not a regular file/ },
  { name: 'an empty device (/dev/null)', args: ['link', '--against', '/dev/null', '--ours', 'ours.ftm.json', '--out', 'm.jsonl'], files: { 'ours.ftm.json': oursFile }, exit: 2, stderr: /\/dev\/null is not a regular file/ },
  { name: 'an empty file', args: ARGS, files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': '' }, exit: 4, stderr: /dump\.ftm\.json is empty \(0 bytes\).*nothing written/ },
  { name: 'only blank lines', args: ARGS, files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': '\n\n  \n\t\n' }, exit: 4, stderr: /holds only blank lines.*nothing written/ },
  {
    name: 'a pretty-printed JSON list of entities',
    args: ARGS,
    files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': JSON.stringify([JSON.parse(GOOD.t), JSON.parse(GOOD.z)], null, 2) },
    exit: 4,
    stderr: /^kaspersky-kg link: dump\.ftm\.json is not an FtM JSON-lines dump: none of its \d+ line\(s\) is an FtM entity \(line 1: .*nothing written/m,
  },
  { name: 'a JSON object that is not FtM', args: ARGS, files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': '{"@context": "https://schema.org", "@type": "Person", "name": "Andrei Tikhonov"}\n' }, exit: 4, stderr: /not an FtM JSON-lines dump.*line 1: not an FtM entity: missing "id" string/ },
  { name: 'binary bytes', args: ARGS, files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)) }, exit: 4, stderr: /not an FtM JSON-lines dump/ },
  { name: 'a gzip of an empty file', args: ['link', '--against', 'e.gz', '--ours', 'ours.ftm.json', '--out', 'm.jsonl'], files: { 'ours.ftm.json': oursFile, 'e.gz': gzipSync(Buffer.alloc(0)) }, exit: 4, stderr: /holds only blank lines \(0\)|no FtM entity/ },
  // the output cannot be written: exit 5, nothing left behind
  { name: '--out names a directory', args: ['link', '--against', 'dump.ftm.json', '--ours', 'ours.ftm.json', '--out', 'sub', '--sssom', 's.tsv'], files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': `${GOOD.t}\n` }, dirs: ['sub'], exit: 5, stderr: /could not write sub/, leaves: ['ours.ftm.json', 'dump.ftm.json', 'sub'] },
  { name: '--out names the dump itself', args: ['link', '--against', 'dump.ftm.json', '--ours', 'ours.ftm.json', '--out', './dump.ftm.json'], files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': `${GOOD.t}\n` }, exit: 2, stderr: /--out \.\/dump\.ftm\.json is the dump itself/ },
  { name: '--sssom names the dump itself', args: [...ARGS, '--sssom', 'dump.ftm.json'], files: { 'ours.ftm.json': oursFile, 'dump.ftm.json': `${GOOD.t}\n` }, exit: 2, stderr: /--sssom dump\.ftm\.json is the dump itself/ },
  { name: 'no such dump', args: ['link', '--against', 'missing.ftm.json', '--ours', 'ours.ftm.json'], files: { 'ours.ftm.json': oursFile }, exit: 2, stderr: /missing\.ftm\.json: no such file/ },
  { name: '--ours with a string where a list belongs', args: ARGS, files: { 'ours.ftm.json': '{"id": "kkg-t", "schema": "Person", "properties": {"name": "Tikhonov"}}\n', 'dump.ftm.json': `${GOOD.t}\n` }, exit: 2, stderr: /ours\.ftm\.json:1: not an FtM entity: properties\."name" is a string/ },
];

describe('hostile FtM dumps for link (issue 12)', function () {
  this.timeout(120_000);
  it(`has at least 40 cases (${CASES.length})`, () => assert.ok(CASES.length >= 40));
  for (const c of CASES) {
    it(c.name, async () => {
      const run = await runHostileCase(c);
      if (c.exit === 0 || c.exit === 1 || c.exit === 3) {
        const recs = readFileSync(join(run.dir, 'm.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { query?: { id: string }; results?: { id: string; match: boolean }[]; partial?: boolean });
        for (const ourId of c.kept ?? Object.keys(EXPECTED)) {
          const m = recs.find((r) => r.query?.id === ourId);
          assert.ok(m?.results?.some((r) => r.id === EXPECTED[ourId] && r.match), `${c.name}: the good line's match ${ourId} → ${EXPECTED[ourId]} is kept`);
        }
        assert.ok(!recs.some((r) => r.results?.some((x) => x.id === 'bad-1')), `${c.name}: nothing from the malformed line`);
        assert.equal(recs.some((r) => r.partial), c.exit === 1, `${c.name}: marked partial exactly when stopped early`);
        if (c.malformed !== undefined) assert.match(run.stderr, new RegExp(`\\b${c.malformed.toLocaleString('en-US')} malformed\\b`));
      }
    });
  }
});
