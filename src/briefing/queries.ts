/**
 * What the briefing reads that no typed helper answers: who acted against the group (actors of actions
 * against its companies or its people, and of statements about those actions, with their parent
 * organisations), who signed each signed instrument, and every quote of some evidence nodes (a helper's
 * `Evidence.quote` holds only the first of a source's quotes). Each is defined as a helper is
 * (`defineHelper`: one SPARQL text, parameters bound as RDF terms, a row mapper) and run with
 * `KasperskyGraph.run`; facts, claims, contradictions and denials come from the helpers themselves.
 * @module
 */
import type { KasperskyGraph } from '../graph.js';
import { defineHelper } from '../helpers/define.js';
import { iriParam } from '../query/terms.js';

/** An acting body: its label, the organisation it belongs to, and what it did. */
export interface ActingParty {
  iri: string;
  label: string;
  /** The organisations it belongs to, nearest first (kg:parentOrganization). */
  partOf: string[];
  /** The labels of the actions it took against the group, or of its statements about them. */
  did: string[];
  /** True when it only made statements about the actions (kg:Statement ... kg:about), and is not a government body. */
  reactingOnly: boolean;
}

const bool = (v: string | undefined) => v === 'true' || v === '1';

/**
 * The actors of actions that target the group (bound to `?group`) or one of its companies, or a person
 * holding a role in one of them (the OFAC designations), and of statements about such actions (the State
 * Department's); members of the group itself are left out. One row per (actor, action or statement).
 */
const actingRows = defineHelper<{ group: string }, { iri: string; label: string; what: string; statement: boolean; gov: boolean }[]>()({
  name: 'briefingActingParties',
  description: 'Parties that acted against a corporate group (or commented on such actions), with what they did.',
  // ?group is projected by the sub-select so that the bound value constrains it (see defineHelper).
  distinct: true,
  select: ['actor', 'label', 'claimedLabel', 'what', 'whatLabel', 'statement', 'gov'],
  where: `
  { SELECT DISTINCT ?a ?group WHERE {
      { ?a kg:target/(kg:memberOfGroup|kg:parentOrganization)* ?group }
      UNION { ?a kg:target ?person . ?role kg:person ?person ; kg:organization/(kg:memberOfGroup|kg:parentOrganization)* ?group }
  } }
  { ?a kg:actor ?actor BIND(?a AS ?what) BIND(false AS ?statement) } UNION { ?what kg:about ?a ; kg:actor ?actor BIND(true AS ?statement) }
  FILTER NOT EXISTS { ?actor (kg:memberOfGroup|kg:parentOrganization)* ?group }
  OPTIONAL { ?actor rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?px rdf:subject ?actor ; rdf:predicate rdfs:label ; rdf:object ?claimedLabel FILTER(LANGMATCHES(LANG(?claimedLabel), "en")) }
  OPTIONAL { ?what rdfs:label ?whatLabel FILTER(LANGMATCHES(LANG(?whatLabel), "en")) }
  BIND(EXISTS { ?actor a kg:GovernmentBody } AS ?gov)
`,
  bind: (p) => ({ group: iriParam('group', p.group) }),
  map: (rows) =>
    rows.map((r) => ({
      iri: r.actor!.value, label: r.label?.value ?? r.claimedLabel?.value ?? r.actor!.value, what: r.whatLabel?.value ?? r.what!.value,
      statement: bool(r.statement?.value), gov: bool(r.gov?.value),
    })),
});

/** Every organisation's parent organisation (kg:parentOrganization), with the parent's label. */
const parentOrganizations = defineHelper<undefined, Map<string, { iri: string; label: string }>>()({
  name: 'briefingParentOrganizations',
  description: 'Each organisation\'s parent organisation, with its label.',
  distinct: true,
  select: ['x', 'up', 'upLabel'],
  where: ` ?x kg:parentOrganization ?up . OPTIONAL { ?up rdfs:label ?upLabel FILTER(LANGMATCHES(LANG(?upLabel), "en")) } `,
  map: (rows) => new Map(rows.map((r) => [r.x!.value, { iri: r.up!.value, label: r.upLabel?.value ?? r.up!.value }])),
});

/**
 * Every party that acted against the group `group`: the actors of actions that target the group or one of
 * its companies, or a person holding a role in one of them (the OFAC designations), and of statements
 * about such actions (the State Department's). Members of the group itself are not acting parties; a
 * non-governmental party that only commented (resellers) is marked `reactingOnly`.
 */
export async function actingParties(kg: KasperskyGraph, group: string): Promise<ActingParty[]> {
  const [rows, up] = await Promise.all([kg.run(actingRows, { group }), kg.run(parentOrganizations, undefined)]);
  const out = new Map<string, ActingParty & { acted: boolean; gov: boolean }>();
  for (const r of rows) {
    let a = out.get(r.iri);
    if (!a) {
      const partOf: string[] = [];
      const seen = new Set([r.iri]);
      for (let p = up.get(r.iri); p && !seen.has(p.iri); p = up.get(p.iri)) (seen.add(p.iri), partOf.push(p.label));
      out.set(r.iri, (a = { iri: r.iri, label: r.label, partOf, did: [], reactingOnly: false, acted: false, gov: r.gov }));
    }
    if (!a.did.includes(r.what)) a.did.push(r.what);
    if (!r.statement) a.acted = true;
  }
  return [...out.values()]
    .map(({ acted, gov, ...a }) => ({ ...a, did: a.did.sort(), reactingOnly: !acted && !gov }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Who signed each signed instrument (`kg:signatory`): instrument IRI → signatory labels, sorted. */
const signatoryHelper = defineHelper<undefined, Map<string, string[]>>()({
  name: 'briefingSignatories',
  description: 'Who signed each signed instrument.',
  distinct: true,
  select: ['x', 'who', 'label'],
  where: ` ?x kg:signatory ?who . OPTIONAL { ?who rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) } `,
  map: (rows) => {
    const out = new Map<string, string[]>();
    for (const r of rows) {
      const l = out.get(r.x!.value) ?? [];
      const name = r.label?.value ?? r.who!.value;
      if (!l.includes(name)) l.push(name);
      out.set(r.x!.value, l.sort());
    }
    return out;
  },
});

/** Who signed each signed instrument (`kg:signatory`): instrument IRI → signatory labels. */
export function signatories(kg: KasperskyGraph): Promise<Map<string, string[]>> {
  return kg.run(signatoryHelper, undefined);
}

