// The access review as one self-contained HTML page: a sortable, filterable table of everyone with
// access, a people x sources matrix coloured by role level, and an expiry timeline. Nothing is
// loaded from anywhere: the style and the script are inline, and a Content-Security-Policy allows
// exactly those two (by hash) and nothing else, so a name in a manifest can never become markup or
// code. Every string from the manifests or the API is HTML-escaped; the page reads well without the
// script, which only adds sorting and filtering.
import { createHash } from 'node:crypto';
import type { Catalog } from '../plan/describe.js';
import type { EffectiveGrant } from '../plan/types.js';
import type { Source } from '../workspace/model.js';
import { FLAG_WORDS, grantWords, statusWords, type ReviewMeta, type ReviewPerson } from './review.js';
import { TOKEN_FLAG_WORDS, type ReviewToken } from './tokens.js';
import { plural } from '../words.js';

/** The matrix shows at most this many sources (by slug); the page says how many more there are. */
export const MATRIX_MAX_SOURCES = 300;
/** And at most this many cells: a 10,000-person workspace gets the first people (flagged first), not a page of millions of cells. */
export const MATRIX_MAX_CELLS = 200_000;
/** The timeline runs from 30 days ago to a year ahead. */
const TIMELINE_PAST_DAYS = 30;
const TIMELINE_FUTURE_DAYS = 365;
const DAY_MS = 86_400_000;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** 3 Workspace Owner, 2 Source Admin, 1 Source Read-only: the highest level a person holds on a source. */
export type SourceLevel = 0 | 1 | 2 | 3;
const LEVEL_WORDS = ['', 'read-only', 'admin', 'owner'] as const;

/** Each person's level on each source, from their effective grants (direct, group and profile). */
export function sourceLevels(person: ReviewPerson, sources: readonly Source[], catalog: Catalog): Map<string, SourceLevel> {
  const levels = new Map<string, SourceLevel>();
  const raise = (id: string, level: SourceLevel) => { if ((levels.get(id) ?? 0) < level) levels.set(id, level); };
  for (const g of person.grants) {
    if (catalog.isOwner(g.grant)) {
      for (const s of sources) raise(s.id, 3);
      continue;
    }
    const meaning = catalog.meaning(g.grant.roleId);
    if (meaning.reach !== 'sources') continue;
    const level: SourceLevel = meaning.level === 'admin' ? 2 : 1;
    for (const s of sourcesOf(g, sources)) raise(s.id, level);
  }
  return levels;
}

function sourcesOf(g: EffectiveGrant, sources: readonly Source[]): readonly Source[] {
  if (g.grant.type === 'SOURCE') return sources.filter((s) => s.id === g.grant.resourceId);
  if (g.grant.type !== 'WORKSPACE') return [];
  return g.grant.labels.length ? sources.filter((s) => g.grant.labels.every((l) => s.labels.includes(l))) : sources;
}

interface TimelineEntry { date: string; email: string; what: string }

