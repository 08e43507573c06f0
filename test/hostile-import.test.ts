/**
 * Hostile input for the readers and `validate` (issue 12): relative IRIs with no base, characters IRIs may
 * not hold, malformed language tags, what JSON-LD expansion drops, top-level scalars, 10,000-deep JSON,
 * ill-typed literals and invalid UTF-8. Each case has its expected outcome, reasoned from the specs:
 *
 * - an error names the file and the position (line and column; JSON-LD also the JSON pointer), has a
 *   first line of at most 300 characters, and nothing is returned (no partial result);
 * - a warning (what the JSON-LD algorithm itself drops) names the JSON pointer, every good triple of the
 *   document is there, and strict mode makes it an error;
 * - an ill-typed literal is reported by `validate` with file and line.
 *
 * The CLI runs with no network (`unshare -rn` when possible), bounded in time, and leaves no file behind
 * (test/support/hostile.ts).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Quad } from 'n3';
import { fromJsonLd, fromNQuads, fromNTriples, fromTriG, fromTurtle, importFile, loadJsonLd, type ImportWarning } from '../src/export/import.js';
import { parseRdf, RdfSyntaxError } from '../src/data/parse.js';
import { validateData } from '../src/validate/index.js';
import { runHostileCase, assertNoCrashOutput, type HostileCase } from './support/hostile.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const TTL_HEAD = '@prefix x: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n';

/** A quad as one comparable line. */
function line(q: Quad): string {
  const o = q.object;
  const obj = o.termType === 'Literal' ? `${JSON.stringify(o.value)}${o.language ? `@${o.language}` : `^^${o.datatype.value}`}` : o.value;
  return `${q.subject.value} ${q.predicate.value} ${obj}${q.graph.termType === 'DefaultGraph' ? '' : ` ${q.graph.value}`}`;
}

/** Runs `fn`, which must throw an RdfSyntaxError matching `pattern` (and return nothing). */
function expectRefusal(name: string, fn: () => unknown, file: string, pattern: RegExp): RdfSyntaxError {
  let result: unknown;
  let error: unknown;
  try {
    result = fn();
  } catch (e) {
    error = e;
  }
  assert.equal(result, undefined, `${name}: a refused input returns nothing`);
  assert.ok(error instanceof RdfSyntaxError, `${name}: expected an RdfSyntaxError, got ${String(error)}`);
  const first = error.message.split('\n')[0]!;
  assert.ok(first.length <= 300, `${name}: first line has ${first.length} characters`);
  assert.ok(first.startsWith(`${file}:`), `${name}: names the file: ${first}`);
  assert.equal(error.file, file);
  assert.match(first, pattern, `${name}: ${first}`);
  assertNoCrashOutput(error.message, name);
  return error;
}

// ------------------------------------------------------------------------------------- library readers

interface ReaderCase {
  name: string;
  run: (file: string) => Quad[];
  file: string;
  /** The refusal (matched against the first line of the message, which starts with `file:`). */
  error?: RegExp;
  /** The triples that must all be there (and nothing else). */
  quads?: string[];
}

const TTL = (t: string, o = {}) => (file: string) => fromTurtle(t, { file, ...o });
const TRIG = (t: string) => (file: string) => fromTriG(t, { file });
const NQ = (t: string | Buffer) => (file: string) => fromNQuads(t, { file });
const NT = (t: string) => (file: string) => fromNTriples(t, { file });
const JL = (t: string | Buffer, o = {}) => (file: string) => fromJsonLd(t, { file, onWarning: () => {}, ...o });

const KNOWS = '{"@context": {"knows": {"@id": "http://example.org/knows", "@type": "@id"}}, "@id": "http://example.org/a", "knows": "b"}';
const LANGMAP = '{"@context": {"label": {"@id": "http://example.org/label", "@container": "@language"}}, "@id": "http://example.org/a", "label": {"en--us": "v"}}';
const DEEP_ARRAY = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const DEEP_OBJECT = `${'{"http://example.org/p":'.repeat(10_000)}1${'}'.repeat(10_000)}`;

