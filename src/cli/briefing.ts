/**
 * The briefing `npm start` prints, written for a journalist: who acted, a dated timeline of actions, who
 * was sanctioned (and who was not), what customers lose, what stays exempt or is offered, and which of the
 * article's claims other sources contradict — saying what kind of source (official, news, law firm) and in
 * its own words. Facts come from the facts view; denials and contradictions from the claims.
 * @module
 */
import type { KasperskyGraph } from '../graph.js';
import type { CustomerImpact, TimelineEntry } from '../helpers/types.js';
import { superClassesOf, type KgClassName } from '../generated/vocab.js';
import { ID } from '../namespaces.js';
import { actingParties, denials, factCount, signatories, sourceWords, statementOf, type Denial, type SourceWords } from './briefing-data.js';

const GROUP = `${ID}kaspersky`;

const isA = (type: KgClassName, root: KgClassName) => type === root || (superClassesOf[type] ?? []).includes(root);

/** One source's words as a line fragment: `official — BIS press release: “…”`. */
export function citeSource(w: SourceWords): string {
  return `${w.kind ?? 'source'} — ${w.documentLabel}${w.quote ? `: “${w.quote}”` : w.paraphrase ? ' (in its own words, paraphrased)' : ''}`;
}

/** Timeline rows: one per (event, date), the kinds of that date joined; the signatory named for signed instruments. */
export function timelineRows(entries: readonly TimelineEntry[], signedBy: ReadonlyMap<string, readonly string[]>): string[] {
  const kinds: Record<string, string> = { announcedOn: 'announced', effectiveOn: 'takes effect', publishedOn: 'published', startedOn: 'starts', endedOn: 'ends', occurredOn: '', signedOn: 'signed' };
  const merged = new Map<string, { e: TimelineEntry; kinds: string[] }>();
  for (const e of entries) {
    const k = `${e.iri}|${e.date}`;
    const m = merged.get(k) ?? merged.set(k, { e, kinds: [] }).get(k)!;
    if (!m.kinds.includes(e.dateKind)) m.kinds.push(e.dateKind);
  }
  const rows: string[] = [];
  for (const { e, kinds: ks } of merged.values()) {
    const words = ks.map((k) => kinds[k]).filter(Boolean);
    const signers = ks.includes('signedOn') ? signedBy.get(e.iri) : undefined;
    const who = signers?.length ? `signed by ${signers.join(', ')}${e.actorLabel ? `; passed by ${e.actorLabel}` : ''}` : e.actorLabel;
    const row = `${e.date.padEnd(10)}  ${e.label}${words.length ? ` (${words.join(', ')})` : ''}${who ? ` — ${who}` : ''}`;
    if (!rows.includes(row)) rows.push(row);
  }
  return rows;
}

/** Splits customer impacts into what is lost (restrictions), what stays allowed (exemptions) and what is offered. */
export function splitImpacts(impacts: readonly CustomerImpact[]): { losses: CustomerImpact[]; exemptions: CustomerImpact[]; offers: CustomerImpact[] } {
  const t = (i: CustomerImpact) => i.type as KgClassName;
  return {
    losses: impacts.filter((i) => i.type in superClassesOf && isA(t(i), 'Restriction')),
    exemptions: impacts.filter((i) => i.type in superClassesOf && isA(t(i), 'Exemption')),
    offers: impacts.filter((i) => !(i.type in superClassesOf) || (!isA(t(i), 'Restriction') && !isA(t(i), 'Exemption'))),
  };
}

