import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRdf, parseRdfFile, RdfSyntaxError, formatOf } from '../src/data/parse.js';

describe('data/parse', () => {
  it('parses TriG with named graphs', () => {
    const q = parseRdf('@prefix ex: <urn:ex:> . ex:g { ex:a ex:b "c"@en } ex:d ex:e ex:f .', 'x.trig');
    assert.equal(q.length, 2);
    assert.equal(q[0]!.graph.value, 'urn:ex:g');
  });
  it('reports file and line of a syntax error', () => {
    const text = '@prefix ex: <urn:ex:> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n';
    assert.throws(() => parseRdf(text, 'broken.ttl'), (e: unknown) => {
      assert.ok(e instanceof RdfSyntaxError);
      assert.equal(e.file, 'broken.ttl');
      assert.equal(e.line, 3);
      assert.match(e.message, /^broken\.ttl:3: /);
      return true;
    });
  });
  it('reports truncated input', () => {
    assert.throws(() => parseRdf('@prefix ex: <urn:ex:> .\nex:a ex:b', 'cut.ttl'), /cut\.ttl:2: /);
  });
  it('refuses files that are not UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kkg-'));
    const f = join(dir, 'latin1.ttl');
    writeFileSync(f, Buffer.from('<urn:a> <urn:b> "caf\xe9" .\n', 'latin1'));
    assert.throws(() => parseRdfFile(f), /latin1\.ttl:1: column \d+ \(byte \d+\): byte 0x[0-9a-f]{2}, which is not valid UTF-8/);
  });
  it('knows formats by extension', () => {
    assert.equal(formatOf('a.nq'), 'N-Quads');
    assert.throws(() => formatOf('a.json'), /unknown RDF file extension/);
  });
});