const readerCases: ReaderCase[] = [
  // Relative IRIs: no base, so no IRI (RDF 1.1 §3.2: IRIs are absolute).
  { name: 'Turtle: relative subject', file: 'a.ttl', run: TTL('<a> <http://example.org/p> <http://example.org/b> .'), error: /^a\.ttl:1: column 1: a relative IRI "a"/ },
  { name: 'Turtle: relative object on line 3', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a x:p\n  <b> .`), error: /^a\.ttl:4: column 3: a relative IRI "b"/ },
  { name: 'Turtle: relative predicate', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a <p> x:b .`), error: /^a\.ttl:3: column 5: a relative IRI "p"/ },
  { name: 'Turtle: relative @base', file: 'a.ttl', run: TTL('@base <dir/> .\n<a> <http://example.org/p> "v" .'), error: /^a\.ttl:2: column 1: a relative IRI "dir\/a"/ },
  { name: 'Turtle: prefix bound to a relative IRI', file: 'a.ttl', run: TTL('@prefix r: <rel#> .\nr:a <http://example.org/p> "v" .'), error: /^a\.ttl:2: column 1: a relative IRI "rel#a"/ },
  { name: 'Turtle: empty IRI <> with no base', file: 'a.ttl', run: TTL('<> <http://example.org/p> "v" .'), error: /^a\.ttl:1: column \d+: an empty IRI/ },
  { name: 'TriG: relative graph name', file: 'a.trig', run: TRIG('<g> { <http://example.org/a> <http://example.org/p> "v" . }'), error: /^a\.trig:1: column 1: a relative IRI "g"/ },
  { name: 'N-Quads: relative subject', file: 'a.nq', run: NQ('<a> <http://example.org/p> "v" .\n'), error: /^a\.nq:1: column 1: .*IRI/ },
  { name: 'N-Triples: relative object', file: 'a.nt', run: NT('<http://example.org/a> <http://example.org/p> <b> .\n'), error: /^a\.nt:1: column \d+: .*IRI/ },
  { name: 'Turtle: a base given by the caller resolves relative IRIs', file: 'a.ttl', run: TTL('<a> <http://example.org/p> <b> .', { base: 'http://example.org/' }), quads: ['http://example.org/a http://example.org/p http://example.org/b'] },
  // Characters IRIs may not hold (RFC 3987; Turtle IRIREF excludes space, <>"{}|^`\).
  { name: 'Turtle: space in an IRI', file: 'a.ttl', run: TTL(`${TTL_HEAD}<http://example.org/a b> x:p "v" .`), error: /^a\.ttl:3: column 1: / },
  { name: 'Turtle: { in an IRI', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a x:p <http://example.org/{b}> .`), error: /^a\.ttl:3: column 9: / },
  { name: 'Turtle: | in an IRI', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a x:p <http://example.org/a|b> .`), error: /^a\.ttl:3: column 9: / },
  { name: 'Turtle: \\u0020 escape in an IRI', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a x:p <http://example.org/a\\u0020b> .`), error: /^a\.ttl:3: column 9: / },
  { name: 'Turtle: \\u003E escape (>) in an IRI', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a x:p <http://example.org/a\\u003Eb> .`), error: /^a\.ttl:3: column 9: / },
  { name: 'N-Quads: space in an IRI', file: 'a.nq', run: NQ('<http://example.org/a> <http://example.org/p> <http://example.org/b c> .\n'), error: /^a\.nq:1: column \d+: / },
  { name: 'N-Quads: newline inside an IRI', file: 'a.nq', run: NQ('<http://example.org/a> <http://example.org/p> <http://example.org/b\nc> .\n'), error: /^a\.nq:1: column \d+: / },
  { name: 'Turtle: % not followed by two hex digits', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a x:p <http://example.org/100%> .`), error: /^a\.ttl:3: column 9: '%' must start a %HH escape/ },
  { name: 'Turtle: a 10 KB IRI is still an IRI', file: 'a.ttl', run: TTL(`<http://example.org/${'a'.repeat(10_000)}> <http://example.org/p> "v" .`), quads: [`http://example.org/${'a'.repeat(10_000)} http://example.org/p "v"^^${XSD}string`] },
  // Language tags (BCP 47 syntax: letters, then '-'-separated groups of 1-8 letters or digits).
  { name: 'Turtle: language tag en-', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a x:p "v"@en- .`), error: /^a\.ttl:3: column \d+: / },
  { name: 'Turtle: language tag en--us', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a x:p "v"@en--us .`), error: /^a\.ttl:3: column \d+: / },
  { name: 'Turtle: language tag @x', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a x:p "v"@@x .`), error: /^a\.ttl:3: column \d+: / },
  { name: 'Turtle: language tag with a 9-letter subtag', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a x:p "v"@en-abcdefghi .`), error: /^a\.ttl:3: column 12: .*language tag/i },
  { name: 'N-Quads: language tag en-', file: 'a.nq', run: NQ('<http://example.org/a> <http://example.org/p> "v"@en- .\n'), error: /^a\.nq:1: column \d+: / },
  { name: 'Turtle: a well-formed tag en-US is kept', file: 'a.ttl', run: TTL(`${TTL_HEAD}x:a x:p "v"@en-US .`), quads: ['http://example.org/a http://example.org/p "v"@en-us'] },
  // Invalid UTF-8: refused with the byte offset, never decoded as U+FFFD.
  { name: 'Turtle bytes: 0xFF', file: 'a.ttl', run: (f) => fromTurtle(Buffer.concat([Buffer.from(`${TTL_HEAD}x:a x:p "caf`), Buffer.from([0xff]), Buffer.from('" .\n')]), { file: f }), error: /^a\.ttl:3: column 13 \(byte 98\): byte 0xff, which is not valid UTF-8/ },
  { name: 'Turtle bytes: overlong encoding of /', file: 'a.ttl', run: (f) => fromTurtle(Buffer.from([0x3c, 0x68, 0xc0, 0xaf, 0x3e]), { file: f }), error: /^a\.ttl:1: column 3 \(byte 2\): byte 0xc0/ },
  { name: 'Turtle bytes: UTF-16 surrogate encoded in UTF-8', file: 'a.ttl', run: (f) => fromTurtle(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), { file: f }), error: /^a\.ttl:1: column 2 \(byte 1\): byte 0xed/ },
  { name: 'TriG bytes: a truncated sequence at the end', file: 'a.trig', run: (f) => fromTriG(Buffer.from([0x23, 0x20, 0xe2, 0x82]), { file: f }), error: /^a\.trig:1: column 3 \(byte 2\): byte 0xe2/ },
  { name: 'N-Quads bytes: 0xFE on line 2', file: 'a.nq', run: (f) => fromNQuads(Buffer.concat([Buffer.from('<http://example.org/a> <http://example.org/p> "v" .\n"'), Buffer.from([0xfe])]), { file: f }), error: /^a\.nq:2: column 2 \(byte 53\): byte 0xfe/ },
  { name: 'JSON-LD bytes: 0x80 alone', file: 'a.jsonld', run: (f) => fromJsonLd(Buffer.concat([Buffer.from('{"@id": "http://example.org/'), Buffer.from([0x80]), Buffer.from('"}')]), { file: f }), error: /^a\.jsonld:1: column 29 \(byte 28\): byte 0x80/ },
  { name: 'JSON-LD bytes: UTF-16LE with BOM', file: 'a.jsonld', run: (f) => fromJsonLd(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')]), { file: f }), error: /^a\.jsonld:1: column 1 \(byte 0\): the text is UTF-16/ },
  // JSON-LD: errors with the JSON pointer.
  { name: 'JSON-LD: relative @id', file: 'a.jsonld', run: JL('{\n  "@id": "a",\n  "http://example.org/p": "v"\n}'), error: /^a\.jsonld:2: column 10: at \/@id: @id is a relative IRI "a"/ },
  { name: 'JSON-LD: @id with a space', file: 'a.jsonld', run: JL('{"@id": "http://example.org/a b", "http://example.org/p": "v"}'), error: /^a\.jsonld:1: column 9: at \/@id: @id: character U\+0020/ },
  { name: 'JSON-LD: @id with a newline escape', file: 'a.jsonld', run: JL('{"@id": "http://example.org/a\\nb", "http://example.org/p": "v"}'), error: /^a\.jsonld:1: column 9: at \/@id: @id: character U\+000A/ },
  { name: 'JSON-LD: @id that is a number', file: 'a.jsonld', run: JL('{"@id": 5, "http://example.org/p": "v"}'), error: /^a\.jsonld:1: column 9: at \/@id: @id must be a string, got number/ },
  { name: 'JSON-LD: relative node reference (@type: @id term)', file: 'a.jsonld', run: JL(KNOWS), error: new RegExp(`^a\\.jsonld:1: column ${KNOWS.lastIndexOf('"b"') + 1}: at /knows: IRI value is a relative IRI "b"`) },
  { name: 'JSON-LD: relative @type', file: 'a.jsonld', run: JL('{"@id": "http://example.org/a", "@type": "Thing"}'), error: /^a\.jsonld:1: column 42: at \/@type: @type "Thing" is not an IRI \(a relative IRI/ },
  { name: 'JSON-LD: relative @vocab', file: 'a.jsonld', run: JL('{"@context": {"@vocab": "terms/"}, "@id": "http://example.org/a", "p": "v"}'), error: /^a\.jsonld:1: column 25: at \/@context\/@vocab: a relative @vocab "terms\/"/ },
  { name: 'JSON-LD: language tag en-', file: 'a.jsonld', run: JL('{"@id": "http://example.org/a", "http://example.org/p": {"@value": "v", "@language": "en-"}}'), error: /^a\.jsonld:1: column 86: at \/http:~1~1example\.org~1p\/@language: invalid language tag "en-"/ },
  { name: 'JSON-LD: language tag @x', file: 'a.jsonld', run: JL('{"@id": "http://example.org/a", "http://example.org/p": {"@value": "v", "@language": "@x"}}'), error: /at \/http:~1~1example\.org~1p\/@language: invalid language tag "@x"/ },
  { name: 'JSON-LD: language map key en--us', file: 'a.jsonld', run: JL(LANGMAP), error: new RegExp(`^a\\.jsonld:1: column ${LANGMAP.indexOf('"v"') + 1}: at /label/en--us: invalid language tag "en--us"`) },
  { name: 'JSON-LD: default @language en-', file: 'a.jsonld', run: JL('{"@context": {"@language": "en-"}, "@id": "http://example.org/a", "http://example.org/p": "v"}'), error: /at \/@context\/@language: invalid language tag "en-"/ },
  { name: 'JSON-LD: top-level number', file: 'a.jsonld', run: JL('42'), error: /^a\.jsonld:1: column 1: at the document: the document is a number/ },
  { name: 'JSON-LD: top-level string', file: 'a.jsonld', run: JL('"http://example.org/a"'), error: /^a\.jsonld:1: column 1: at the document: the document is a string/ },
  { name: 'JSON-LD: top-level null', file: 'a.jsonld', run: JL('null'), error: /^a\.jsonld:1: column 1: at the document: the document is null/ },
  { name: 'JSON-LD: top-level true', file: 'a.jsonld', run: JL('true'), error: /the document is a boolean/ },
  { name: 'JSON-LD: array of scalars', file: 'a.jsonld', run: JL('[1, "two", null]'), error: /^a\.jsonld:1: column 1: at the document: the document is an array of scalars/ },
  { name: 'JSON-LD: 10,000-deep arrays', file: 'a.jsonld', run: JL(DEEP_ARRAY), error: /^a\.jsonld:1: column 257: arrays and objects nested deeper than 256 levels/ },
  { name: 'JSON-LD: 10,000-deep objects', file: 'a.jsonld', run: JL(DEEP_OBJECT), error: /^a\.jsonld:1: column \d+: arrays and objects nested deeper than 256 levels/ },
  { name: 'JSON-LD: 10,000-deep arrays inside a value', file: 'a.jsonld', run: JL(`{"@id": "http://example.org/a", "http://example.org/p": ${DEEP_ARRAY}}`), error: /nested deeper than 256 levels/ },
  { name: 'JSON-LD: truncated JSON', file: 'a.jsonld', run: JL('{"@id": "http://example.org/a",\n "http://example.org/p": [1, 2'), error: /^a\.jsonld:2: column \d+: invalid JSON/ },
  { name: 'JSON-LD: a base given by the caller resolves @id', file: 'a.jsonld', run: JL('{"@id": "a", "http://example.org/p": "v"}', { base: 'http://example.org/' }), quads: [`http://example.org/a http://example.org/p "v"^^${XSD}string`] },
];

// JSON-LD inputs the algorithm itself drops: warnings with pointers, every good triple kept, strict = error.
interface DropCase {
  name: string;
  doc: string;
  /** Pointers of the warnings, in order. */
  pointers: string[];
  /** Every good triple. */
  quads: string[];
}
const A = 'http://example.org/a';
const P = 'http://example.org/p';
const Q = 'http://example.org/q';
const dropCases: DropCase[] = [
  { name: 'an undefined term', doc: `{"@id": "${A}", "p": "dropped", "${Q}": "kept"}`, pointers: ['/p'], quads: [`${A} ${Q} "kept"^^${XSD}string`] },
  { name: 'two undefined terms next to two good properties', doc: `{"@id": "${A}", "name": "x", "${P}": "one", "age": 3, "${Q}": "two"}`, pointers: ['/name', '/age'], quads: [`${A} ${P} "one"^^${XSD}string`, `${A} ${Q} "two"^^${XSD}string`] },
  { name: 'a key that looks like a keyword', doc: `{"@id": "${A}", "@foo": "dropped", "${P}": "kept"}`, pointers: ['/@foo'], quads: [`${A} ${P} "kept"^^${XSD}string`] },
  { name: 'a term the context maps to null', doc: `{"@context": {"p": null}, "@id": "${A}", "p": "dropped", "${Q}": "kept"}`, pointers: ['/p'], quads: [`${A} ${Q} "kept"^^${XSD}string`] },
  { name: 'a blank-node predicate', doc: `{"@context": {"p": "_:b0"}, "@id": "${A}", "p": "dropped", "${Q}": "kept"}`, pointers: ['/p'], quads: [`${A} ${Q} "kept"^^${XSD}string`] },
  { name: 'a free-floating scalar in a top-level array', doc: `[{"@id": "${A}", "${P}": "kept"}, 5]`, pointers: ['/1'], quads: [`${A} ${P} "kept"^^${XSD}string`] },
  { name: 'a free-floating string in @graph', doc: `{"@graph": [{"@id": "${A}", "${P}": "kept"}, "loose"]}`, pointers: ['/@graph/1'], quads: [`${A} ${P} "kept"^^${XSD}string`] },
  { name: 'an undefined term inside a nested node', doc: `{"@id": "${A}", "${P}": {"@id": "http://example.org/b", "nick": "dropped", "${Q}": "kept"}}`, pointers: [`/${'http:~1~1example.org~1p'}/nick`], quads: [`${A} ${P} http://example.org/b`, `http://example.org/b ${Q} "kept"^^${XSD}string`] },
  { name: 'an undefined term in a named graph', doc: `{"@id": "http://example.org/g", "@graph": [{"@id": "${A}", "x": 1, "${P}": "kept"}]}`, pointers: ['/@graph/0/x'], quads: [`${A} ${P} "kept"^^${XSD}string http://example.org/g`] },
];

describe('hostile input: readers (library)', function () {
  this.timeout(120_000);
  for (const c of readerCases) {
    it(`${c.name}: ${c.error ? 'refused with file and position' : 'read whole'}`, () => {
      if (c.error) {
        expectRefusal(c.name, () => c.run(c.file), c.file, c.error);
      } else {
        assert.deepEqual(c.run(c.file).map(line).sort(), [...c.quads!].sort());
      }
    });
  }

  for (const c of dropCases) {
    it(`JSON-LD drops ${c.name}: a warning with its pointer, the good triples kept; strict refuses`, () => {
      const warnings: ImportWarning[] = [];
      const quads = fromJsonLd(c.doc, { file: 'drop.jsonld', onWarning: (w) => warnings.push(w) });
      assert.deepEqual(quads.map(line).sort(), [...c.quads].sort(), 'every good triple is there');
      assert.deepEqual(warnings.map((w) => w.pointer), c.pointers);
      for (const w of warnings) {
        assert.equal(w.file, 'drop.jsonld');
        assert.ok(typeof w.line === 'number' && typeof w.column === 'number', `${w.text}: line and column`);
        assert.match(w.text, new RegExp(`^drop\\.jsonld:1: column ${w.column}: at ${w.pointer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
        assert.ok(w.text.length <= 300);
      }
      expectRefusal(`${c.name} (strict)`, () => fromJsonLd(c.doc, { file: 'drop.jsonld', strict: true }), 'drop.jsonld', new RegExp(`at ${c.pointers[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*\\(strict mode`));
    });
  }

  it('with no warning handler, what JSON-LD drops is a process warning (never silent)', async () => {
    const seen = new Promise<Error>((resolve) => process.once('warning', resolve));
    const quads = fromJsonLd(`{"@id": "${A}", "p": "dropped", "${Q}": "kept"}`, { file: 'w.jsonld' });
    assert.equal(quads.length, 1);
    const w = await seen;
    assert.match(w.message, /^w\.jsonld:1: column \d+: at \/p: key "p" expands to no IRI/);
  });

  it('after a 10,000-deep document is refused, the next document parses (the engine is not harmed)', () => {
    for (let i = 0; i < 3; i++) expectRefusal('deep', () => fromJsonLd(DEEP_OBJECT, { file: 'deep.jsonld' }), 'deep.jsonld', /nested deeper/);
    assert.deepEqual(fromJsonLd(`{"@id": "${A}", "${P}": {"@value": "2024-01-02", "@type": "${XSD}date"}}`).map(line), [`${A} ${P} "2024-01-02"^^${XSD}date`]);
  });

  it('loadJsonLd refuses what fromJsonLd refuses, and loads nothing', async () => {
    const ox = await import('oxigraph');
    const store = new ox.Store();
    expectRefusal('loadJsonLd relative', () => loadJsonLd(store, '{"@id": "a", "http://example.org/p": "v"}', { file: 'l.jsonld' }), 'l.jsonld', /at \/@id: @id is a relative IRI/);
    expectRefusal('loadJsonLd deep', () => loadJsonLd(store, DEEP_ARRAY, { file: 'l.jsonld' }), 'l.jsonld', /nested deeper/);
    assert.equal(store.size, 0);
  });

  it('importFile and parseRdf refuse as the readers do, naming the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kkg-hostile-import-'));
    const f = join(dir, 'rel.ttl');
    writeFileSync(f, `${TTL_HEAD}x:a x:p <b> .\n`);
    expectRefusal('importFile', () => importFile(f), f, /:3: column 9: a relative IRI "b"/);
    expectRefusal('parseRdf', () => parseRdf('<a> <http://example.org/p> "v" .', 'p.ttl'), 'p.ttl', /^p\.ttl:1: column 1: a relative IRI/);
  });

  it('a malformed IRI error names a 10 KB value in at most 300 characters', () => {
    const e = expectRefusal('long', () => fromJsonLd(`{"@id": "http://example.org/${'a'.repeat(10_000)} b", "${P}": "v"}`, { file: 'long.jsonld' }), 'long.jsonld', /character U\+0020/);
    assert.ok(e.message.length < 400);
  });
});

// ------------------------------------------------------------------- the package's own data and exports

describe("hostile input: the package's own dataset and exports hold no relative IRI and drop nothing", function () {
  this.timeout(300_000);
  it('every IRI of the dataset is absolute; every JSON-LD file of the export imports with no warning and every quad', async () => {
    const { datasetNQuads } = await import('../src/data/dataset.js');
    const { renderExport } = await import('../src/export/release.js');
    const { iriProblem } = await import('../src/rdf/wellformed.js');
    const quads = parseRdf(datasetNQuads().text, 'kaspersky-kg.nq', 'N-Quads');
    const iris = new Set<string>();
    for (const q of quads) for (const t of [q.subject, q.predicate, q.object, q.graph]) if (t.termType === 'NamedNode') iris.add(t.value);
    for (const iri of iris) assert.equal(iriProblem(iri), undefined, iri);
    const files = await renderExport(quads, { formats: 'all', version: '0.0.0-test' });
    // Data documents (context documents hold no triple).
    const jsonld = files.filter((f) => /\.jsonld$/.test(f.path) && !f.path.startsWith('context/'));
    assert.ok(jsonld.length > 0);
    for (const f of jsonld) {
      const warnings: ImportWarning[] = [];
      const back = fromJsonLd(f.content as string, { file: f.path, onWarning: (w) => warnings.push(w) });
      assert.deepEqual(warnings.map((w) => w.text), [], `${f.path}: no warning`);
      assert.ok(back.length > 0, f.path);
      for (const q of back) for (const t of [q.subject, q.predicate, q.object, q.graph]) if (t.termType === 'NamedNode') assert.equal(iriProblem(t.value), undefined, `${f.path}: ${t.value}`);
    }
    const main = jsonld.find((f) => f.path === 'kaspersky-kg.jsonld');
    if (main) assert.equal(fromJsonLd(main.content as string, { strict: true }).length, new Set(quads.map(line)).size, 'the whole dataset comes back from its JSON-LD, strict');
  });
});

// ------------------------------------------------------------------------- validate: ill-typed literals

describe('hostile input: validate reports ill-typed literals with file and line (library)', function () {
  this.timeout(300_000);
  const cases: [string, string, number, RegExp][] = [
    ['date 2024-13-45', '"2024-13-45"^^xsd:date', 4, /"2024-13-45" is not a valid xsd:date/],
    ['date 2023-02-29 (not a leap year)', '"2023-02-29"^^xsd:date', 4, /"2023-02-29" is not a valid xsd:date/],
    ['integer "twelve"', '"twelve"^^xsd:integer', 4, /"twelve" is not a valid xsd:integer/],
    ['integer 1.5', '"1.5"^^xsd:integer', 4, /"1.5" is not a valid xsd:integer/],
    ['boolean "yes"', '"yes"^^xsd:boolean', 4, /"yes" is not a valid xsd:boolean/],
    ['decimal 1.2.3', '"1.2.3"^^xsd:decimal', 4, /"1.2.3" is not a valid xsd:decimal/],
    ['dateTime hour 25', '"2024-01-01T25:00:00"^^xsd:dateTime', 4, /"2024-01-01T25:00:00" is not a valid xsd:dateTime/],
    ['gYear 24', '"24"^^xsd:gYear', 4, /"24" is not a valid xsd:gYear/],
    ['nonNegativeInteger -1', '"-1"^^xsd:nonNegativeInteger', 4, /"-1" is not a valid xsd:nonNegativeInteger/],
  ];
  for (const [name, literal, lineNo, message] of cases) {
    it(`${name}: reported at its line`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kkg-hostile-lit-'));
      const f = join(dir, 'lit.ttl');
      writeFileSync(f, `${TTL_HEAD}x:a x:p "fine" .\nx:a x:q ${literal} .\nx:a x:r "2024-02-29"^^xsd:date .\n`);
      const report = await validateData({ data: [f] });
      assert.equal(report.conforms, false);
      assert.equal(report.literals.length, 1, JSON.stringify(report.literals));
      const l = report.literals[0]!;
      assert.equal(l.file, f);
      assert.equal(l.line, lineNo);
      assert.equal(l.column, 9, JSON.stringify(l));
      assert.match(l.message, message);
    });
  }
});

// ------------------------------------------------------------------------------------------ CLI validate

const PREFIX = TTL_HEAD;
const cli = (name: string, files: Record<string, string | Buffer>, exit: number, stderr?: RegExp, extra: Partial<HostileCase> = {}): HostileCase => ({
  name,
  args: ['validate', '--quiet', ...Object.keys(files)],
  files,
  exit,
  ...(stderr ? { stderr } : {}),
  ...extra,
});

const cliCases: HostileCase[] = [
  cli('Turtle relative IRI', { 'r.ttl': `${PREFIX}x:a x:p <b> .\n` }, 1, /^kaspersky-kg validate: r\.ttl:3: column 9: a relative IRI "b"/m),
  cli('Turtle IRI with a space', { 's.ttl': `${PREFIX}x:a x:p <http://example.org/b c> .\n` }, 1, /^kaspersky-kg validate: s\.ttl:3: column 9: /m),
  cli('Turtle IRI with >', { 'g.ttl': `${PREFIX}x:a x:p <http://example.org/\\u003E> .\n` }, 1, /g\.ttl:3: column 9: /),
  cli('Turtle language tag en-', { 'l.ttl': `${PREFIX}x:a x:p "v"@en- .\n` }, 1, /l\.ttl:3: column \d+: /),
  cli('Turtle language tag en--us', { 'l.ttl': `${PREFIX}x:a x:p "v"@en--us .\n` }, 1, /l\.ttl:3: column \d+: /),
  cli('TriG relative graph', { 'g.trig': `${PREFIX}<g> { x:a x:p "v" . }\n` }, 1, /g\.trig:3: column 1: a relative IRI "g"/),
  cli('N-Quads relative IRI', { 'r.nq': '<http://example.org/a> <http://example.org/p> <b> .\n' }, 1, /r\.nq:1: column \d+: /),
  cli('N-Quads language tag en-', { 'l.nq': '<http://example.org/a> <http://example.org/p> "v"@en- .\n' }, 1, /l\.nq:1: column \d+: /),
  cli('N-Triples IRI with {', { 'b.nt': '<http://example.org/a> <http://example.org/p> <http://example.org/{x}> .\n' }, 1, /b\.nt:1: column \d+: /),
  cli('Turtle invalid UTF-8', { 'u.ttl': Buffer.concat([Buffer.from(`${PREFIX}x:a x:p "caf`), Buffer.from([0xe9]), Buffer.from('" .\n')]) }, 1, /u\.ttl:3: column 13 \(byte 98\): byte 0xe9, which is not valid UTF-8/),
  cli('TriG invalid UTF-8', { 'u.trig': Buffer.concat([Buffer.from('# '), Buffer.from([0xc3, 0x28])]) }, 1, /u\.trig:1: column 3 \(byte 2\): byte 0xc3/),
  cli('N-Quads invalid UTF-8 on line 2', { 'u.nq': Buffer.concat([Buffer.from('<http://example.org/a> <http://example.org/p> "v" .\n"'), Buffer.from([0xff]), Buffer.from('"')]) }, 1, /u\.nq:2: column 2 \(byte 53\): byte 0xff/),
  cli('JSON-LD invalid UTF-8', { 'u.jsonld': Buffer.concat([Buffer.from('{"@id": "http://example.org/'), Buffer.from([0xf8]), Buffer.from('"}')]) }, 1, /u\.jsonld:1: column 29 \(byte 28\): byte 0xf8/),
  cli('UTF-16 Turtle', { 'w.ttl': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<http://example.org/a> <http://example.org/p> "v" .', 'utf16le')]) }, 1, /w\.ttl:1: column 1 \(byte 0\): the text is UTF-16/),
  cli('a NUL byte', { 'n.ttl': Buffer.from('<http://example.org/a>\u0000') }, 1, /n\.ttl:1: column 23 \(byte 22\): a NUL byte/),
  cli('JSON-LD relative @id', { 'r.jsonld': '{"@id": "a", "http://example.org/p": "v"}' }, 1, /r\.jsonld:1: column 9: at \/@id: @id is a relative IRI "a"/),
  cli('JSON-LD @id with a space', { 's.jsonld': '{"@id": "http://example.org/a b", "http://example.org/p": "v"}' }, 1, /s\.jsonld:1: column 9: at \/@id: /),
  cli('JSON-LD language tag en-', { 'l.jsonld': '{"@id": "http://example.org/a", "http://example.org/p": {"@value": "v", "@language": "en-"}}' }, 1, /l\.jsonld:1: column 86: at \/http:~1~1example\.org~1p\/@language: invalid language tag "en-"/),
  cli('JSON-LD top-level scalar', { 't.jsonld': '42\n' }, 1, /t\.jsonld:1: column 1: at the document: the document is a number/),
  cli('JSON-LD array of scalars', { 't.jsonld': '["a", "b"]' }, 1, /t\.jsonld:1: column 1: at the document: the document is an array of scalars/),
  cli('JSON-LD 10,000-deep arrays', { 'd.jsonld': DEEP_ARRAY }, 1, /d\.jsonld:1: column 257: arrays and objects nested deeper than 256 levels/),
  cli('JSON-LD 10,000-deep objects', { 'd.jsonld': DEEP_OBJECT }, 1, /d\.jsonld:1: column \d+: arrays and objects nested deeper than 256 levels/),
  cli('.json 10,000-deep arrays', { 'd.json': DEEP_ARRAY }, 1, /d\.json:1: column 257: /),
  cli('JSON-LD truncated', { 'c.jsonld': '{"@id": "http://example.org/a",\n"http://example.org/p": [' }, 1, /c\.jsonld:2: column \d+: invalid JSON/),
  cli('JSON-LD that only drops: a warning, nothing to validate', { 'w.jsonld': '{"@id": "http://example.org/a", "name": "x"}' }, 0, /^warning: w\.jsonld:1: column 33: at \/name: key "name" expands to no IRI/m, { stdout: /^valid/ }),
  { name: 'JSON-LD that drops, --strict: an error', args: ['validate', '--quiet', '--strict', 'w.jsonld'], files: { 'w.jsonld': '{"@id": "http://example.org/a", "name": "x"}' }, exit: 1, stderr: /^kaspersky-kg validate: w\.jsonld:1: column 33: at \/name: .*\(strict mode/m },
  cli('a keyword-like key', { 'k.jsonld': '{"@id": "http://example.org/a", "@bogus": "x"}' }, 0, /^warning: k\.jsonld:1: column 33: at \/@bogus: /m),
  cli('an empty Turtle file: a warning', { 'e.ttl': '' }, 0, /^warning: e\.ttl: holds no triple/m),
  { name: 'an empty Turtle file, --strict: an error', args: ['validate', '--quiet', '--strict', 'e.ttl'], files: { 'e.ttl': '' }, exit: 1, stderr: /e\.ttl: holds no triple \(strict mode\)/ },
  cli('ill-typed xsd:date', { 'd.ttl': `${PREFIX}x:a x:p "2024-13-45"^^xsd:date .\n` }, 1, undefined, { stdout: /^d\.ttl:3: column 9: ill-typed literal: "2024-13-45" is not a valid xsd:date/m }),
  cli('non-numeric xsd:integer', { 'i.ttl': `${PREFIX}x:a x:p\n  "12a"^^xsd:integer .\n` }, 1, undefined, { stdout: /^i\.ttl:4: column 3: ill-typed literal: "12a" is not a valid xsd:integer/m }),
  cli('bad xsd:boolean in N-Quads', { 'b.nq': '<http://example.org/a> <http://example.org/p> "maybe"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n' }, 1, undefined, { stdout: /^b\.nq:1: column 47: ill-typed literal: "maybe" is not a valid xsd:boolean/m }),
  cli('bad xsd:gYear in JSON-LD', { 'y.jsonld': '{"@id": "http://example.org/a",\n "http://example.org/p": {"@value": "20x4", "@type": "http://www.w3.org/2001/XMLSchema#gYear"}}' }, 1, undefined, { stdout: /^y\.jsonld:2: column 37: ill-typed literal: "20x4" is not a valid xsd:gYear/m }),
  cli('a missing file', { }, 1, /^kaspersky-kg validate: nope\.ttl: cannot read: /m, { args: ['validate', '--quiet', 'nope.ttl'] }),
  cli('an unknown extension', { 'a.txt': 'x' }, 1, /^kaspersky-kg validate: a\.txt: unknown file extension ".txt"/m),
  { name: 'an unknown option', args: ['validate', '--bogus'], exit: 2, stderr: /^kaspersky-kg validate: Unknown option '--bogus'/m },
  { name: 'progress on stderr, the report alone on stdout', args: ['validate', 'ok.ttl'], files: { 'ok.ttl': `${PREFIX}x:a x:p "2024-13-45"^^xsd:date .\n` }, exit: 1, stderr: /validate: parsing ok\.ttl[^\n]*\n(?:.*\n)*validate: SHACL[^\n]*\n(?:.*\n)*validate: hygiene: checks 1-7 of \d+/, stdout: /^ok\.ttl:3: column 9: ill-typed literal/ },
];

describe('hostile input: kaspersky-kg validate (CLI, no network)', function () {
  this.timeout(300_000);
  for (const c of cliCases) {
    it(`${c.name}: exit ${c.exit}`, async () => {
      const r = await runHostileCase(c);
      if (c.name.startsWith('progress')) assert.ok(!/validate:/.test(r.stdout), 'no progress line on stdout');
      if (c.args.includes('--quiet')) assert.ok(!/^validate: /m.test(r.stderr), '--quiet prints no progress');
    });
  }
});

