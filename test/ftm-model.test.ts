/**
 * The FtM export on the published model (issue 10): its facts are exactly plain triples of licensed
 * propositions, nothing an unlicensed or denying claim says becomes an FtM property, and a statement's
 * as-published spelling comes from its own origin's words. Runs on the package data, reasoning from the
 * model and the sources (OFAC designated twelve executives, not the company; C21 is contradicted).
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { buildFtmExport, factKey, type Fact, type FtmExport } from '../src/ftm/export.js';
import { graphFrom } from '../src/ftm/source.js';
import { dataFiles } from '../src/data/paths.js';
import { ID, KG, PREFIXES } from '../src/namespaces.js';
import type { KasperskyGraph } from '../src/graph.js';

const RDF = PREFIXES.rdf;

describe('FtM export on the published model (package data)', function () {
  let g: KasperskyGraph;
  let x: FtmExport;
  before(async () => {
    const files = [...dataFiles]; // data/*.trig, always in the repository
    assert.ok(files.length > 0 && files.every(existsSync), 'the data files (data/*.trig) are missing');
    g = await graphFrom(files);
    x = await buildFtmExport(g);
  });
  after(async () => g?.close());

  const keyOf = (r: Record<string, { termType: string; value: string; language?: string; datatype?: { value: string } } | undefined>): string => {
    const o = r.o!;
    const f: Fact = { s: r.s!.value, p: r.p!.value, o: o.value, iri: o.termType === 'NamedNode' };
    if (o.termType === 'Literal') {
      if (o.language) f.lang = o.language;
      else if (o.datatype && o.datatype.value !== `${PREFIXES.xsd}string`) f.datatype = o.datatype.value;
    }
    return factKey(f);
  };

  it('reads only facts that a licensed claim states (kg:licensed true), never a proposition only unlicensed or denying claims hold', async () => {
    const licensed = new Set((await g.select(`SELECT ?s ?p ?o WHERE { ?c <${KG}states> ?x ; <${KG}licensed> true . ?x <${RDF}subject> ?s ; <${RDF}predicate> ?p ; <${RDF}object> ?o }`)).map(keyOf));
    const claimedOnly = (await g.select(`SELECT ?s ?p ?o WHERE {
      { ?c <${KG}states> ?x ; <${KG}licensed> false } UNION { ?c <${KG}denies> ?x }
      ?x <${RDF}subject> ?s ; <${RDF}predicate> ?p ; <${RDF}object> ?o .
      FILTER NOT EXISTS { ?l <${KG}states> ?x ; <${KG}licensed> true }
    }`)).map(keyOf);
    assert.ok(claimedOnly.length > 0, 'the data has claims that are not facts (C21, C33...)');
    const read = new Set(x.facts.map(factKey));
    for (const k of claimedOnly) assert.ok(!read.has(k), `unlicensed proposition exported as a fact: ${k}`);
    // rdf:type of typed resources aside, every fact read is a licensed proposition
    for (const f of x.facts) assert.ok(licensed.has(factKey(f)), `not a licensed proposition: ${factKey(f)}`);
  });

  it('exports no OFAC sanction on the Kaspersky company or group (the sources: OFAC designated twelve executives, not Kaspersky Lab)', () => {
    const idOf = (iri: string) => x.ids.find((i) => i.iri === iri && i.kind === 'entity')?.id;
    const companies = [`${ID}kaspersky`, `${ID}ao-kaspersky-lab`, `${ID}kaspersky-lab-inc`].map(idOf).filter((i): i is string => i !== undefined);
    assert.ok(companies.length >= 2);
    const ofac = x.entities.filter((e) => e.schema === 'Sanction' && e.properties.programId?.includes('US-RUSHAR'));
    assert.equal(ofac.length, 12, 'twelve designated executives');
    for (const s of ofac) for (const c of companies) assert.ok(!s.properties.entity?.includes(c), `OFAC sanction on ${c}`);
  });

  it("takes a statement's as-published spelling from its own origin's quote, never another source's", async () => {
    const rows = await g.select(`SELECT ?doc ?quote WHERE { ?c <${KG}licensed> true ; <${KG}evidence> ?e . ?e <${KG}document> ?doc ; <${KG}quote> ?quote }`);
    const quotes = new Map<string, string[]>();
    for (const r of rows) quotes.set(r.doc!.value, [...(quotes.get(r.doc!.value) ?? []), r.quote!.value]);
    // names are the values whose published spelling is read from quotes (codes and program keys are derived)
    const withOriginal = x.statements.filter((s) => s.original_value !== null && s.origin !== null && s.prop_type === 'name');
    // (the fixture test checks that such spellings are found at all: TIKHONOV)
    for (const s of withOriginal) {
      const own = quotes.get(s.origin!) ?? [];
      assert.ok(own.some((q) => q.includes(s.original_value!)), `${s.prop}=${s.value}: "${s.original_value}" is not in the words of ${s.origin}`);
    }
  });
});
