/**
 * CSV for people without RDF tools: a nodes table and an edges table of the default graph (facts view,
 * claims, evidence, sentences, sources) and a statements table of what the claims say, UTF-8, RFC 4180 quoting and LF line ends (the package's one CSV
 * writer, `io/csv.ts`), header names that pandas, Gephi (`Id`, `Label`, `Source`,
 * `Target`, `Type`) and Neo4j's `LOAD CSV WITH HEADERS` read as they are.
 *
 * - `nodes.csv`: `Id` (full IRI), `Label`, `kind` (entity, claim, sentence, source, concept, external),
 *   `types` (context terms or compact IRIs, e.g. `Company`), `date` (the earliest date-typed value), one `label_<lang>` column per label
 *   language, one column per literal property (named by its context term, e.g. `effectiveOn`), and
 *   `claims` / `sources`: the keys of the claims that state or deny something about the node, and their
 *   source documents.
 * - `edges.csv`: one row per IRI-valued triple (rdf:type excepted): `Source`, `Target`, `Type` (Directed),
 *   `Label` (the property's term), `predicate` (full IRI), and the claims stating the triple and their sources.
 * - `statements.csv` (like OpenSanctions' statements): one row per (proposition, claim, evidence source):
 *   `subject`, `predicate`, `object` (IRI or lexical form), `object_datatype`, `object_language`, `claim`
 *   (IRI), `claim_key`, `stance` (`states` or `denies`), `modality`, `verification`, `licensed` (`true`:
 *   the triple is a fact of the facts view), `source` (the evidence's document), `quote` (that source's
 *   words), `paraphrase`. A claim without evidence nodes has one row per proposition with its sources.
 * Proposition nodes are the rows of `statements.csv`, not nodes: `nodes.csv` and `edges.csv` leave them
 * (and the `kg:states` / `kg:denies` edges to them) out, so no edge of those tables is a claimed triple.
 * Several values in one cell are joined with ` | `. Every edge endpoint is a row of `nodes.csv`.
 * @module
 */
import type { Quad } from 'n3';
import { kg } from '../generated/vocab.js';
import { PREFIXES, RDF_TYPE, XSD } from '../namespaces.js';
import { packageContext, type ContextDefinition } from './context.js';
import { compactorFor } from './jsonld.js';
import { codeUnitCompare, naturalKey } from '../rdf/order.js';
import { modelView, type ModelView } from '../model/view.js';
import { writeCsv } from '../io/csv.js';

const RDFS_LABEL = `${PREFIXES.rdfs}label`;
const DATE_TYPES = new Set([`${XSD}date`, `${XSD}dateTime`, `${XSD}gYear`, `${XSD}gYearMonth`]);
const RESERVED_COLUMNS = new Set(['Id', 'Label', 'kind', 'types', 'date', 'claims', 'sources']);
/** The separator of several values in one cell. */
export const CSV_MULTI_SEPARATOR = ' | ';

function csvTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return writeCsv([header, ...rows]);
}

function natural(a: string, b: string): number {
  return codeUnitCompare(naturalKey(a), naturalKey(b)) || codeUnitCompare(a, b);
}

function join(values: Iterable<string>): string {
  return [...new Set(values)].sort(natural).join(CSV_MULTI_SEPARATOR);
}

/** The CSV tables. */
export interface CsvTables {
  /** `nodes.csv` text. */
  readonly nodes: string;
  /** `edges.csv` text. */
  readonly edges: string;
  /** `statements.csv` text. */
  readonly statements: string;
}

/** The columns of `statements.csv`. */
export const STATEMENT_COLUMNS = ['subject', 'predicate', 'object', 'object_datatype', 'object_language', 'claim', 'claim_key', 'stance', 'modality', 'verification', 'licensed', 'source', 'quote', 'paraphrase'] as const;

function termCell(t: Quad['subject'] | Quad['object']): string {
  return t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
}

/** The statements table (see the module documentation): one row per (proposition, claim, evidence source). */
export function statementRows(view: ModelView, vocab: (iri: string) => string): string[][] {
  const rows: Array<{ row: string[]; k: string[] }> = [];
  for (const c of view.claims) {
    const info = view.claimInfo(c);
    if (!info) continue;
    const evidence = info.evidence.map((e) => view.evidence(e)).filter((e) => e !== undefined);
    const said: Array<[string, string, string, string]> = evidence.length
      ? evidence.map((e) => [e.document ?? '', e.quotes.join(CSV_MULTI_SEPARATOR), e.paraphrase ? 'true' : e.quotes.length ? 'false' : '', e.iri])
      : [[info.sources.join(CSV_MULTI_SEPARATOR), '', '', '']];
    for (const [stance, list] of [['states', info.states], ['denies', info.denies]] as const) {
      for (const pk of list) {
        const p = view.propositions.get(pk);
        if (!p) continue;
        const o = p.object;
        const lit = o.termType === 'Literal';
        for (const [source, quote, paraphrase, evidenceIri] of said) {
          const row = [
            termCell(p.subject),
            p.predicate.value,
            termCell(o),
            lit && !o.language ? o.datatype.value : '',
            lit ? o.language : '',
            c,
            info.key ?? '',
            stance,
            info.modality ? vocab(info.modality) : '',
            info.verification ? vocab(info.verification) : '',
            info.licensed === undefined ? '' : String(info.licensed),
            source,
            quote,
            paraphrase,
          ];
          rows.push({ row, k: [row[0]!, row[1]!, row[2]!, row[3]!, row[4]!, row[6]! || c, c, stance, source, quote, paraphrase, evidenceIri] });
        }
      }
    }
  }
  rows.sort((a, b) => {
    for (let i = 0; i < a.k.length; i++) {
      const d = natural(a.k[i]!, b.k[i]!);
      if (d) return d;
    }
    return 0;
  });
  return rows.map((r) => r.row);
}

