/**
 * Round trip: FtM export → import back → the same facts for everything FtM can express. What FtM cannot
 * express is listed (with reasons) in FTM_CANNOT_EXPRESS; this test checks that every lost fact is covered
 * by that list, that nothing is invented on import, and that the list does not grow unnoticed.
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildFtmExport } from '../src/ftm/export.js';
import { compareFacts, FTM_CANNOT_EXPRESS, importFtm, subjectKinds } from './support/ftm-import.js';
import { graphFrom } from '../src/ftm/source.js';
import { dataFiles } from '../src/data/paths.js';
import { parseStatementsCsv, statementsCsv } from '../src/ftm/statements.js';
import { entitiesJsonl } from '../src/ftm/export.js';
import type { FtmEntity } from '../src/ftm/entity.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'ftm', 'graph.trig');

/** The frozen list. Growing FTM_CANNOT_EXPRESS must be a deliberate edit of both. */
const FROZEN_CANNOT_EXPRESS = [
  'party a kg:CorporateGroup', 'party a kg:Organization', 'party a kg:GovernmentBody', 'party a kg:Administration', 'party kg:birthPlace',
  'party kg:headquarteredIn', 'party kg:subsidiary', 'party owl:sameAs', 'party skos:exactMatch', 'party kg:note', 'party kg:quantityDescription',
  'party kg:count', 'party kg:approximateCount', 'party kg:maximumCount', 'party kg:memberOfGroup', 'party kg:parentOrganization',
  'measure a kg:RegulatoryAction', 'measure a kg:Prohibition', 'measure a kg:Directive', 'measure a kg:StatutoryProhibition', 'measure a kg:ProcurementRemoval',
  'measure kg:legalBasis', 'measure kg:sanctionsProgram', 'measure kg:announcedIn', 'measure kg:target', 'measure kg:actor', 'measure skos:altLabel',
  'measure kg:scopeDescription', 'measure kg:quantityDescription', 'measure kg:count', 'measure kg:approximateCount', 'measure kg:maximumCount',
  'measure kg:eventStatus', 'measure kg:hasRestriction', 'measure kg:hasExemption', 'measure kg:restrictedProduct', 'measure kg:underAdministration',
  'measure kg:follows', 'measure kg:expands', 'measure kg:motivatedBy', 'measure kg:hasPart', 'measure kg:affects', 'measure kg:jurisdiction',
  'measure kg:signedOn', 'measure kg:occurredOn', 'measure kg:startedOn', 'measure kg:signatory', 'measure kg:duration', 'measure kg:note',
  'measure rdfs:comment', 'unexported',
];

async function roundTrip(files: string[]) {
  const g = await graphFrom(files);
  const x = await buildFtmExport(g);
  await g.close();
  // through the serialised forms, as a consumer would read them
  const entities = entitiesJsonl(x.entities).trim().split('\n').map((l) => JSON.parse(l) as FtmEntity);
  const statements = parseStatementsCsv(statementsCsv(x.statements));
  const imported = importFtm(entities, x.ids, statements);
  return { x, report: compareFacts(x.facts, imported, subjectKinds(x.ids)) };
}

describe('FtM round trip', () => {
  it('the list of what FtM cannot express does not grow by accident', () => {
    assert.deepEqual(Object.keys(FTM_CANNOT_EXPRESS).sort(), [...FROZEN_CANNOT_EXPRESS].sort());
  });

  it('fixture: every fact FtM can express comes back, nothing is invented', async () => {
    const { report } = await roundTrip([FIXTURE]);
    assert.deepEqual(report.spurious, []);
    const unexpected = [...report.lost.keys()].filter((k) => !(k in FTM_CANNOT_EXPRESS));
    assert.deepEqual(unexpected, [], `lost without a documented reason: ${unexpected.map((k) => JSON.stringify(report.lost.get(k))).join('\n')}`);
    assert.ok(report.kept > 150);
    // the designations, Entity List and ICTS targets, names, name parts, roles and structure survive
    assert.deepEqual([...report.lost.keys()].sort(), ['measure kg:announcedIn', 'measure kg:legalBasis', 'party a kg:CorporateGroup', 'party a kg:GovernmentBody', 'party kg:birthPlace']);
  });

  it('package data: lost facts are all covered by the documented list', async function () {
    const files = [...dataFiles]; // data/*.trig, always in the repository
    assert.ok(files.length > 0 && files.every(existsSync), 'the data files (data/*.trig) are missing');
    const { report, x } = await roundTrip(files);
    assert.deepEqual(report.spurious, []);
    const unexpected = [...report.lost.keys()].filter((k) => !(k in FTM_CANNOT_EXPRESS));
    assert.deepEqual(unexpected, [], `lost without a documented reason: ${unexpected.join(', ')}`);
    assert.ok(x.entities.length > 0);
  });
});

describe('docs/ftm.md', () => {
  it('documents the ID policy, the rekey log, the yente manifest and the programId namespace', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'ftm.md'), 'utf8');
    for (const s of ['### ID policy', 'Rekey log', 'manifest.yml', 'X-KKG-US-ICTS', 'FTM_CANNOT_EXPRESS']) assert.ok(doc.includes(s), s);
    // the yente manifest's dataset entry says where the export's entities are: yente reads them from
    // `entities_url` (a URL) or `path` (a file in the container), per opensanctions/yente docs/datasets.md
    const yaml = /## yente dataset manifest snippet[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(yaml, 'docs/ftm.md has a yaml block under "## yente dataset manifest snippet"');
    const entry = /^ {2}- name: kaspersky_kg\n((?: {4}.*\n)+)/m.exec(yaml)?.[1];
    assert.ok(entry, 'the manifest has a dataset entry named kaspersky_kg');
    assert.match(entry, /^ {4}(?:entities_url|path): \S*\/entities\.ftm\.json\b/m, 'the kaspersky_kg entry names the exported entities.ftm.json by entities_url or path');
    assert.match(entry, /^ {4}version: "\d+"/m, 'the kaspersky_kg entry has a monotonic version');
  });
});
