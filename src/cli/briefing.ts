/**
 * The briefing `npm start` prints (`kaspersky-kg briefing`): the briefing's data ({@link briefingData},
 * `src/briefing/data.ts`, read through the typed helpers) as wrapped text.
 * @module
 */
import type { KasperskyGraph } from '../graph.js';
import type { CustomerImpact, Evidence } from '../helpers/types.js';
import type { ActingParty } from '../briefing/queries.js';
import { briefingData, citations, citeSource, impactDescription, kindsText, type Briefing, type DenialRow } from '../briefing/data.js';

export { briefingData, citations, citeSource, sourceKind, splitImpacts, statementOf, timelineRows } from '../briefing/data.js';
export type { Briefing, SourceKind, SourceWords } from '../briefing/data.js';

/** Renders the briefing text from a graph (embedded or remote). */
export async function renderBriefing(kg: KasperskyGraph, width = 100): Promise<string> {
  return briefingText(await briefingData(kg), width);
}

/** Renders the briefing's data as text, wrapped at `width` columns. */
export function briefingText(b: Briefing, width = 100): string {
  const cite = (evidence: readonly Evidence[]) => citations(evidence).map(citeSource);
  const out: string[] = [];
  const rule = (title: string) => out.push('', title, '─'.repeat(Math.min(width, title.length)));
  const wrap = (text: string, indent: string, hanging = indent) => {
    const words = text.split(/\s+/);
    let line = indent;
    for (const w of words) {
      if (line.length + w.length + 1 > width && line.trim()) (out.push(line.trimEnd()), (line = hanging));
      line += `${w} `;
    }
    if (line.trim()) out.push(line.trimEnd());
  };
  const list = (rows: Iterable<string>, indent = '  ') => {
    const seen = new Set<string>();
    for (const r of rows) if (!seen.has(r)) (seen.add(r), wrap(r, indent, `${indent}    `));
  };

  out.push('Kaspersky and the US government, 2017–2024 — a briefing from the kaspersky-kg knowledge graph');
  out.push(`(${b.counts.facts} facts established by the sources, ${b.counts.claims} sourced claims; every line below is traceable to its source)`);

  rule('Parties');
  out.push('  Acting:');
  const party = (a: ActingParty) => `${a.label}${a.partOf.length ? ` (part of ${a.partOf[0]})` : ''}: ${a.did.join('; ')}`;
  list(b.acting.filter((a) => !a.reactingOnly).map(party), '    ');
  if (b.acting.some((a) => a.reactingOnly)) {
    out.push('  Reacting:');
    list(b.acting.filter((a) => a.reactingOnly).map(party), '    ');
  }
  const personCount = b.people.length;
  wrap(`Targeted: ${b.targets.join('; ')}${personCount ? `; and ${personCount} executives designated by name (below)` : ''}.`, '  ', '    ');

  rule('Timeline of actions (only what the sources establish)');
  const rows: string[] = [];
  for (const t of b.timeline) {
    const row = `${t.date.padEnd(10)}  ${t.label}${t.words.length ? ` (${t.words.join(', ')})` : ''}${t.who ? ` — ${t.who}` : ''}`;
    if (!rows.includes(row)) rows.push(row);
  }
  list(rows);

  const showDenials = (ds: readonly DenialRow[]) => {
    for (const d of ds) {
      list([`Not the case: ${d.statement.replace(/\.$/, '')} — according to:`]);
      list(cite(d.evidence), '      ');
    }
  };

  rule(`Sanctioned people (${personCount})`);
  list(b.people.map((p) => `${p.name}${p.roleTitle ? ` — ${p.roleTitle}` : ''}${p.organizationLabel ? `, ${p.organizationLabel}` : ''}${p.date ? ` (designated ${p.date})` : ''}`));
  showDenials(b.denials.designations);

  rule('What customers and resellers lose, and when');
  const impactRow = (i: CustomerImpact) => `${(i.date ?? 'undated').padEnd(10)}  ${i.label}${impactDescription(i)}`;
  list(b.losses.map(impactRow));
  if (b.exemptions.length || b.denials.customers.length) {
    rule('What stays allowed');
    list(b.exemptions.map((i) => `${i.label}${impactDescription(i)}`));
    showDenials(b.denials.customers);
  }
  if (b.offers.length) {
    rule('What customers are offered');
    list(b.offers.map(impactRow));
  }
  if (b.denials.other.length) {
    rule('What the sources say did not happen');
    showDenials(b.denials.other);
  }

  rule('Article claims that other sources contradict or qualify');
  const shownBy = new Set<string>();
  for (const g of b.contested) {
    wrap(`${g.key}: the article says “${g.quote ?? g.statement ?? ''}”`, '  ', '      ');
    for (const c of g.by) {
      const verb = c.relation === 'contradicts' ? 'Contradicted' : 'Qualified';
      const kinds = kindsText(c.citations);
      const head = `${verb} by ${kinds.text} ${kinds.plural ? 'sources' : 'source'} (${c.byKey}: ${c.byStatement})`;
      // a contradicting claim's sources are quoted once; later mentions point back to them
      if (shownBy.has(c.by)) wrap(`${head}, quoted above.`, '    ', '      ');
      else {
        shownBy.add(c.by);
        wrap(`${head}:`, '    ', '      ');
        list(c.citations.map(citeSource), '      ');
      }
    }
  }
  out.push('');
  return out.join('\n');
}
