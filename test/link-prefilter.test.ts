/**
 * The byte prefilter against the careful reader (`JSON.parse` + entity shape) and the blocking, on random
 * lines: a line the prefilter skips must be a well-formed FtM entity with no candidate; a line it calls
 * malformed must be malformed. Random entities, random JSON values in every place, random edits of the
 * bytes (issue 12: malformed lines the prefilter used to skip without a word).
 */
import { strict as assert } from 'node:assert';
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { buildIndex, candidatesFor, MAX_LINE_DEPTH, Prefilter, Scan } from '../src/link/blocking.js';
import { readDumpLine } from '../src/link/dump-line.js';
import { prepareCandidate, prepareQuery } from '../src/link/score.js';
import { WasmPrefilter } from '../src/link/wasm-prefilter.js';
import type { FtmEntity } from '../src/ftm/entity.js';

const person = (id: string, first: string, father: string, last: string): FtmEntity => ({ id, schema: 'Person', properties: { name: [`${first} ${father} ${last}`], firstName: [first], fatherName: [father], lastName: [last] } });
const company = (id: string, name: string): FtmEntity => ({ id, schema: 'Company', properties: { name: [name], jurisdiction: ['ru'] } });
const ours = [person('kkg-t', 'Andrei', 'Gennadyevich', 'Tikhonov'), person('kkg-z', 'Denis', 'Vladimirovich', 'Zenkin'), company('kkg-ao', 'AO Kaspersky Lab'), { id: 'kkg-i', schema: 'Company', properties: { name: ['Example Registry Co'], innCode: ['7713140469'] } } as FtmEntity];
const index = buildIndex(ours.map((e) => prepareQuery(e)!));
const pf = new Prefilter(index.patterns);
const wasm = WasmPrefilter.for(pf)!;

/**
 * The WebAssembly scanner's verdict on one line, which must agree with the JavaScript prefilter's: it may
 * skip only what that skips, report a pattern only where that says Parse, and must skip what that skips unless the line holds a backslash or a
 * character from U+0500 on (beyond the fold table: it leaves those to the JavaScript prefilter by design).
 */
function checkWasm(b: Buffer, scan: Scan): void {
  if (b.includes(10)) return; // two lines
  const asked: number[] = [];
  let pattern = false;
  const c = wasm.scan(b, 0, b.length, (i, s, e, p) => {
    asked.push(i, s, e);
    pattern = p;
  });
  assert.equal(c.lines, 1);
  const verdict = c.skipped ? Scan.Skip : c.blank ? Scan.Blank : undefined;
  const what = b.toString().slice(0, 120);
  if (verdict === undefined) {
    assert.deepEqual(asked, [0, 0, b.length], `asked line of ${what}`);
    // a pattern it reports is one the JavaScript prefilter finds too (the line is then parsed without a second scan)
    if (pattern) assert.equal(scan, Scan.Parse, `the scanner found a pattern in ${what}`);
    assert.ok(scan === Scan.Parse || scan === Scan.Malformed || b.includes(92) || [...b.toString()].some((ch) => ch.codePointAt(0)! >= 0x500), `the scanner asked about ${what}, which the JavaScript prefilter decides (${Scan[scan]})`);
  } else assert.equal(verdict, scan, `scanner verdict on ${what}`);
}

/** Scanner verdict and careful-reader verdict for one line. */
function both(line: string | Buffer): { scan: Scan; error?: string; selected: boolean } {
  const b = typeof line === 'string' ? Buffer.from(line) : line;
  const scan = pf.scan(b, 0, b.length);
  // the fast path for lines without a backslash must agree with the general one (also inside a larger buffer)
  if (!b.includes(92)) {
    assert.equal(pf.scan(b, 0, b.length, true), scan, `noBackslash scan of ${b.toString().slice(0, 120)}`);
    const framed = Buffer.concat([Buffer.from('{"x": "a"}\n'), b, Buffer.from('\n{"y": "b b"}')]);
    assert.equal(pf.scan(framed, 11, 11 + b.length, true), scan, `framed noBackslash scan of ${b.toString().slice(0, 120)}`);
  }
  if (isUtf8(b)) checkWasm(b, scan);
  const r = readDumpLine(b, 0, b.length, true);
  return { scan, error: r.error, selected: r.entity ? candidatesFor(index, prepareCandidate(r.entity)).size > 0 : false };
}

