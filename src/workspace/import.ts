// Import: the live workspace written out as manifests, so an existing workspace can be adopted in
// minutes. What it writes validates, and a plan right after it shows no changes. Pending invites are
// listed with a comment: their permissions cannot be read back, so they stay as the invite has them.
import { Document, isMap, type YAMLMap, type YAMLSeq } from 'yaml';
import { roleMeaning } from '../manifest/role-catalog.js';
import { resourceNames, type Actual, type ActualUser, type Grant } from './model.js';

export interface ImportedFiles {
  [fileName: string]: string;
}


/**
 * `schemaPath` is the schema's path relative to the output folder, for the editor modeline
 * (`# yaml-language-server: $schema=...`) that gives completion and hover docs.
 */
export function importWorkspace(actual: Actual, options: { region: 'us' | 'eu'; now: Date; schemaPath: string }): ImportedFiles {
  const MODELINE = `# yaml-language-server: $schema=${options.schemaPath}`;
  const roles = new Map(actual.roles.map((r) => [r.id, r.name]));
  const names = resourceNames(actual);
  const isOwner = (u: ActualUser) => u.grants.some((g) => roleMeaning(roles.get(g.roleId) ?? '').level === 'owner');
  const ownerCount = [...actual.users.values()].filter(isOwner).length;

  const header = (what: string) => `${MODELINE}\n# Imported from workspace ${actual.workspace.slug} on ${options.now.toISOString().slice(0, 10)}: ${what}\n`;
  const workspaceDoc = {
    version: 1,
    workspace: { slug: actual.workspace.slug, region: options.region, name: actual.workspace.name },
    policy: { minOwners: Math.max(1, Math.min(ownerCount, 2)), unmanaged: 'remove' },
  };

  const memberships = new Map<string, string[]>();
  for (const g of [...actual.groups.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    for (const key of g.members.keys()) memberships.set(key, [...(memberships.get(key) ?? []), g.name]);
  }

  const users = [...actual.users.values()].sort((a, b) => (a.email.toLowerCase() < b.email.toLowerCase() ? -1 : 1));
  const members = users.map((u) => {
    const entry: Record<string, unknown> = { email: u.email };
    if (u.name) entry.name = u.name;
    const access = accessEntries(u.grants, roles, names);
    if (access.length === 1 && Object.keys(access[0]!).length === 1) entry.role = access[0]!.role;
    else if (access.length) entry.access = access;
    const groups = memberships.get(u.email.toLowerCase());
    if (groups) entry.groups = groups;
    return entry;
  });
  const files: ImportedFiles = {
    'workspace.yaml': header('the workspace and a starting policy') + new Document(workspaceDoc).toString(),
    'members.yaml': header('members and their direct access') + new Document({ version: 1, members }).toString(),
  };
  const invites = [...actual.invites.values()].sort((a, b) => (a.email.toLowerCase() < b.email.toLowerCase() ? -1 : 1));
  if (invites.length) {
    const inviteDoc = new Document({ version: 1, members: invites.map((i) => {
      const groups = memberships.get(i.email.toLowerCase());
      return groups ? { email: i.email, groups } : { email: i.email };
    }) });
    const seq = (inviteDoc.contents as YAMLMap).get('members') as YAMLSeq;
    seq.items.forEach((item) => {
      if (isMap(item)) item.commentBefore = ' Pending invite: its permissions cannot be read through the API, so none are listed.\n Add the access this person should have; plan leaves the invite alone until it is accepted or re-issued (--reinvite).';
    });
    files['invites.yaml'] = header('pending invites') + inviteDoc.toString();
  }
  files['groups.yaml'] = header('groups and their access') + groupsDoc(actual, roles, names).toString();
  return files;
}

function groupsDoc(actual: Actual, roles: Map<string, string>, names: Map<string, string>): Document {
  const groups = [...actual.groups.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((g) => {
    const access = accessEntries(g.grants, roles, names);
    return access.length ? { name: g.name, access } : { name: g.name };
  });
  return new Document({ version: 1, groups });
}

/** Canonical grants -> manifest access entries, grouping resources of one role into one entry. */
export function accessEntries(grants: readonly Grant[], roles: Map<string, string>, names: Map<string, string>): Array<Record<string, unknown>> {
  const entries: Array<Record<string, unknown>> = [];
  const scoped = new Map<string, string[]>();
  const scopeKey = { SOURCE: 'sources', WAREHOUSE: 'warehouses', SPACE: 'spaces', FUNCTION: 'functions' } as const;
  for (const g of grants) {
    const role = roles.get(g.roleId) ?? g.roleId;
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
