/**
 * FtM export: schema mapping, ID policy, validation (model + value rules), statements with sources and
 * as-published spellings, and the CLI. Runs on the test fixture graph (test/fixtures/ftm/graph.trig).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFtmExport, programIdFor, type FtmExport } from '../src/ftm/export.js';
import { authorityIdFrom, entityId, REKEYS } from '../src/ftm/ids.js';
import { FTM_MODEL_VERSION } from '../src/ftm/model.js';
import { graphFrom } from '../src/ftm/source.js';
import { parseStatementsCsv } from '../src/ftm/statements.js';
import { isValidInn, isValidLei, isValidOgrn, validateEntities } from '../src/ftm/validate.js';
import { runFtmExport } from '../src/ftm/cli.js';
import { ID, KG } from '../src/namespaces.js';
import type { FtmEntity } from '../src/ftm/entity.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'ftm', 'graph.trig');

describe('FtM export (fixture graph)', () => {
  let x: FtmExport;
  const byIri = (iri: string) => {
    const id = x.ids.find((i) => i.iri === iri && i.kind === 'entity')?.id;
    return x.entities.find((e) => e.id === id);
  };
  before(async () => {
    const g = await graphFrom([FIXTURE]);
    x = await buildFtmExport(g);
    await g.close();
  });

  it('pins the FtM model version it validates against', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(pkg.dependencies['@opensanctions/followthemoney'], FTM_MODEL_VERSION);
  });

  it('every entity validates against the pinned model and the value rules', () => {
    assert.deepEqual(validateEntities(x.entities), []);
  });

  it('maps companies, people, bodies, roles and measures to the FtM schemata', () => {
    assert.equal(byIri(`${ID}ao-kaspersky-lab`)?.schema, 'Company');
    assert.equal(byIri(`${ID}kaspersky`)?.schema, 'Organization');
    assert.equal(byIri(`${ID}ofac`)?.schema, 'PublicBody');
    const tikhonov = byIri(`${ID}person/andrei-gennadyevich-tikhonov`)!;
    assert.equal(tikhonov.schema, 'Person');
    assert.deepEqual(tikhonov.properties.firstName, ['Andrei']);
    assert.deepEqual(tikhonov.properties.fatherName, ['Gennadyevich']);
    assert.deepEqual(tikhonov.properties.lastName, ['Tikhonov']);
    const emp = x.entities.filter((e) => e.schema === 'Employment');
    const dir = x.entities.filter((e) => e.schema === 'Directorship');
    assert.equal(emp.length, 12);
    assert.equal(dir.length, 4, 'four executives are reported as board members');
    assert.ok(dir.every((d) => d.properties.role!.some((r) => /board/i.test(r))));
  });

  it('emits one Sanction per party and measure, with OpenSanctions programId keys and a namespaced ICTS key', () => {
    const sanctions = x.entities.filter((e) => e.schema === 'Sanction');
    const count = (pid: string) => sanctions.filter((s) => s.properties.programId?.includes(pid)).length;
    assert.equal(count('US-RUSHAR'), 12);
    assert.equal(count('US-BIS-EL'), 3);
    assert.equal(count('X-KKG-US-ICTS'), 1);
    const ictsSanction = sanctions.find((s) => s.properties.programId?.includes('X-KKG-US-ICTS'))!;
    assert.equal(ictsSanction.properties.entity![0], byIri(`${ID}kaspersky-lab-inc`)!.id);
    assert.ok(ictsSanction.properties.authorityId!.includes('ICTS-2021-002'));
    assert.ok(ictsSanction.properties.authorityId!.includes('2024-13532'));
    assert.equal(programIdFor([`${KG}CoveredListAddition`], []), 'US-FCC');
  });

  it('marks designated and listed parties as targets, and Eugene Kaspersky as not designated', () => {
    const eugene = byIri(`${ID}person/eugene-kaspersky`)!;
    assert.equal(eugene.target, false);
    assert.ok(!eugene.properties.topics?.includes('sanction'));
    assert.ok(!x.entities.some((e) => e.schema === 'Sanction' && e.properties.entity?.includes(eugene.id)), 'the contradicted claim must not export');
    assert.equal(byIri(`${ID}person/anna-vladimirovna-kulashova`)!.target, true);
    assert.deepEqual(byIri(`${ID}ao-kaspersky-lab`)!.properties.topics, ['export.control']);
  });

  it('IDs follow the documented policy: kkg- + sha1(dataset, IRI), no personal data', () => {
    const tikhonov = byIri(`${ID}person/andrei-gennadyevich-tikhonov`)!;
    assert.equal(tikhonov.id, entityId(`${ID}person/andrei-gennadyevich-tikhonov`));
    assert.equal(tikhonov.id, 'kkg-3de974146a38dfd932a223c529154fcb8a52e1d2', 'exported IDs never change without a rekey entry');
    for (const e of x.entities) {
      assert.match(e.id, /^kkg-[0-9a-f]{40}$/);
      assert.ok(!/tikhonov|kaspersky/i.test(e.id));
    }
    assert.deepEqual(REKEYS, []);
  });

  it('reuses an authority ID only from a verified sameAs to a shared OpenSanctions namespace', () => {
    assert.equal(authorityIdFrom(['http://www.wikidata.org/entity/Q30']), undefined);
    assert.equal(authorityIdFrom(['https://www.opensanctions.org/entities/ofac-123/']), 'ofac-123');
    assert.equal(authorityIdFrom(['https://www.opensanctions.org/entities/NK-abc/']), undefined);
  });

  it('writes a statement per value with its source document and the as-published spelling', () => {
    const tikhonov = byIri(`${ID}person/andrei-gennadyevich-tikhonov`)!;
    const name = x.statements.find((s) => s.entity_id === tikhonov.id && s.prop === 'name')!;
    assert.equal(name.value, 'Andrei Gennadyevich Tikhonov');
    assert.equal(name.original_value, 'Andrei Gennadyevich TIKHONOV');
    assert.equal(name.origin, `${ID}source/techreport-2024-06-25`);
    assert.equal(name.lang, 'eng');
    assert.match(name.id, /^[0-9a-f]{40}$/);
    const base = x.statements.find((s) => s.entity_id === tikhonov.id && s.prop === 'id');
    assert.ok(base, 'base statement records the entity');
    for (const e of x.entities) {
      for (const [prop, vals] of Object.entries(e.properties)) {
        for (const v of vals) assert.ok(x.statements.some((s) => s.entity_id === e.id && s.prop === prop && s.value === v), `${e.id} ${prop}=${v} has a statement`);
      }
    }
    const juris = x.statements.find((s) => s.entity_id === byIri(`${ID}ao-kaspersky-lab`)!.id && s.prop === 'jurisdiction')!;
    assert.equal(juris.original_value, 'Russia');
    assert.equal(new Set(x.statements.map((s) => s.id)).size, x.statements.length, 'statement IDs are unique');
  });

  it('is deterministic', async () => {
    const g = await graphFrom([FIXTURE]);
    const y = await buildFtmExport(g);
    await g.close();
    assert.deepEqual(y.entities, x.entities);
    assert.deepEqual(y.statements, x.statements);
  });
});

describe('FtM value validation', () => {
  const base = (props: Record<string, string[]>, schema = 'Person'): FtmEntity => ({ id: 'kkg-x', schema, properties: { name: ['X'], ...props } });
  const msgs = (e: FtmEntity[]) => validateEntities(e).map((i) => `${i.prop ?? ''}: ${i.message}`);
  it('rejects non-codes, bad dates, over-long values, unknown schemata and properties', () => {
    assert.match(msgs([base({ nationality: ['Russia'] })]).join(), /not an FtM country code/);
    assert.match(msgs([base({ birthDate: ['2024-13-01'] })]).join(), /not an ISO 8601 date prefix/);
    assert.match(msgs([base({ birthDate: ['2024-02-30'] })]).join(), /not an ISO 8601 date prefix/);
    assert.deepEqual(msgs([base({ birthDate: ['2024', '2024-06', '2024-06-21', '2024-06-21T10'] })]), []);
    assert.match(msgs([base({ name: ['x'.repeat(385)] })]).join(), /longer than 384/);
    assert.match(msgs([base({ nonsense: ['1'] })]).join(), /does not exist/);
    assert.match(msgs([{ id: 'kkg-x', schema: 'Nope', properties: {} }]).join(), /no such schema/);
    assert.match(msgs([{ id: 'kkg-x', schema: 'Thing', properties: { name: ['x'] } }]).join(), /abstract/);
    assert.match(msgs([base({ topics: ['sanctioned'] })]).join(), /not an FtM topic/);
  });
  it('checks entity references and ranges', () => {
    const org = { id: 'kkg-o', schema: 'Organization', properties: { name: ['O'] } };
    const own = { id: 'kkg-w', schema: 'Ownership', properties: { owner: ['kkg-x'], asset: ['kkg-o'] } };
    assert.match(msgs([base({}), org, own]).join(), /is a Organization, not a Asset/);
    assert.match(msgs([{ id: 'kkg-s', schema: 'Sanction', properties: { entity: ['kkg-missing'] } }]).join(), /not in the export/);
    assert.match(msgs([{ id: 'kkg-s', schema: 'Sanction', properties: {} }]).join(), /required property missing/);
  });
  it('checks identifier check digits (LEI, INN, OGRN)', () => {
    assert.ok(isValidLei('529900T8BM49AURSDO55'));
    assert.ok(!isValidLei('529900T8BM49AURSDO56'));
    assert.ok(isValidInn('7707083893'));
    assert.ok(!isValidInn('7707083894'));
    assert.ok(isValidOgrn('1027700132195'));
    assert.ok(!isValidOgrn('1027700132196'));
    assert.match(msgs([{ id: 'kkg-c', schema: 'Company', properties: { name: ['C'], leiCode: ['529900T8BM49AURSDO56'] } }]).join(), /invalid LEI/);
  });
});

describe('export --format ftm (CLI)', () => {
  it('writes entities, statements, the ID map and the rekey log atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kkg-ftm-'));
    try {
      const code = await runFtmExport(['export', '--format', 'ftm', '--out', dir, '--data', FIXTURE, '--seen', '2026-11-29T00:00:00']);
      assert.equal(code, 0);
      for (const f of ['entities.ftm.json', 'statements.csv', 'ids.tsv', 'rekeys.json']) assert.ok(existsSync(join(dir, f)), f);
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
      const lines = readFileSync(join(dir, 'entities.ftm.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FtmEntity);
      assert.ok(lines.every((e) => e.first_seen === '2026-11-29T00:00:00' && e.datasets?.[0] === 'kaspersky_kg'));
      const st = parseStatementsCsv(readFileSync(join(dir, 'statements.csv'), 'utf8'));
      assert.ok(st.some((s) => s.original_value === 'Andrei Gennadyevich TIKHONOV'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('refuses a missing or unknown format', async () => {
    assert.equal(await runFtmExport(['export', '--out', '/nonexistent']), 2);
    assert.equal(await runFtmExport(['export', '--format', 'csv']), 2);
  });
});
