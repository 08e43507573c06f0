/**
 * Link sets: SSSOM (with mapping-set metadata), Turtle, JSON-LD and nomenklatura judgements. Positive
 * links only from verified identifiers in the graph; negative links for verified distinctions.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { buildFtmExport } from '../src/ftm/export.js';
import { buildLinkSets, judgementPair, type LinkSets } from '../src/ftm/linksets.js';
import { graphFrom } from '../src/ftm/source.js';
import { parseSssomRows, sssomMappingDate } from '../src/mapping/sssom.js';
import { dataFiles } from '../src/data/paths.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'ftm', 'graph.trig');
const LINKS = join(import.meta.dirname, '..', 'data', 'links');

describe('link sets', () => {
  let sets: LinkSets;
  before(async () => {
    const g = await graphFrom([FIXTURE]);
    sets = await buildLinkSets(g, await buildFtmExport(g), { date: '2026-11-29', version: '0.1.0' });
    await g.close();
  });

  it('positive links come only from identifiers stated in the graph', () => {
    const exact = sets.links.filter((l) => l.kind === 'exact').map((l) => l.object).sort();
    assert.deepEqual(exact, ['http://www.wikidata.org/entity/Q159', 'http://www.wikidata.org/entity/Q30', 'http://www.wikidata.org/entity/Q503577']);
    assert.ok(!/ofac-|NK-|lei-/.test(sets.sssom), 'no unverified OFAC/OpenSanctions/LEI identifier');
  });

  it('negative links: the Kaspersky companies are distinct; Eugene Kaspersky is none of the designated persons', () => {
    const diff = sets.links.filter((l) => l.kind === 'different');
    const companies = diff.filter((l) => !l.subject.includes('/person/'));
    assert.equal(companies.length, 6, 'four companies of the group, pairwise');
    const eugene = diff.filter((l) => l.subject.endsWith('person/eugene-kaspersky'));
    assert.equal(eugene.length, 12);
  });

  it('SSSOM has mapping-set metadata and declared extension columns', () => {
    assert.match(sets.sssom, /^# mapping_set_id: https:\/\/w3id\.org\/kaspersky-kg\/links\/links\.sssom\.tsv$/m);
    assert.match(sets.sssom, /^# license: https:\/\/creativecommons\.org\/licenses\/by\/4\.0\/$/m);
    assert.match(sets.sssom, /^#   - slot_name: subject_ftm_id$/m);
    assert.equal(sssomMappingDate(sets.sssom), '2026-11-29');
    const rows = parseSssomRows(sets.sssom);
    assert.equal(rows.length, sets.links.length);
    assert.ok(rows.every((r) => r.mapping_justification === 'semapv:ManualMappingCuration'));
    assert.ok(rows.some((r) => r.predicate_id === 'skos:exactMatch' && r.object_id === 'wd:Q503577' && r.evidence_identifier === 'wikidataId=Q503577'));
  });

  it('Turtle and JSON-LD carry the same links', () => {
    const quads = new Parser().parse(sets.turtle);
    const links = quads.filter((q) => q.predicate.value.endsWith('#exactMatch') || q.predicate.value.endsWith('#differentFrom'));
    assert.equal(links.length, sets.links.length);
    const doc = JSON.parse(sets.jsonld) as { '@graph': Record<string, unknown>[] };
    const n = doc['@graph'].reduce((s, node) => s + ((node['skos:exactMatch'] as unknown[] | undefined)?.length ?? 0) + ((node['owl:differentFrom'] as unknown[] | undefined)?.length ?? 0), 0);
    assert.equal(n, sets.links.length);
  });

  it('judgements follow the nomenklatura resolver format and pair order', () => {
    const rows = sets.judgements.trim().split('\n').map((l) => JSON.parse(l) as [string, string, string, number | null, string, string]);
    assert.ok(rows.some((r) => r[0] === 'Q503577' && r[2] === 'positive' && r[3] === 1));
    assert.ok(rows.filter((r) => r[2] === 'negative').length >= 18);
    for (const r of rows) {
      assert.equal(r.length, 6);
      assert.deepEqual(judgementPair(r[0], r[1]), [r[0], r[1]]);
      assert.match(r[5], /^\d{4}-\d{2}-\d{2}T/);
    }
    assert.deepEqual(judgementPair('kkg-a', 'Q1'), ['Q1', 'kkg-a']);
    assert.deepEqual(judgementPair('NK-x', 'kkg-z'), ['NK-x', 'kkg-z']);
  });

  it('data/links is up to date with the package graph (regenerate: npx kaspersky-kg export --format ftm --links data/links)', async () => {
    const file = join(LINKS, 'links.sssom.tsv');
    // data/links/ and data/*.trig are in the repository
    assert.ok(existsSync(file), `${file} is missing (regenerate: npx kaspersky-kg export --format ftm --links data/links)`);
    assert.ok(dataFiles.length > 0 && dataFiles.every(existsSync), 'the data files (data/*.trig) are missing');
    const committed = readFileSync(file, 'utf8');
    const g = await graphFrom(dataFiles.filter(existsSync));
    const fresh = await buildLinkSets(g, await buildFtmExport(g), { date: sssomMappingDate(committed)!, version: /^# mapping_set_version: "?([^"\n]+)"?$/m.exec(committed)![1]! });
    await g.close();
    assert.equal(fresh.sssom, committed);
    assert.equal(fresh.judgements, readFileSync(join(LINKS, 'judgements.ijson'), 'utf8'));
  });
});
