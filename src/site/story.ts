/**
 * The home page's story: the briefing (`kaspersky-kg briefing`) as HTML text — what happened and when,
 * who acted on whom, who was sanctioned, what customers and resellers lose and when, what stays allowed,
 * and what the sources contradict or say did not happen. It renders the briefing's data
 * ({@link briefingData}, read through the typed helpers), so the site and the CLI say the same things from
 * one reading of the graph; nothing here decides what is a fact.
 * @module
 */
import type { Briefing, ContestedGroup, DenialRow, SourceWords } from '../briefing/data.js';
import { citations, impactDescription, kindsText } from '../briefing/data.js';
import type { CustomerImpact } from '../helpers/types.js';
import { esc } from './html.js';
import type { Linker } from './pages.js';

/** The CSS class and the words of a claim's verification where it is not simply confirmed (undefined otherwise). */
export function verificationMark(verification: string): { cls: string; words: string } | undefined {
  if (verification === 'Contradicted') return { cls: 'contradicted', words: 'contradicted by other sources' };
  if (verification === 'PartlyAccurate') return { cls: 'partly', words: 'partly accurate: other sources qualify it' };
  return undefined;
}

/** One source's words as an HTML list item: kind, name (linked), and the quote. */
function sourceWords(L: Linker, w: SourceWords): string {
  return `<li class="evidence" data-source="${esc(w.source)}"><span class="muted">${esc(w.kind ?? 'source')}</span> — ${L.iri(w.source, w.name)}${
    w.quote ? `: <q>${esc(w.quote)}</q>` : w.paraphrase ? ' <span class="muted">(in its own words, paraphrased)</span>' : ''
  }</li>`;
}

/** A denial: what did not happen, and who says so. */
function denialItem(L: Linker, d: DenialRow): string {
  return `<li class="denial" data-claim="${esc(d.key)}"><strong>Not the case:</strong> ${esc(d.statement.replace(/\.$/, ''))}. <span class="muted">(${L.iri(d.claim, d.key)})</span> According to:<ul class="evidence">${citations(d.evidence)
    .map((w) => sourceWords(L, w))
    .join('')}</ul></li>`;
}

/** A denial in one line, pointing to its sources in the section on what the sources contradict. */
function denialLine(L: Linker, d: DenialRow): string {
  return `<li class="denial" data-claim="${esc(d.key)}"><strong>Not the case:</strong> ${esc(d.statement.replace(/\.$/, ''))} <span class="muted">(${L.iri(d.claim, d.key)}; <a href="#contradicted">who says so</a>)</span></li>`;
}

/** A contested article claim: its words, marked contradicted or partly accurate (colour and words), and who says otherwise. */
function contestedItem(L: Linker, g: ContestedGroup): string {
  const mark = verificationMark(g.verification) ?? { cls: 'contested', words: 'contested by other sources' };
  const by = g.by
    .map((c) => {
      const kinds = kindsText(c.citations);
      const verb = c.relation === 'contradicts' ? 'Contradicted' : 'Qualified';
      return `<p class="${c.relation === 'contradicts' ? 'contradicted' : 'qualified'}">${verb} by ${esc(kinds.text)} ${kinds.plural ? 'sources' : 'source'} (${L.iri(c.by, c.byKey)}: ${esc(c.byStatement)}):</p><ul class="evidence">${c.citations
        .map((w) => sourceWords(L, w))
        .join('')}</ul>`;
    })
    .join('');
  return `<li class="contested verif-${mark.cls}" data-claim="${esc(g.key)}" data-verification="${esc(g.verification)}"><span class="tag verif-${mark.cls}">${esc(mark.words)}</span> ${L.iri(
    g.claim,
    g.key,
  )}: the article says <q>${esc(g.quote ?? g.statement ?? '')}</q>${by}</li>`;
}

const joinWords = (xs: readonly string[]): string => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : (xs[0] ?? ''));

