// The body of the quarterly access-review issue: a checklist with one line per person, grouped by
// the CODEOWNERS owners of the manifest that defines them, so each team ticks off its own people.
// A line a reviewer ticked stays ticked when the issue is refreshed, as long as that person's line
// says the same; if their access changed, the box is cleared and the line says why. Pure.
import { mdText } from '../plan/markdown.js';
import { ownersOf, type CodeOwnersRule } from './codeowners.js';
import { FLAG_WORDS, grantWords, statusWords, type ReviewPerson } from './review.js';
import { TOKEN_FLAG_WORDS, type ReviewToken } from './tokens.js';

/** GitHub refuses issue bodies over 65,536 characters; this leaves room for the marker and edits. */
export const REVIEW_ISSUE_BUDGET = 60_000;

/** `2026-Q4`: the calendar quarter of a date (UTC). */
export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/** The hidden id that ties a checklist line to a person, the same on every refresh. */
const itemId = (email: string) => `<!-- person=${encodeURIComponent(email.toLowerCase())} -->`;

/** The people ticked in a previous body, with the text of their line when it was ticked. */
export function checkedItems(body: string | undefined): Map<string, string> {
  const checked = new Map<string, string>();
  for (const line of (body ?? '').split('\n')) {
    const m = /^- \[[xX]\] (.*) <!-- person=([^ ]+) -->$/.exec(line);
    if (m) checked.set(decodeURIComponent(m[2]!), m[1]!.replace(/ _\(access changed since it was ticked\)_$/, ''));
  }
  return checked;
}

/** A path as a code span: backticks cannot close it early (GitHub shows entities in code literally). */
function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]/g, ' ')}\``;
}

/**
 * A group heading. CODEOWNERS owners (`@org/team`, `@user`, an email) are written as they are, so
 * the owners are notified when the issue opens; anything else in the title is escaped.
 */
function headingText(title: string): string {
  return title.split(/(\s+|,)/).map((word) => (/^@[\w.-]+(?:\/[\w.-]+)?$/.test(word) ? word : mdText(word))).join('');
}

export interface ReviewIssueInput {
  workspace: string;
  quarter: string;
  people: readonly ReviewPerson[];
  /** The token inventory and tokens seen acting outside it, listed after the people. */
  tokens?: readonly ReviewToken[];
  /** CODEOWNERS rules, or undefined when the repository has none. */
  owners?: readonly CodeOwnersRule[];
  /** Maps a person's `definedIn` (`file:line`, relative to the working directory) to a repository path. */
  repoPath: (file: string) => string;
  previousBody?: string;
  runUrl?: string;
}

export function reviewIssueBody(input: ReviewIssueInput): string {
  const previous = checkedItems(input.previousBody);
  const groups = new Map<string, string[]>();
  let reviewed = 0;
  let untickable = 0;
  for (const p of input.people) {
    const file = p.definedIn ? input.repoPath(p.definedIn.replace(/:\d+$/, '')) : undefined;
    const owners = file && input.owners ? ownersOf(input.owners, file) : [];
    // Access no manifest grants cannot be approved by a tick: it is listed apart, without a box,
    // until a pull request adds it to a manifest or the plan removes it.
    const outside = p.grants.some((g) => g.grantedBy.kind === 'none');
    const group = !file ? 'In no manifest (remove them, or add them to a manifest)'
      : outside ? 'Holding access no manifest grants (add it in a pull request, or let the plan remove it)'
      : !input.owners ? 'People'
        : owners.length ? `Owned by ${owners.join(', ')}` : 'No CODEOWNERS owner';
    const access = p.grants.length ? p.grants.map((g) => grantWords(g)).join('; ') : 'no access';
    const facts = [
      p.status !== 'member' ? statusWords(p) : undefined,
      p.justification ? `justification: ${p.justification}` : undefined,
      p.reviewBy ? `review by ${p.reviewBy}` : undefined,
      p.expires ? `membership ends ${p.expires}` : undefined,
    ].filter(Boolean).join('; ');
    const flags = p.flags.map((f) => `:warning: ${FLAG_WORDS[f]}`).join(' ');
    const text = mdText(`${p.email}: ${access}${facts ? `. ${facts}` : ''}`) + (flags ? ` ${flags}` : '') + (file ? ` (${codeSpan(file)})` : '');
    if (outside || !file) {
      untickable++;
      groups.set(group, [...(groups.get(group) ?? []), `- :warning: ${text} ${itemId(p.email)}`]);
      continue;
    }
    const before = previous.get(p.email.toLowerCase());
    const ticked = before === text;
    if (ticked) reviewed++;
    const line = `- [${ticked ? 'x' : ' '}] ${text}${before !== undefined && !ticked ? ' _(access changed since it was ticked)_' : ''} ${itemId(p.email)}`;
    groups.set(group, [...(groups.get(group) ?? []), line]);
  }
  const head = [
    `## Access review of Segment workspace \`${mdText(input.workspace)}\`, ${input.quarter}`, '',
    `Tick each person who still needs the access listed, and change the manifests (in a pull request) for anyone who does not. `
      + `${reviewed} of ${input.people.length - untickable} reviewed`
      + (untickable ? `; ${untickable} cannot be ticked while they hold access no manifest grants (marked :warning:)` : '')
      + `. This issue is refreshed by \`segment-access review --github-issue\`; ticks stay while a person's line is unchanged.`
      + (input.runUrl ? ` [Latest run](${input.runUrl}).` : ''),
  ];
  if (input.tokens?.length) {
    groups.set('API tokens (rotate, or remove from the inventory, any that are flagged)', input.tokens.map((t) => {
      const facts = [t.description, t.owner ? `owner ${t.owner}${t.ownerIsMember === false ? ' (not a member)' : ''}` : undefined,
        t.created ? `created ${t.created}` : undefined, t.expires ? `rotate by ${t.expires}` : undefined,
        t.lastUsed ? `last used ${t.lastUsed.slice(0, 10)}` : 'no use seen in 30 days'].filter(Boolean).join('; ');
      const flags = t.flags.map((f) => `:warning: ${TOKEN_FLAG_WORDS[f]}`).join(' ');
      return `- ${codeSpan(t.id)}: ${mdText(facts)}${flags ? ` ${flags}` : ''}`;
    }));
  }
  const sections = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out = [...head];
  let used = head.join('\n').length;
  let left = 0;
  for (const [title, lines] of sections) {
    const heading = `\n### ${headingText(title)}\n`;
    if (used + heading.length > REVIEW_ISSUE_BUDGET) { left += lines.length; continue; }
    out.push(heading);
    used += heading.length;
    for (const line of lines) {
      if (used + line.length + 1 > REVIEW_ISSUE_BUDGET - 200) { left++; continue; }
      out.push(line);
      used += line.length + 1;
    }
  }
  if (left) out.push('', `… and ${left} more people, not listed to keep within GitHub's limit: see the CSV or HTML review of this run.`);
  return `${out.join('\n')}\n`;
}