/** Renders the briefing text from a graph (embedded or remote). */
export async function renderBriefing(kg: KasperskyGraph, width = 100): Promise<string> {
  const [acting, against, timeline, people, impacts, contested, counts, signedBy, denied] = await Promise.all([
    actingParties(kg, GROUP), kg.actionsAgainst(GROUP), kg.timeline(), kg.sanctionedPeople(), kg.customerImpacts(), kg.contestedClaims(),
    factCount(kg), signatories(kg), denials(kg),
  ]);
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
  out.push(`(${counts.facts} facts established by the sources, ${counts.claims} sourced claims; every line below is traceable to its source)`);

  rule('Parties');
  out.push('  Acting:');
  const party = (a: (typeof acting)[number]) => `${a.label}${a.partOf.length ? ` (part of ${a.partOf[0]})` : ''}: ${a.did.join('; ')}`;
  list(acting.filter((a) => !a.reactingOnly).map(party), '    ');
  if (acting.some((a) => a.reactingOnly)) {
    out.push('  Reacting:');
    list(acting.filter((a) => a.reactingOnly).map(party), '    ');
  }
  const targets = [...new Set(against.flatMap((a) => a.targets))];
  const targetNames = await Promise.all(targets.map(async (t) => (await kg.entity(t))?.label ?? t));
  const personCount = new Set(people.map((p) => p.person)).size;
  wrap(`Targeted: ${[...new Set(targetNames)].sort().join('; ')}${personCount ? `; and ${personCount} executives designated by name (below)` : ''}.`, '  ', '    ');

  rule('Timeline of actions (only what the sources establish)');
  // Restrictions and exemptions are listed under what customers lose, not twice.
  const events = timeline.filter((e) => !(e.type in superClassesOf) || !(isA(e.type, 'Restriction') || isA(e.type, 'Exemption')));
  list(timelineRows(events, signedBy));

  // Denials placed where a reader looks for them: about the designations, about customers, or on their own.
  const designations = new Set(people.map((p) => p.designation));
  const customerNodes = new Set(impacts.flatMap((i) => [i.iri, ...(i.partOf ? [i.partOf] : [])]));
  const aboutDesignation = denied.filter((d) => d.mentions.some((m) => designations.has(m)));
  const aboutCustomers = denied.filter((d) => !aboutDesignation.includes(d) && d.mentions.some((m) => customerNodes.has(m)));
  const otherDenials = denied.filter((d) => !aboutDesignation.includes(d) && !aboutCustomers.includes(d));
  const showDenials = (ds: readonly Denial[]) => {
    for (const d of ds) {
      list([`Not the case: ${d.statement.replace(/\.$/, '')} — according to:`]);
      list(d.sources.map(citeSource), '      ');
    }
  };

  rule(`Sanctioned people (${personCount})`);
  const seenPeople = new Set<string>();
  list(
    people
      .filter((p) => (seenPeople.has(p.person) ? false : (seenPeople.add(p.person), true)))
      .map((p) => `${p.name}${p.roleTitle ? ` — ${p.roleTitle}` : ''}${p.organizationLabel ? `, ${p.organizationLabel}` : ''}${p.date ? ` (designated ${p.date})` : ''}`),
  );
  showDenials(aboutDesignation);

  rule('What customers and resellers lose, and when');
  const { losses, exemptions, offers } = splitImpacts(impacts);
  const impactRow = (i: CustomerImpact) => `${(i.date ?? 'undated').padEnd(10)}  ${i.label}${i.description && !i.label.toLowerCase().includes(i.description.toLowerCase()) ? `: ${i.description}` : ''}`;
  list(losses.map(impactRow));
  if (exemptions.length || aboutCustomers.length) {
    rule('What stays allowed');
    list(exemptions.map((i) => `${i.label}${i.description && !i.label.toLowerCase().includes(i.description.toLowerCase()) ? `: ${i.description}` : ''}`));
    showDenials(aboutCustomers);
  }
  if (offers.length) {
    rule('What customers are offered');
    list(offers.map(impactRow));
  }
  if (otherDenials.length) {
    rule('What the sources say did not happen');
    showDenials(otherDenials);
  }

  rule('Article claims that other sources contradict or qualify');
  const words = await sourceWords(kg, [...new Set(contested.flatMap((c) => [c.claim, c.by]))]);
  const byClaim = new Map<string, typeof contested>();
  for (const c of contested) byClaim.set(c.claim, [...(byClaim.get(c.claim) ?? []), c]);
  const labels = new Map((await kg.claims()).map((c) => [c.claim, statementOf(c.label, c.key)]));
  const shownBy = new Set<string>();
  for (const [claim, cs] of byClaim) {
    const c0 = cs[0]!;
    const said = (words.get(claim) ?? []).find((w) => w.quote)?.quote;
    wrap(`${c0.key}: the article says “${said ?? labels.get(claim) ?? ''}”`, '  ', '      ');
    for (const c of cs) {
      const verb = c.relation === 'contradicts' ? 'Contradicted' : 'Qualified';
      const ws = words.get(c.by) ?? [];
      const kinds = [...new Set(ws.map((w) => w.kind ?? 'source'))];
      const kindText = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}` : kinds[0] ?? '';
      const head = `${verb} by ${kindText} ${kinds.length > 1 || ws.length > 1 ? 'sources' : 'source'} (${c.byKey}: ${labels.get(c.by) ?? ''})`;
      // a contradicting claim's sources are quoted once; later mentions point back to them
      if (shownBy.has(c.by)) wrap(`${head}, quoted above.`, '    ', '      ');
      else {
        shownBy.add(c.by);
        wrap(`${head}:`, '    ', '      ');
        list(ws.map((w) => citeSource(w)), '      ');
      }
    }
  }
  out.push('');
  return out.join('\n');
}
