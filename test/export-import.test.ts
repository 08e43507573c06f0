/**
 * Importers: bad input (truncated Turtle, invalid JSON/JSON-LD, wrong encoding) gives an error naming the
 * file and the line (and column), and no partial output file; remote JSON-LD contexts are refused with the
 * IRI in the error; nothing ever touches the network.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import * as ox from 'oxigraph';
import { RdfSyntaxError } from '../src/data/parse.js';
import {
  CONTEXT_IRI,
  decodeUtf8,
  fromJsonLd,
  fromNQuads,
  fromNTriples,
  fromTriG,
  fromTurtle,
  importFile,
  loadJsonLd,
  RemoteDocumentRefusedError,
  renderExport,
  runExportCommand,
  staticDocumentLoader,
  toJsonLd,
} from '../src/export/index.js';
import { FIXTURE, jl, removeDir, subjects, tempDir } from './fixtures/export-support.js';

const TTL = `@prefix ex: <https://example.org/> .
ex:a ex:p "one" ;
     ex:q "two"@en .
ex:b ex:p ex:a .
`;

function capture(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, out, err };
}

describe('export: importers and security', () => {
  describe('errors name the file and the line', () => {
    it('truncated Turtle', () => {
      const truncated = TTL.slice(0, TTL.indexOf('ex:b') + 8);
      assert.throws(
        () => fromTurtle(truncated, { file: 'data.ttl' }),
        (e: unknown) => e instanceof RdfSyntaxError && e.file === 'data.ttl' && e.line === 4 && /^data\.ttl:4: /.test(e.message),
      );
    });
    it('bad TriG, N-Triples and N-Quads', () => {
      assert.throws(() => fromTriG('<https://e.org/g> {\n <https://e.org/s> <https://e.org/p> "x" .\n', { file: 'd.trig' }), /d\.trig:\d+:/);
      assert.throws(() => fromNTriples('<https://e.org/s> <https://e.org/p> "x" .\n<https://e.org/s> <https://e.org/p> .\n', { file: 'd.nt' }), /d\.nt:2:/);
      assert.throws(() => fromNQuads('<https://e.org/s> <https://e.org/p> "x" <https://e.org/g> .\n\n<https://e.org/s> "oops" .\n', 'd.nq'), /d\.nq:3:/);
    });
    it('invalid JSON gives line and column', () => {
      const text = '{\n  "@context": {"ex": "https://example.org/"},\n  "@id": "ex:a",\n  "ex:p": x\n}\n';
      assert.throws(
        () => fromJsonLd(text, { file: 'doc.jsonld' }),
        (e: unknown) => e instanceof RdfSyntaxError && e.line === 4 && /^doc\.jsonld:4: column \d+: invalid JSON/.test(e.message),
      );
      assert.throws(() => fromJsonLd('{"@context": "https://w3id.org/kaspersky-kg/context/v1.jsonld", "@graph": [', { file: 'cut.jsonld' }), /cut\.jsonld:1: column 76: invalid JSON/);
    });
    it('invalid JSON-LD (valid JSON) names the file', () => {
      assert.throws(() => fromJsonLd('{"@context": {}, "@id": 5}', { file: 'bad.jsonld' }), /bad\.jsonld:1: column \d+: at \/@id: @id must be a string, got number/);
    });
    it('wrong encoding: Latin-1, UTF-16 (with or without BOM) are refused with line, column and byte', () => {
      const latin1 = Buffer.from('@prefix ex: <https://example.org/> .\nex:a ex:p "caf\xe9" .\n', 'latin1');
      assert.throws(
        () => fromTurtle(latin1, { file: 'latin1.ttl' }),
        (e: unknown) => e instanceof RdfSyntaxError && e.line === 2 && /latin1\.ttl:2: column 15 \(byte 51\): byte 0xe9, which is not valid UTF-8/.test(e.message),
      );
      assert.throws(() => fromJsonLd(Buffer.from('\ufeff{"@id": "https://e.org/a"}', 'utf16le'), { file: 'u16.jsonld' }), /u16\.jsonld:1: .*UTF-16/);
      assert.throws(() => fromTurtle(Buffer.from(TTL, 'utf16le'), { file: 'u16.ttl' }), /u16\.ttl:1: column 2 \(byte 1\): a NUL byte/);
      assert.equal(decodeUtf8(Buffer.from(`\ufeff${TTL}`, 'utf8'), 'bom.ttl'), TTL, 'a UTF-8 BOM is dropped');
      assert.equal(fromTurtle(Buffer.from(TTL, 'utf8'), { file: 'ok.ttl' }).length, 3);
    });
    it('importFile picks the parser from the extension and reports the path', () => {
      const dir = tempDir();
      try {
        writeFileSync(join(dir, 'bad.ttl'), TTL.slice(0, 40));
        assert.throws(() => importFile(join(dir, 'bad.ttl')), (e: unknown) => e instanceof RdfSyntaxError && e.file === join(dir, 'bad.ttl') && e.line !== undefined);
        writeFileSync(join(dir, 'x.csv'), 'a,b\n');
        assert.throws(() => importFile(join(dir, 'x.csv')), /unknown file extension/);
        writeFileSync(join(dir, 'ok.jsonld'), toJsonLd(subjects()[0]!.quads));
        assert.equal(importFile(join(dir, 'ok.jsonld')).length, subjects()[0]!.quads.length);
      } finally {
        removeDir(dir);
      }
    });
  });

  describe('bad input leaves no partial output', () => {
    let dir: string;
    beforeEach(() => (dir = tempDir()));
    afterEach(() => removeDir(dir));

    for (const [file, content] of [
      ['truncated.ttl', TTL.slice(0, TTL.length - 12)],
      ['invalid.jsonld', '{"@context": {"ex": "https://example.org/"}, "@id": "ex:a", "ex:p": [1, 2'],
      ['remote.jsonld', '{"@context": "https://schema.org/", "@id": "https://example.org/a", "name": "x"}'],
    ] as const) {
      it(`export --input ${file} fails with file:line and writes nothing`, async () => {
        const input = join(dir, file);
        writeFileSync(input, content);
        const out = join(dir, 'out');
        const c = capture();
        const code = await runExportCommand(['--input', input, '--format', 'all', '--out', out], c.io);
        assert.equal(code, 1);
        const msg = c.err.join('');
        assert.ok(msg.includes(input), `the error names the file: ${msg}`);
        if (file !== 'remote.jsonld') assert.match(msg, new RegExp(`${file.replace('.', '\\.')}:\\d+:`));
        else assert.match(msg, /https:\/\/schema\.org\//);
        assert.ok(!existsSync(out) || readdirSync(out, { recursive: true }).length === 0, 'no output file');
      });
    }

    it('an existing output folder keeps its files and gets no temporary file when the input is bad', async () => {
      const out = join(dir, 'out');
      mkdirSync(out);
      writeFileSync(join(out, 'keep.txt'), 'mine');
      writeFileSync(join(dir, 'bad.nq'), '<https://e.org/s> <https://e.org/p> .\n');
      assert.equal(await runExportCommand(['--input', join(dir, 'bad.nq'), '--out', out], capture().io), 1);
      assert.deepEqual(readdirSync(out), ['keep.txt']);
    });
  });

  describe('JSON-LD contexts: only the package context, never the network', () => {
    const doc = (context: unknown) => JSON.stringify({ '@context': context, '@id': 'https://example.org/a', name: 'x' });

    it('a document with an unknown remote @context is refused, naming the IRI', () => {
      for (const ctx of ['https://schema.org/', [CONTEXT_IRI, 'https://example.org/other.jsonld'], { '@import': 'https://example.org/imported.jsonld' }, { p: { '@id': 'https://e.org/p', '@context': 'https://example.org/scoped.jsonld' } }]) {
        const iri = JSON.stringify(ctx).match(/https:\/\/(example|schema)\.org\/[^"]*/)![0];
        assert.throws(
          () => fromJsonLd(doc(ctx), { file: 'remote.jsonld' }),
          (e: unknown) => e instanceof RemoteDocumentRefusedError && e.iri === iri && e.message.includes(`<${iri}>`) && e.message.startsWith('remote.jsonld'),
          JSON.stringify(ctx),
        );
      }
      assert.throws(() => loadJsonLd(new ox.Store(), doc('https://schema.org/')), /refusing to load the remote JSON-LD document <https:\/\/schema\.org\/>/);
    });

    it('the package context is served from the package, by IRI, in an array, or imported', () => {
      const quads = (ctx: unknown) => fromJsonLd(JSON.stringify({ '@context': ctx, '@id': 'id:kaspersky', type: 'CorporateGroup', label: { en: 'Kaspersky' } }));
      const expected = quads(CONTEXT_IRI);
      assert.equal(expected.length, 2);
      assert.deepEqual(quads([CONTEXT_IRI, { ex: 'https://example.org/' }]), expected);
      assert.deepEqual(quads({ '@import': CONTEXT_IRI }), expected);
      // Documents written with the frozen first context (v1) still import, with the same meaning.
      const v1 = 'https://w3id.org/kaspersky-kg/context/v1.jsonld';
      assert.deepEqual(quads(v1), expected);
      assert.deepEqual(quads({ '@import': v1 }), expected);
      const store = new ox.Store();
      loadJsonLd(store, JSON.stringify({ '@context': v1, '@id': 'id:kaspersky', type: 'CorporateGroup' }));
      assert.equal(store.size, 1);
    });

    it('jsonld.js with the static loader refuses unknown contexts with the IRI', async () => {
      await assert.rejects(
        jl.expand(JSON.parse(doc('https://example.org/evil.jsonld')) as never, { documentLoader: staticDocumentLoader } as never),
        (e: unknown) => JSON.stringify(e, Object.getOwnPropertyNames(e)).includes('https://example.org/evil.jsonld') || String((e as { details?: { cause?: Error } }).details?.cause).includes('https://example.org/evil.jsonld'),
      );
    });

    it('no export or import opens a network connection', async () => {
      const attempts: string[] = [];
      const origConnect = net.Socket.prototype.connect;
      const origFetch = globalThis.fetch;
      net.Socket.prototype.connect = function (...args: unknown[]) {
        attempts.push(`socket ${JSON.stringify(args[0])}`);
        throw new Error('network disabled in this test');
      } as typeof origConnect;
      globalThis.fetch = (async (url: unknown) => {
        attempts.push(`fetch ${String(url)}`);
        throw new Error('network disabled in this test');
      }) as typeof fetch;
      try {
        const { quads } = subjects()[0]!;
        const files = await renderExport(quads, { formats: 'all', version: '0.0.0-test' });
        const compacted = files.find((f) => f.path === 'kaspersky-kg.jsonld')!.content as string;
        fromJsonLd(compacted);
        await jl.toRDF(JSON.parse(compacted) as never, { documentLoader: staticDocumentLoader } as never);
        assert.throws(() => fromJsonLd(doc('https://schema.org/')), RemoteDocumentRefusedError);
        await assert.rejects(jl.expand(JSON.parse(doc('https://schema.org/')) as never, { documentLoader: staticDocumentLoader } as never));
        importFile(FIXTURE);
      } finally {
        net.Socket.prototype.connect = origConnect;
        globalThis.fetch = origFetch;
      }
      assert.deepEqual(attempts, []);
    });
  });
});
