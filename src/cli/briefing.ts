/**
 * The briefing `npm start` prints: the parties, a dated timeline of actions, who was sanctioned, what
 * users lose and when, and which of the article's claims official sources contradict.
 * @module
 */
import type { KasperskyGraph } from '../graph.js';
import { ID } from '../namespaces.js';

const GROUP = `${ID}kaspersky`;

/** Renders the briefing text from a graph (embedded or remote). */
export async function renderBriefing(kg: KasperskyGraph, width = 100): Promise<string> {
  const [against, timeline, people, impacts, contested, stats] = await Promise.all([
    kg.actionsAgainst(GROUP), kg.timeline(), kg.sanctionedPeople(), kg.customerImpacts(), kg.contestedClaims(),
    kg.run((await import('../helpers/queries.js')).graphStatistics, undefined),
  ]);
  const out: string[] = [];
  const rule = (title: string) => out.push('', title, '─'.repeat(Math.min(width, title.length)));
  const wrap = (text: string, indent: string) => {
    const words = text.split(/\s+/);
    let line = indent;
    for (const w of words) {
      if (line.length + w.length + 1 > width && line.trim()) (out.push(line.trimEnd()), (line = indent));
      line += `${w} `;
    }
    if (line.trim()) out.push(line.trimEnd());
  };

  out.push('Kaspersky and the US government, 2017–2024 — a briefing from the kaspersky-kg knowledge graph');
  out.push(`(${stats.facts} facts in the default graph, ${stats.claims} sourced claims; every line below is traceable to its source)`);

  rule('Parties');
  const actors = new Map<string, string>();
  for (const a of against) a.actors.forEach((iri, i) => actors.set(iri, a.actorLabels[i] ?? iri));
  const targets = new Set(against.flatMap((a) => a.targets));
  const targetNames = await Promise.all([...targets].map(async (t) => (await kg.entity(t))?.label ?? t));
  wrap(`Acting: ${[...new Set(actors.values())].sort().join('; ')}.`, '  ');
  wrap(`Targeted: ${[...new Set(targetNames)].sort().join('; ')}.`, '  ');

  rule('Timeline of actions (facts view: only what the sources establish)');
  const kinds: Record<string, string> = { announcedOn: 'announced', effectiveOn: 'takes effect', publishedOn: 'published', startedOn: 'starts', endedOn: 'ends', occurredOn: '', signedOn: 'signed' };
  for (const e of timeline) {
    const kind = kinds[e.dateKind] ? ` (${kinds[e.dateKind]})` : '';
    wrap(`${e.date.padEnd(10)}  ${e.label}${kind}${e.actorLabel ? ` — ${e.actorLabel}` : ''}`, '  ');
  }

  rule(`Sanctioned people (${new Set(people.map((p) => p.person)).size})`);
  for (const p of people) wrap(`${p.name}${p.roleTitle ? ` — ${p.roleTitle}` : ''}${p.organizationLabel ? `, ${p.organizationLabel}` : ''}${p.date ? ` (designated ${p.date})` : ''}`, '  ');

  rule('What customers and resellers lose, and when');
  for (const i of impacts) wrap(`${(i.date ?? 'undated').padEnd(10)}  ${i.label}${i.description && !i.label.includes(i.description) ? `: ${i.description}` : ''}`, '  ');

  rule('Article claims that official sources contradict or qualify');
  for (const c of contested) wrap(`${c.key} ${c.relation === 'contradicts' ? 'contradicted' : 'qualified'} by ${c.byKey}: “${c.quote ?? ''}” — ${c.byStatement ?? ''}`, '  ');
  out.push('');
  return out.join('\n');
}