/** Restrictions grouped by the date they take effect, in date order (undated last). */
function lossesByDate(losses: readonly CustomerImpact[]): [string, CustomerImpact[]][] {
  const by = new Map<string, CustomerImpact[]>();
  for (const l of losses) by.set(l.date ?? '', [...(by.get(l.date ?? '') ?? []), l]);
  return [...by].sort((a, b) => (a[0] === '' ? 1 : b[0] === '' ? -1 : a[0].localeCompare(b[0])));
}

/**
 * The story as HTML (sections with ids `in-brief`, `what-happened`, `parties`, `sanctioned`, `customers`,
 * `contradicted`), links relative to the page `L` renders for.
 */
export function storyHtml(L: Linker, b: Briefing): string {
  const out: string[] = [];
  const label = (iri: string) => L.model.label(iri);

  // In brief: one line per thread of the story, each read from the briefing's data.
  const brief: string[] = [];
  const designated = new Map<string, { date: string | undefined; by: Set<string>; orgs: Set<string>; n: number }>();
  for (const p of b.people) {
    const d = designated.get(p.designation) ?? designated.set(p.designation, { date: p.date, by: new Set(), orgs: new Set(), n: 0 }).get(p.designation)!;
    d.n++;
    p.designatedBy.forEach((x) => d.by.add(x));
    if (p.organizationLabel) d.orgs.add(p.organizationLabel);
  }
  for (const [designation, d] of designated)
    brief.push(
      `<li>${d.date ? `On ${esc(d.date)}, ` : ''}${joinWords([...d.by].map((x) => L.iri(x, label(x))))} designated ${L.iri(designation, `${d.n} ${d.n === 1 ? 'person' : 'people'}`)}${
        d.orgs.size ? ` of ${esc(joinWords([...d.orgs].sort()))}` : ''
      } by name (<a href="#sanctioned">who</a>).</li>`,
    );
  for (const [date, ls] of lossesByDate(b.losses))
    brief.push(`<li>${date ? `From <strong>${esc(date)}</strong>` : 'Undated'}: ${ls.map((l) => L.iri(l.iri, l.label.replace(/^Ban on /, 'no '))).join('; ')} (<a href="#customers">what customers and resellers lose</a>).</li>`);
  for (const d of [...b.denials.designations, ...b.denials.customers, ...b.denials.other])
    brief.push(`<li class="denial">Not the case: ${esc(d.statement.replace(/\.$/, ''))} — ${esc(joinWords([...new Set(citations(d.evidence).map((w) => w.kind ?? 'source'))]))} sources (<a href="#contradicted">what the sources contradict</a>).</li>`);
  const contradicted = b.contested.filter((g) => g.verification === 'Contradicted').length;
  const partly = b.contested.filter((g) => g.verification === 'PartlyAccurate').length;
  if (b.contested.length)
    brief.push(
      `<li>${b.contested.length} of the article's claims are disputed by other sources: <span class="verif-contradicted">${contradicted} contradicted</span>, <span class="verif-partly">${partly} partly accurate</span> (<a href="#contradicted">which</a>).</li>`,
    );
  out.push(`<section id="in-brief"><h2>In brief</h2><ul class="brief">${brief.join('\n')}</ul>
<p class="muted">Read from the knowledge graph: ${b.counts.facts} facts the sources establish and ${b.counts.claims} sourced claims. Every line links to its page, where the claim and its sources' own words are shown.</p></section>`);

  // What happened, and when.
  const rows = b.timeline.map(
    (t) =>
      `<tr data-iri="${esc(t.iri)}"><td><time>${esc(t.date)}</time></td><td>${L.iri(t.iri, t.label)}${t.words.length ? ` <span class="muted">(${esc(t.words.join(', '))})</span>` : ''}</td><td>${t.who ? esc(t.who) : ''}</td></tr>`,
  );
  out.push(
    `<section id="what-happened"><h2>What happened, and when</h2><p>The actions the sources establish, in date order. A date is given at the precision the source gives it: a year (<code>2017</code>) or a month (<code>2024-09</code>) is the whole period, not its first day.</p>
<table class="story-timeline"><tr><th>date</th><th>what</th><th>who</th></tr>${rows.join('\n')}</table></section>`,
  );

  // Who acted, on whom.
  const party = (a: Briefing['acting'][number]) =>
    `<li>${L.iri(a.iri, a.label)}${a.partOf.length ? ` <span class="muted">(part of ${esc(a.partOf[0]!)})</span>` : ''}: ${esc(a.did.join('; '))}</li>`;
  const acting = b.acting.filter((a) => !a.reactingOnly);
  const reacting = b.acting.filter((a) => a.reactingOnly);
  out.push(
    `<section id="parties"><h2>Who acted, on whom</h2><p><strong>Targeted:</strong> ${esc(b.targets.join('; '))}${b.people.length ? `; and ${b.people.length} executives designated by name (<a href="#sanctioned">below</a>)` : ''}.</p>
<h3>Acting</h3><ul>${acting.map(party).join('\n')}</ul>${reacting.length ? `<h3>Reacting</h3><ul>${reacting.map(party).join('\n')}</ul>` : ''}<p><a href="graph.html">The picture of parties and actions</a></p></section>`,
  );

  // Who was sanctioned.
  const people = b.people.map(
    (p) =>
      `<li data-person="${esc(p.person)}">${L.iri(p.person, p.name)}${p.roleTitle ? ` — ${esc(p.roleTitle)}` : ''}${p.organizationLabel ? `, ${esc(p.organizationLabel)}` : ''}${p.date ? ` <span class="muted">(designated ${esc(p.date)})</span>` : ''}</li>`,
  );
  out.push(
    `<section id="sanctioned"><h2>Who was sanctioned (${b.people.length})</h2><ol class="people">${people.join('\n')}</ol>${
      b.denials.designations.length ? `<ul class="denials">${b.denials.designations.map((d) => denialLine(L, d)).join('\n')}</ul>` : ''
    }</section>`,
  );

  // What customers and resellers lose, and when; what stays allowed; what is offered.
  const impact = (i: CustomerImpact) => `<tr><td>${i.date ? `<time>${esc(i.date)}</time>` : 'undated'}</td><td>${L.iri(i.iri, i.label)}${esc(impactDescription(i))}</td></tr>`;
  const cust: string[] = [`<section id="customers"><h2>What customers and resellers lose, and when</h2><table class="losses"><tr><th>from</th><th>what is banned</th></tr>${b.losses.map(impact).join('\n')}</table>`];
  if (b.exemptions.length || b.denials.customers.length)
    cust.push(
      `<h3 id="allowed">What stays allowed</h3><ul>${b.exemptions.map((i) => `<li>${L.iri(i.iri, i.label)}${esc(impactDescription(i))}</li>`).join('\n')}</ul>${
        b.denials.customers.length ? `<ul class="denials">${b.denials.customers.map((d) => denialLine(L, d)).join('\n')}</ul>` : ''
      }`,
    );
  if (b.offers.length) cust.push(`<h3 id="offered">What customers are offered</h3><table><tr><th>date</th><th>what</th></tr>${b.offers.map(impact).join('\n')}</table>`);
  cust.push('</section>');
  out.push(cust.join('\n'));

  // What the sources contradict: denials, and the article's contradicted or partly accurate claims.
  const denials = [...b.denials.designations, ...b.denials.customers, ...b.denials.other];
  out.push(
    `<section id="contradicted"><h2>What the sources contradict</h2>${
      denials.length ? `<h3>What did not happen</h3><ul class="denials">${denials.map((d) => denialItem(L, d)).join('\n')}</ul>` : ''
    }<h3>Article claims other sources contradict or qualify (${b.contested.length})</h3><p class="muted">Marked <span class="tag verif-contradicted">contradicted</span> or <span class="tag verif-partly">partly accurate</span>: they stay claims, never facts. <a href="claim/index.html#disputed">All claims by verification</a>.</p><ul class="contested">${b.contested
      .map((g) => contestedItem(L, g))
      .join('\n')}</ul></section>`,
  );
  return out.join('\n');
}
