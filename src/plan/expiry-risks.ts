// Expiries live only in the manifests: Segment has no end date on a grant, so removing `expires:`
// or moving it later changes no API call and would pass review unseen. Comparing the manifests of
// the pull request with those of its base branch finds them, and each is called out as a privilege
// escalation: access that was going to end now lasts longer.
import { normalizeEmail } from '../manifest/grants.js';
import type { Manifest } from '../manifest/merge.js';
import type { AccessEntry } from '../manifest/types.generated.js';
import type { Risk } from './types.js';

const SCOPE_KEYS = ['sources', 'destinations', 'warehouses', 'spaces', 'functions'] as const;

/** "Source Admin on sources [web-prod]": an entry's role and scope, the same however it is written. */
function entryKey(entry: AccessEntry): string {
  const scope = SCOPE_KEYS.find((k) => entry[k] !== undefined);
  return scope ? `${entry.role}\u0000${scope}\u0000${canonical(entry[scope])}` : entry.role;
}

function entryText(entry: AccessEntry): string {
  const scope = SCOPE_KEYS.find((k) => entry[k] !== undefined);
  if (!scope) return entry.role;
  const value = entry[scope];
  if (value === 'all') return `${entry.role} on all ${scope}`;
  if (Array.isArray(value)) return `${entry.role} on ${scope} ${value.map((v) => (typeof v === 'string' ? v : `${v.name} (${v.source})`)).join(', ')}`;
  return `${entry.role} on ${scope} labelled ${Object.entries((value as { labels: Record<string, string> }).labels).map(([k, v]) => `${k}=${v}`).join(', ')}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}:${canonical(v)}`).join(',')}}`;
  return JSON.stringify(value);
}

/** What happened to an end date, or nothing when it did not move later. */
function extension(before: string | undefined, after: string | undefined): string | undefined {
  if (before === undefined) return undefined;
  if (after === undefined) return `no longer expires (was ${before})`;
  return after > before ? `now ends ${after} instead of ${before}` : undefined;
}

/** When a set of entries of one role and scope ends: the latest expiry, or never if one has none. */
function endOf(entries: readonly AccessEntry[]): string | undefined {
  return entries.some((e) => e.expires === undefined) ? undefined : entries.map((e) => e.expires!).sort().at(-1);
}

function byKey(entries: readonly AccessEntry[]): Map<string, AccessEntry[]> {
  const map = new Map<string, AccessEntry[]>();
  for (const entry of entries) map.set(entryKey(entry), [...(map.get(entryKey(entry)) ?? []), entry]);
  return map;
}

/**
 * Role-and-scope pairs whose access `after` ends later than `before` did (or never). Entries are
 * matched by role and scope; with several of one kind, the one that lasts longest decides, on
 * either side. A pair that is gone or changed scope is the plan's business, not an extension.
 */
function entryExtensions(owner: string, before: readonly AccessEntry[], after: readonly AccessEntry[]): Risk[] {
  const risks: Risk[] = [];
  const afterByKey = byKey(after);
  for (const [key, entries] of byKey(before)) {
    const matches = afterByKey.get(key);
    if (!matches) continue;
    const moved = extension(endOf(entries), endOf(matches));
    if (moved) risks.push({ kind: 'privilege-escalation', detail: `${owner}: ${entryText(entries[0]!)} ${moved}` });
  }
  return risks;
}

/**
 * Access that the base branch's manifests end sooner than the pull request's: a membership, a grant
 * (a member's, a group's or a profile's) or a token whose `expires` is removed or moved later.
 */
export function expiryRisks(base: Manifest, head: Manifest): Risk[] {
  const risks: Risk[] = [];
  const headMembers = new Map(head.members.map((m) => [normalizeEmail(m.value.email), m.value]));
  for (const { value: before } of base.members) {
    const after = headMembers.get(normalizeEmail(before.email));
    if (!after) continue;
    const moved = extension(before.expires, after.expires);
    if (moved) risks.push({ kind: 'privilege-escalation', detail: `${after.email}: membership ${moved}` });
    risks.push(...entryExtensions(after.email, entriesOf(before), entriesOf(after)));
  }
  const headGroups = new Map(head.groups.map((g) => [g.value.name.toLowerCase(), g.value]));
  for (const { value: before } of base.groups) {
    const after = headGroups.get(before.name.toLowerCase());
    if (after) risks.push(...entryExtensions(`group ${after.name}`, before.access ?? [], after.access ?? []));
  }
  const headProfiles = new Map(head.profiles.map((p) => [p.name, p.value]));
  for (const before of base.profiles) {
    const after = headProfiles.get(before.name);
    if (after) risks.push(...entryExtensions(`profile ${before.name} (everyone who uses it)`, before.value, after));
  }
  const headTokens = new Map(head.tokens.map((t) => [t.value.id, t.value]));
  for (const { value: before } of base.tokens) {
    const after = headTokens.get(before.id);
    if (!after || before.expires === undefined || !extension(before.expires, after.expires)) continue;
    const moved = after.expires === undefined ? `no longer has a rotation date (was ${before.expires})` : `must be rotated by ${after.expires} instead of ${before.expires}`;
    risks.push({ kind: 'privilege-escalation', detail: `token ${before.id} ${moved}` });
  }
  risks.push(...tokenChanges(base, head));
  return risks;
}

/**
 * The token inventory's changes against the base branch: a token added, removed, or given to
 * another owner. Segment cannot list tokens, so this inventory is the only record a reviewer sees.
 */
export function tokenChanges(base: Manifest, head: Manifest): Risk[] {
  const risks: Risk[] = [];
  const baseTokens = new Map(base.tokens.map((t) => [t.value.id, t.value]));
  const headTokens = new Map(head.tokens.map((t) => [t.value.id, t.value]));
  const describe = (t: { description?: string; owner: string }) => `${t.description ? `"${t.description}", ` : ''}owner ${t.owner}`;
  for (const [id, after] of headTokens) {
    const before = baseTokens.get(id);
    if (!before) risks.push({ kind: 'token-change', detail: `token ${id} is added to the inventory (${describe(after)}${after.expires ? `, rotate by ${after.expires}` : ', no rotation date'})` });
    else if (normalizeEmail(before.owner) !== normalizeEmail(after.owner)) risks.push({ kind: 'token-change', detail: `token ${id} changes owner from ${before.owner} to ${after.owner}` });
  }
  for (const [id, before] of baseTokens) {
    if (!headTokens.has(id)) risks.push({ kind: 'token-change', detail: `token ${id} is removed from the inventory (${describe(before)}): revoke it in Segment too, the API cannot` });
  }
  return risks;
}

/** A member's own entries, with the `role:` shorthand as the entry it stands for. */
function entriesOf(member: { role?: string; access?: AccessEntry[] }): AccessEntry[] {
  return [...(member.role ? [{ role: member.role }] : []), ...(member.access ?? [])];
}
