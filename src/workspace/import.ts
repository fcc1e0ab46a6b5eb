// Import: the live workspace written out as manifests, so an existing workspace can be adopted in
// minutes. What it writes validates, is already in `fmt`'s layout, and a plan right after it shows
// no changes. Pending invites are listed with a comment: their permissions cannot be read back, so
// they stay as the invite has them.
//
// The files are written as text directly (a 10,000-member workspace took about a second through a
// YAML document model): every scalar is plain only when it cannot be read as anything but the same
// string, and JSON-quoted otherwise, which YAML reads as the same string.
import { MINIMAL_WORKSPACE_ACCESS, roleMeaning } from '../manifest/role-catalog.js';
import { resourceNames, type Actual, type ActualUser, type Grant } from './model.js';

export interface ImportedFiles {
  [fileName: string]: string;
}

/** Words YAML 1.1 or 1.2 reads as something other than a string. */
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/** A string as a YAML scalar that reads back as the same string, in block or flow context. */
export function yamlString(value: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9 _@./+()'-]*$/.test(value) && !/ $/.test(value) && !/ [#'(]|[:']$/.test(value) && !RESERVED.test(value) && !value.includes(': ');
  return plain ? value : JSON.stringify(value);
}

type Entry = Record<string, string | string[] | { labels: Record<string, string> }>;

/** An access entry on one line, in fmt's key order: `{ role: Source Admin, sources: [web-prod] }`. */
function flowEntry(entry: Entry): string {
  const value = (v: Entry[string]): string => {
    if (typeof v === 'string') return yamlString(v);
    if (Array.isArray(v)) return `[${v.map(yamlString).join(', ')}]`;
    return `{ labels: { ${Object.entries(v.labels).map(([k, x]) => `${yamlString(k)}: ${yamlString(x)}`).join(', ')} } }`;
  };
  return `{ ${Object.entries(entry).map(([k, v]) => `${k}: ${value(v)}`).join(', ')} }`;
}

/**
 * `schemaPath` is the schema's path relative to the output folder, for the editor modeline
 * (`# yaml-language-server: $schema=...`) that gives completion and hover docs.
 */
export function importWorkspace(actual: Actual, options: { region: 'us' | 'eu'; now: Date; schemaPath: string }): ImportedFiles {
  const modeline = `# yaml-language-server: $schema=${options.schemaPath}`;
  const roles = new Map(actual.roles.map((r) => [r.id, r.name]));
  const names = resourceNames(actual);
  const isOwner = (u: ActualUser) => u.grants.some((g) => roleMeaning(roles.get(g.roleId) ?? '').level === 'owner');
  const ownerCount = [...actual.users.values()].filter(isOwner).length;
  const header = (what: string) => [modeline, `# Imported from workspace ${actual.workspace.slug} on ${options.now.toISOString().slice(0, 10)}: ${what}`, 'version: 1'];
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

  const memberships = new Map<string, string[]>();
  for (const g of [...actual.groups.values()].sort((a, b) => byName(a.name, b.name))) {
    for (const key of g.members.keys()) memberships.set(key, [...(memberships.get(key) ?? []), g.name]);
  }

  const workspace = [
    ...header('the workspace and a starting policy'),
    'workspace:', `  slug: ${yamlString(actual.workspace.slug)}`, `  region: ${options.region}`, `  name: ${yamlString(actual.workspace.name)}`,
    'policy:', `  minOwners: ${Math.max(1, Math.min(ownerCount, 2))}`, '  unmanaged: remove',
  ];

  const members = [...header('members and their direct access'), 'members:'];
  for (const u of [...actual.users.values()].sort((a, b) => byName(a.email.toLowerCase(), b.email.toLowerCase()))) {
    members.push(`  - email: ${yamlString(u.email)}`);
    if (u.name) members.push(`    name: ${yamlString(u.name)}`);
    const unnamed = unservedRoles(u.grants, roles);
    if (unnamed.length) members.push(`    # Also holds ${unnamed.map((id) => `role ${id}`).join(', ')}, which GET /roles does not list: no manifest can name it, so plan removes it.`);
    const access = accessEntries(u.grants.filter((g) => roles.has(g.roleId)), roles, names);
    const shorthand = access.length === 1 && Object.keys(access[0]!).length === 1;
    if (shorthand) members.push(`    role: ${yamlString(access[0]!.role as string)}`);
    const groups = memberships.get(u.email.toLowerCase());
    if (groups) members.push(`    groups: [${groups.map(yamlString).join(', ')}]`);
    if (access.length && !shorthand) members.push('    access:', ...access.map((e) => `      - ${flowEntry(e as Entry)}`));
  }
  const files: ImportedFiles = { 'workspace.yaml': `${workspace.join('\n')}\n`, 'members.yaml': `${members.join('\n')}\n` };

  const invites = [...actual.invites.values()].sort((a, b) => byName(a.email.toLowerCase(), b.email.toLowerCase()));
  if (invites.length) {
    const lines = [...header('pending invites'), 'members:'];
    for (const i of invites) {
      lines.push('  # Pending invite: its permissions cannot be read through the API, so none are listed.',
        '  # Add the access this person should have; plan leaves the invite alone until it is accepted or re-issued (--reinvite).',
        `  - email: ${yamlString(i.email)}`);
      const groups = memberships.get(i.email.toLowerCase());
      if (groups) lines.push(`    groups: [${groups.map(yamlString).join(', ')}]`);
    }
    files['invites.yaml'] = `${lines.join('\n')}\n`;
  }

  const groups = [...header('groups and their access'), ...(actual.groups.size ? ['groups:'] : [])];
  for (const g of [...actual.groups.values()].sort((a, b) => byName(a.name, b.name))) {
    groups.push(`  - name: ${yamlString(g.name)}`);
    const unnamed = unservedRoles(g.grants, roles);
    if (unnamed.length) groups.push(`    # Also grants ${unnamed.map((id) => `role ${id}`).join(', ')}, which GET /roles does not list: no manifest can name it, so plan removes it.`);
    const access = accessEntries(g.grants.filter((x) => roles.has(x.roleId)), roles, names);
    if (access.length) groups.push('    access:', ...access.map((e) => `      - ${flowEntry(e as Entry)}`));
  }
  files['groups.yaml'] = `${groups.join('\n')}\n`;
  return files;
}

/**
 * Role ids a member or group holds that the workspace's GET /roles does not list (a workspace moved
 * to a plan without them, say): they cannot be written by name.
 */
function unservedRoles(grants: readonly Grant[], roles: Map<string, string>): string[] {
  return [...new Set(grants.filter((g) => !roles.has(g.roleId)).map((g) => g.roleId))].sort();
}

/**
 * Canonical grants -> manifest access entries, grouping resources of one role into one entry.
 * Minimal Workspace Access on the workspace is left out: it is the floor the planner keeps by itself
 * (src/plan/floor.ts), so a manifest need not repeat it for everyone.
 */
export function accessEntries(grants: readonly Grant[], roles: Map<string, string>, names: Map<string, string>): Array<Record<string, unknown>> {
  const entries: Array<Record<string, unknown>> = [];
  const scoped = new Map<string, string[]>();
  const scopeKey = { SOURCE: 'sources', WAREHOUSE: 'warehouses', SPACE: 'spaces', FUNCTION: 'functions' } as const;
  for (const g of grants) {
    const role = roles.get(g.roleId) ?? g.roleId;
    if (role === MINIMAL_WORKSPACE_ACCESS && g.type === 'WORKSPACE' && g.labels.length === 0) continue;
    if (g.type === 'WORKSPACE') {
      if (g.labels.length === 0) entries.push({ role });
      else entries.push({ role, sources: { labels: Object.fromEntries(g.labels.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])) } });
      continue;
    }
    const key = `${role}\u0000${scopeKey[g.type]}`;
    scoped.set(key, [...(scoped.get(key) ?? []), names.get(`${g.type}:${g.resourceId}`) ?? g.resourceId]);
  }
  for (const [key, list] of scoped) {
    const [role, scope] = key.split('\u0000');
    entries.push({ role, [scope!]: list.sort() });
  }
  return entries;
}