/** The invariant: Skip only for a good line without candidates; Malformed only for a bad line. */
function check(line: string | Buffer): boolean {
  const v = both(line);
  if (v.scan === Scan.Skip) return v.error === undefined && !v.selected;
  if (v.scan === Scan.Malformed) return v.error !== undefined;
  if (v.scan === Scan.Blank) return String(line).trim() === '';
  return true;
}

const names = ['Tikhonov', 'Тихонов', 'ZENKIN', 'Kaspersky', 'Касперского', 'John Smith', 'Ivan', "O'Neil", 'é', 'ǅ Ĳ ß', 'محمد', '李', '😀', 'Tikhonov😀', '7713140469', '77-13-140469', ''];
const scalar = fc.oneof(fc.constantFrom(...names), fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const anyValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 2 }), fc.jsonValue({ maxDepth: 3 }));
const propKey = fc.constantFrom('name', 'alias', 'lastName', 'firstName', 'weakAlias', 'innCode', 'registrationNumber', 'notes', 'country', 'topics', '__proto__', 'constructor');
const goodList = fc.array(fc.constantFrom(...names), { maxLength: 3 });
const properties = fc.dictionary(propKey, fc.oneof({ weight: 6, arbitrary: goodList }, { weight: 1, arbitrary: anyValue }), { maxKeys: 4 });
const entity = fc.record(
  {
    id: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('x-1', 'kkg-t', '7713140469', 'q') }, { weight: 1, arbitrary: anyValue }),
    schema: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('Person', 'Company', 'Sanction') }, { weight: 1, arbitrary: anyValue }),
    properties: fc.oneof({ weight: 8, arbitrary: properties }, { weight: 1, arbitrary: anyValue }),
    caption: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: anyValue }),
    datasets: fc.oneof({ weight: 4, arbitrary: goodList }, { weight: 1, arbitrary: anyValue }),
    referents: fc.oneof({ weight: 4, arbitrary: goodList }, { weight: 1, arbitrary: anyValue }),
    target: anyValue,
    extra: anyValue,
  },
  { requiredKeys: [] },
);
/** Edits that break or bend JSON: insert, delete or replace one character. */
const noise = fc.constantFrom('"', '\\', ',', ':', '[', ']', '{', '}', ' ', '\t', '\u0001', 'n', 't', '0', '-', '.', 'e', '1', 'u', '/', 'x', '\\u00e9', '\\u', 'null', '[]', '{}');