/** The default graph as nodes and edges CSV tables, and the claims' statements (see the module documentation for the columns). */
export function toCsv(quads: readonly Quad[], options: { context?: ContextDefinition; view?: ModelView } = {}): CsvTables {
  const c = compactorFor(options.context ?? packageContext());
  const view = options.view ?? modelView(quads);
  const labelOf = new Map<string, string>();
  for (const q of quads) {
    // Labels of ontology concepts (kg:Asserted …) come from the ontology graph, when it is present.
    if (q.graph.termType === 'NamedNode' && q.predicate.value === RDFS_LABEL && q.object.termType === 'Literal' && (q.object.language === 'en' || !labelOf.has(q.subject.value))) {
      labelOf.set(q.subject.value, q.object.value);
    }
  }
  interface Node { id: string; types: Set<string>; labels: Map<string, string[]>; props: Map<string, string[]>; dates: string[] }
  const nodes = new Map<string, Node>();
  const node = (t: Quad['subject'] | Quad['object']): Node => {
    const id = t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { id, types: new Set(), labels: new Map(), props: new Map(), dates: [] }));
    return n;
  };
  const columnOf = new Map<string, string>();
  const taken = new Set<string>();
  const column = (p: string): string => {
    let col = columnOf.get(p);
    if (!col) {
      col = c.vocab(p).replace(/^([A-Za-z][\w-]*):/, '$1_');
      if (RESERVED_COLUMNS.has(col) || col.startsWith('label_') || taken.has(col)) col = `prop_${c.vocab(p).replace(/[^\w-]/g, '_')}`;
      taken.add(col);
      columnOf.set(p, col);
    }
    return col;
  };
  const edges: string[][] = [];
  for (const q of quads) {
    if (q.graph.termType !== 'DefaultGraph') continue;
    // Propositions are statements.csv rows: neither nodes nor edge endpoints here.
    if (view.kindOf(termCell(q.subject)) === 'proposition') continue;
    if ((q.predicate.value === kg.states || q.predicate.value === kg.denies) && q.object.termType !== 'Literal') continue;
    const s = node(q.subject);
    const p = q.predicate.value;
    const o = q.object;
    if (p === RDF_TYPE && o.termType === 'NamedNode') {
      s.types.add(c.vocab(o.value));
      continue;
    }
    if (o.termType === 'Literal') {
      if (p === RDFS_LABEL) {
        const lang = o.language || 'none';
        const l = s.labels.get(lang) ?? [];
        l.push(o.value);
        s.labels.set(lang, l);
        continue;
      }
      const col = column(p);
      const l = s.props.get(col) ?? [];
      l.push(o.value);
      s.props.set(col, l);
      if (DATE_TYPES.has(o.datatype.value)) s.dates.push(o.value);
      continue;
    }
    const target = node(o);
    const claims = view.statedBy(q);
    edges.push([
      s.id,
      target.id,
      'Directed',
      c.vocab(p),
      p,
      join(claims.map((x) => view.claimInfo(x)?.key ?? c.id(x))),
      join(claims.flatMap((x) => view.claimInfo(x)?.sources ?? []).map((x) => c.id(x))),
    ]);
  }
  const langs = [...new Set([...nodes.values()].flatMap((n) => [...n.labels.keys()]))].sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : codeUnitCompare(a, b)));
  const cols = [...new Set(columnOf.values())].sort(natural);
  const header = ['Id', 'Label', 'kind', 'types', 'date', ...langs.map((l) => `label_${l}`), ...cols, 'claims', 'sources'];
  const rows = [...nodes.values()]
    .sort((a, b) => natural(a.id, b.id))
    .map((n) => {
      const kind = n.id.startsWith('_:') ? 'entity' : view.kindOf(n.id);
      const best =
        pick(n.labels.get('en')) ?? pick(n.labels.get('none')) ?? langs.map((l) => pick(n.labels.get(l))).find((x) => x !== undefined) ?? labelOf.get(n.id) ?? localName(n.id);
      const mentions = [...(view.mentions.get(n.id) ?? [])];
      return [
        n.id,
        best,
        kind,
        join(n.types),
        [...n.dates].sort()[0] ?? '',
        ...langs.map((l) => join(n.labels.get(l) ?? [])),
        ...cols.map((col) => join(n.props.get(col) ?? [])),
        join(mentions.map((x) => view.claimInfo(x)?.key ?? c.id(x))),
        join(mentions.flatMap((x) => view.claimInfo(x)?.sources ?? []).map((x) => c.id(x))),
      ];
    });
  edges.sort((a, b) => natural(a[0]!, b[0]!) || natural(a[3]!, b[3]!) || natural(a[4]!, b[4]!) || natural(a[1]!, b[1]!));
  return {
    nodes: csvTable(header, rows),
    edges: csvTable(['Source', 'Target', 'Type', 'Label', 'predicate', 'claims', 'sources'], edges),
    statements: csvTable(STATEMENT_COLUMNS, statementRows(view, (x) => c.vocab(x))),
  };
}

function pick(values: readonly string[] | undefined): string | undefined {
  return values && values.length ? [...values].sort(natural)[0] : undefined;
}

function localName(iri: string): string {
  const m = /[^/#:]+$/.exec(iri);
  return m ? m[0] : iri;
}