function timeline(people: readonly ReviewPerson[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const p of people) {
    if (p.expires) entries.push({ date: p.expires, email: p.email, what: 'membership ends' });
    for (const g of p.grants) if (g.expires && g.expires !== p.expires) entries.push({ date: g.expires, email: p.email, what: `${g.text} ends` });
    if (p.reviewBy) entries.push({ date: p.reviewBy, email: p.email, what: 'review due' });
  }
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.email < b.email ? -1 : 1));
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1f2328;overflow-wrap:anywhere}
@media (max-width:600px){body{margin:8px}}
code{word-break:break-all}
h1{font-size:20px}h2{font-size:16px;margin-top:32px}
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f6f8fa;position:sticky;top:0}th[data-sort]{cursor:pointer}th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
.flag{color:#9a6700}.controls{margin:12px 0;display:flex;flex-wrap:wrap;gap:12px;align-items:center}.controls input{max-width:100%}
.matrix td{width:18px;height:18px;padding:0;text-align:center;font-size:11px}.matrix th.src{writing-mode:vertical-rl;font-weight:normal}
.l3{background:#cf222e;color:#fff}.l2{background:#fb8f44}.l1{background:#9be9a8}
.legend span{display:inline-block;padding:2px 8px;margin-right:8px}
.timeline{padding:0}.timeline li{list-style:none;margin:2px 0;display:flex;flex-wrap:wrap;gap:8px;align-items:center}.timeline meter{width:min(300px,60vw)}
.past{color:#cf222e}.scroll{overflow:auto;max-height:70vh}
`;

const SCRIPT = `
(() => {
  const table = document.getElementById('people');
  const rows = [...table.tBodies[0].rows];
  const matrixRows = new Map([...document.querySelectorAll('#matrix tbody tr')].map((r) => [r.dataset.email, r]));
  const text = document.getElementById('filter');
  const flag = document.getElementById('flag');
  const shown = document.getElementById('shown');
  const apply = () => {
    const q = text.value.trim().toLowerCase();
    let n = 0;
    for (const r of rows) {
      const flags = r.dataset.flags.split(' ').filter(Boolean);
      const ok = (!q || r.textContent.toLowerCase().includes(q)) && (flag.value === '' || (flag.value === '*' ? flags.length > 0 : flags.includes(flag.value)));
      r.hidden = !ok;
      const m = matrixRows.get(r.dataset.email);
      if (m) m.hidden = !ok;
      if (ok) n++;
    }
    shown.textContent = n + ' of ' + rows.length + ' people shown';
  };
  text.addEventListener('input', apply);
  flag.addEventListener('change', apply);
  for (const th of table.tHead.rows[0].cells) {
    if (!('sort' in th.dataset)) continue;
    th.addEventListener('click', () => {
      const col = th.cellIndex;
      const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      for (const other of table.tHead.rows[0].cells) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      const key = (r) => r.cells[col].dataset.key ?? r.cells[col].textContent;
      rows.sort((a, b) => dir * key(a).localeCompare(key(b), 'en', { numeric: true }));
      table.tBodies[0].append(...rows);
    });
  }
  apply();
})();
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export function reviewHtml(meta: ReviewMeta, people: readonly ReviewPerson[], tokens: readonly ReviewToken[], now: Date, sources: readonly Source[], catalog: Catalog): string {
  const workspace = meta.workspace;
  const today = now.toISOString().slice(0, 10);
  const e = escapeHtml;
  const flagged = people.filter((p) => p.flags.length).length;
  const allFlags = (Object.keys(FLAG_WORDS) as Array<keyof typeof FLAG_WORDS>).filter((f) => people.some((p) => p.flags.includes(f)));

  const rows = people.map((p) => {
    const access = p.grants.length
      ? p.grants.map((g) => (g.grantedBy.kind === 'none' ? `<span class="flag">&#9888;</span> ${e(grantWords(g))}` : e(grantWords(g)))).join('<br>')
      : '<i>no access</i>';
    const flags = p.flags.map((f) => `<span class="flag">&#9888; ${e(FLAG_WORDS[f])}</span>`).join('<br>');
    return `<tr data-email="${e(p.email.toLowerCase())}" data-flags="${e(p.flags.join(' '))}"><td>${e(p.email)}</td><td>${e(statusWords(p))}</td><td>${access}</td>`
      + `<td>${e(p.justification ?? '')}</td><td>${e(p.reviewBy ?? '')}</td><td>${e(p.expires ?? '')}</td><td>${e(p.lastActivity ?? '')}</td>`
      + `<td data-key="${p.flags.length ? `0${p.flags.length}` : '9'}">${flags}</td><td>${e(p.definedIn ?? '')}</td></tr>`;
  });

  const shownSources = [...sources].sort((a, b) => (a.slug < b.slug ? -1 : 1)).slice(0, MATRIX_MAX_SOURCES);
  const matrixPeople = [...people.filter((p) => p.flags.length), ...people.filter((p) => !p.flags.length)]
    .slice(0, Math.max(1, Math.floor(MATRIX_MAX_CELLS / Math.max(1, shownSources.length))));
  const morePeople = people.length - matrixPeople.length;
  const matrixRows = matrixPeople.map((p) => {
    const levels = sourceLevels(p, shownSources, catalog);
    const cells = shownSources.map((s) => {
      const level = levels.get(s.id) ?? 0;
      return level ? `<td class="l${level}" title="${e(`${p.email}: ${LEVEL_WORDS[level]} on ${s.slug}`)}">${LEVEL_WORDS[level][0]!.toUpperCase()}</td>` : '<td></td>';
    });
    return `<tr data-email="${e(p.email.toLowerCase())}"><th>${e(p.email)}</th>${cells.join('')}</tr>`;
  });
  const moreSources = sources.length - shownSources.length;

  const entries = timeline(people);
  const span = TIMELINE_PAST_DAYS + TIMELINE_FUTURE_DAYS;
  const items = entries.map((t) => {
    const days = Math.round((Date.parse(`${t.date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
    const clipped = Math.max(-TIMELINE_PAST_DAYS, Math.min(TIMELINE_FUTURE_DAYS, days));
    const position = clipped + TIMELINE_PAST_DAYS;
    const when = days < 0 ? `${-days} days ago` : days === 0 ? 'today' : `in ${days} days`;
    return `<li class="${days < 0 ? 'past' : 'future'}" data-email="${e(t.email.toLowerCase())}"><time datetime="${e(t.date)}">${e(t.date)}</time>`
      + `<meter min="0" max="${span}" value="${position}" title="${e(when)}"></meter><span>${e(t.email)}: ${e(t.what)} (${when})</span></li>`;
  });

  const tokenRows = tokens.map((t) => `<tr><td><code>${e(t.id)}</code></td><td>${e(t.description ?? '')}</td>`
    + `<td>${e(t.owner ?? '')}${t.ownerIsMember === false ? ' (not a member)' : ''}</td><td>${t.created ? `${e(t.created)} (${t.ageDays} days)` : ''}</td><td>${e(t.expires ?? '')}</td>`
    + `<td>${t.lastUsed ? `${e(t.lastUsed.slice(0, 10))} (${t.events} event${t.events === 1 ? '' : 's'})` : 'none seen'}</td>`
    + `<td>${t.flags.map((f) => `<span class="flag">&#9888; ${e(TOKEN_FLAG_WORDS[f])}</span>`).join('<br>')}</td><td>${e(t.definedIn ?? '')}</td></tr>`);

  const style = STYLE.trim();
  const script = SCRIPT.trim();
  const csp = `default-src 'none'; style-src ${hash(style)}; script-src ${hash(script)}; img-src data:`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Access review of ${e(workspace)}, ${today}</title>
<style>${style}</style>
</head>
<body>
<h1>Access review of <code>${e(workspace)}</code>, ${today}</h1>
<p class="asof">As of <time datetime="${e(meta.asOf)}">${e(meta.asOf)}</time>, workspace state <code>${e(meta.stateFingerprint)}</code>.</p>
<p>${people.length} people: ${plural(people.filter((p) => p.status === 'member').length, 'member')}, ${plural(people.filter((p) => p.status === 'invited').length, 'pending invite')}, ${people.filter((p) => p.status === 'not in workspace').length} not in the workspace yet; ${flagged} need a look.</p>
<h2>People</h2>
<div class="controls">
<label>Filter <input id="filter" type="search" placeholder="email, role, source, group…"></label>
<label>Flags <select id="flag"><option value="">all people</option><option value="*">with a flag</option>${allFlags.map((f) => `<option value="${f}">${e(FLAG_WORDS[f])}</option>`).join('')}</select></label>
<span id="shown">${people.length} of ${people.length} people shown</span>
</div>
<div class="scroll">
<table id="people">
<thead><tr><th data-sort>Person</th><th data-sort>Status</th><th>Access (and where it comes from)</th><th data-sort>Justification</th><th data-sort>Review by</th><th data-sort>Expires</th><th data-sort>Last IAM activity (30 days)</th><th data-sort>Flags</th><th data-sort>Defined in</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</div>
<h2>People &times; sources</h2>
<p class="legend"><span class="l3">O owner</span><span class="l2">A admin</span><span class="l1">R read-only</span> the highest role each person holds on each source, directly, through a group or a profile${moreSources > 0 ? `; the first ${shownSources.length} sources by slug are shown, ${moreSources} more are not` : ''}${morePeople > 0 ? `; ${matrixPeople.length} people are shown (those with flags first), ${morePeople} more are not (the table above lists everyone)` : ''}.</p>
<div class="scroll">
<table class="matrix" id="matrix">
<thead><tr><th></th>${shownSources.map((s) => `<th class="src" title="${e(s.name)}">${e(s.slug)}</th>`).join('')}</tr></thead>
<tbody>
${matrixRows.join('\n')}
</tbody>
</table>
</div>
<h2>API tokens</h2>
<p>The token inventory in the manifests (Segment cannot list tokens), with each token's last use seen in the Audit Trail (30 days), and tokens seen acting that no inventory lists.</p>
${tokens.length ? `<div class="scroll">
<table id="tokens">
<thead><tr><th>Token</th><th>Description</th><th>Owner</th><th>Created</th><th>Rotate by</th><th>Last use (30 days)</th><th>Flags</th><th>Defined in</th></tr></thead>
<tbody>
${tokenRows.join('\n')}
</tbody>
</table>
</div>` : '<p>No tokens in the inventory, and none seen acting.</p>'}
<h2>Expiry timeline</h2>
<p>Memberships and grants that end, and reviews that fall due, from ${TIMELINE_PAST_DAYS} days ago to a year ahead (later dates sit at the end of the scale).</p>
<ol class="timeline" id="timeline">
${items.join('\n') || '<li>Nothing ends and no review falls due.</li>'}
</ol>
<script>${script}</script>
</body>
</html>
`;
}