describe('prefilter against the careful reader (random lines)', () => {
  it('a random entity: skipped only when well-formed and without a candidate; called malformed only when malformed', () => {
    fc.assert(fc.property(entity, (e) => check(JSON.stringify(e))), { numRuns: 4000 });
  });
  it('the same with one random edit of the text', () => {
    fc.assert(
      fc.property(entity, fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), noise, (e, at, op, piece) => {
        const s = JSON.stringify(e);
        const p = at % (s.length + 1);
        const line = op === 'insert' ? s.slice(0, p) + piece + s.slice(p) : op === 'delete' ? s.slice(0, p) + s.slice(p + 1) : s.slice(0, p) + piece + s.slice(p + 1);
        return check(line);
      }),
      { numRuns: 6000 },
    );
  });
  it('white space between tokens anywhere', () => {
    fc.assert(
      fc.property(entity, fc.constantFrom(' ', '\t', '\r', '  '), (e, ws) => check(JSON.stringify(e, null, 1).replace(/\n/g, ws))),
      { numRuns: 1000 },
    );
  });
  it('the kinds of malformed line of issue 12 are called malformed by both', () => {
    const lines = [
      '{"id": "a", "schema": "Person", "properties": {"name": [null]}}',
      '{"id": "a", "schema": "Person", "properties": {"name": [42]}}',
      '{"id": "a", "schema": "Person", "properties": {"name": [{"x": 1}]}}',
      '{"id": "a", "schema": "Person", "properties": {"name": [["John"]]}}',
      '{"id": "a", "schema": "Person", "properties": {"name": "John Smith"}}',
      '{"id": "a", "properties": {"name": ["John Smith"]}}',
      '{"id": "a", "schema": null, "properties": {}}',
      '{"id": 7, "schema": "Person", "properties": {}}',
      '{"id": "", "schema": "Person", "properties": {}}',
      '{"id": "a", "schema": "Person", "properties": []}',
      '{"id": "a", "schema": "Person", "properties": {}, "caption": 5}',
      '{"id": "a", "schema": "Person", "properties": {}, "datasets": "x"}',
      '{"id": "a", "schema": "Person", "properties": {}, "referents": [1]}',
      '["id", "a"]',
      '"a string"',
      '42',
      'null',
      `{"id": "a", "schema": "Person", "properties": {}, "x": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      `{"id": "a", "schema": "Person", "properties": {}, "x": ${'['.repeat(MAX_LINE_DEPTH)}${']'.repeat(MAX_LINE_DEPTH)}}`,
      '{"id": "a", "schema": "Person", "properties": {"name": ["John\tSmith"]}}',
      '{"id": "a", "schema": "Person", "properties": {"name": ["John"]}, "x": 01}',
      '{"id": "a", "schema": "Person", "properties": {"name": ["John"]}, "x": tru}',
      '{"id": "a", "schema": "Person", "properties": {"name": ["John"],}}',
      '{"id": "a", "schema": "Person", "properties": {"name": ["John"]}} {}',
      "{'id': 'a'}",
    ];
    for (const l of lines) {
      const v = both(l);
      assert.equal(v.scan, Scan.Malformed, `scan of ${l.slice(0, 80)}`);
      assert.ok(v.error, `reader of ${l.slice(0, 80)}`);
    }
    const ok = `{"id": "a", "schema": "Person", "properties": {}, "x": ${'['.repeat(MAX_LINE_DEPTH - 1)}${']'.repeat(MAX_LINE_DEPTH - 1)}}`;
    assert.equal(both(ok).scan, Scan.Skip, `${MAX_LINE_DEPTH} levels are allowed`);
    assert.equal(both(ok).error, undefined);
  });
  it('invalid UTF-8 is reported with its byte offset, never read as U+FFFD', () => {
    const head = '{"id": "a", "schema": "Person", "properties": {"name": ["Ka'; // 59 ASCII bytes: the bad one is byte 60
    assert.equal(Buffer.byteLength(head), 59);
    const b = Buffer.concat([Buffer.from(head), Buffer.from([0xff]), Buffer.from('spersky"]}}')]);
    const r = readDumpLine(b, 0, b.length);
    assert.match(r.error!, /invalid UTF-8 at byte 60 of the line \(byte 0xff\)/);
    // overlong, surrogate, cut-short, above U+10FFFF, lone continuation byte
    const head2 = '{"id": "a", "schema": "P", "properties": {"n": ["';
    for (const bad of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf5, 0x80, 0x80, 0x80], [0x80]]) {
      const x = Buffer.concat([Buffer.from(head2), Buffer.from(bad), Buffer.from('"]}}')]);
      assert.match(readDumpLine(x, 0, x.length).error!, new RegExp(`invalid UTF-8 at byte ${head2.length + 1} `), `bytes ${bad.join(' ')}`);
    }
    const good = Buffer.from(`${head2}Тихонов 李 😀"]}}`);
    assert.equal(readDumpLine(good, 0, good.length).error, undefined);
  });
});
