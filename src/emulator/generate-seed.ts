// Scale generator: a realistic large workspace for benchmarks — users with mixed permissions, groups
// of varied size (some past 1,000 members, so member pagination matters), pending invites, and
// labelled sources with destinations. Deterministic for a given random seed.
import { idGenerator, seededRandom } from './ids.js';
import { ROLE_CATALOG, type EmulatorState, type StoredPermission } from './state.js';
import { DEMO_TOKEN_SECRET } from './demo-seed.js';

export interface GenerateOptions {
  users: number;
  groups: number;
  sources: number;
  invites?: number;
  warehouses?: number;
  slug?: string;
  seed?: number;
}

/** Parses `users=10000,groups=200,sources=1000[,invites=N,warehouses=N,seed=N,slug=S]`. */
export function parseGenerateSpec(text: string): GenerateOptions {
  const options: GenerateOptions = { users: 100, groups: 10, sources: 20 };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, value = ''] = part.split('=');
    if (key === 'slug') { options.slug = value; continue; }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`invalid generator setting "${part}": expected a whole number`);
    if (!['users', 'groups', 'sources', 'invites', 'warehouses', 'seed'].includes(key!)) {
      throw new Error(`unknown generator setting "${key}": use users, groups, sources, invites, warehouses, seed or slug`);
    }
    (options as unknown as Record<string, number>)[key!] = n;
  }
  return options;
}

export function generateSeed(options: GenerateOptions): EmulatorState {
  const random = seededRandom(options.seed ?? 42);
  const ids = idGenerator(random);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const workspaceId = ids.base58();
  const role = (name: string) => ROLE_CATALOG.find((r) => r.name === name)!.id;
  const envs = ['prod', 'staging', 'dev'];
  const teams = ['web', 'ios', 'android', 'server', 'billing', 'growth', 'search', 'data', 'ads', 'crm'];

  const sources = Array.from({ length: options.sources }, (_, i) => {
    const env = envs[i % envs.length]!;
    return {
      id: ids.base58(), slug: `${teams[i % teams.length]}-${env}-${i}`, name: `${teams[i % teams.length]} ${env} ${i}`,
      enabled: true, labels: [{ key: 'environment', value: env, description: '' }, { key: 'team', value: teams[i % teams.length]!, description: '' }],
    };
  });
  const destinations = sources.flatMap((s, i) =>
    Array.from({ length: 1 + (i % 3) }, (_, j) => ({ id: ids.base58(), name: `${s.slug}-dest-${j}`, sourceId: s.id, enabled: true, kind: pick(['amplitude', 'braze', 'webhooks', 'google-analytics-4']) })));
  const warehouses = Array.from({ length: options.warehouses ?? 5 }, (_, i) => ({ id: ids.base58(), name: `warehouse-${i}`, enabled: true, kind: pick(['Snowflake', 'BigQuery', 'Redshift']) }));
  const labels = [...envs.map((value) => ({ key: 'environment', value, description: '' })), ...teams.map((value) => ({ key: 'team', value, description: '' }))];

  const workspace = (name: string): StoredPermission => ({ roleId: role(name), resources: [{ id: workspaceId, type: 'WORKSPACE', labels: [] }] });
  const someSources = (name: string): StoredPermission => ({
    roleId: role(name),
    resources: Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ id: pick(sources).id, type: 'SOURCE' as const, labels: [] }))
      .filter((r, i, all) => all.findIndex((x) => x.id === r.id) === i),
  });
  const byLabel = (name: string): StoredPermission => ({
    roleId: role(name), resources: [{ id: workspaceId, type: 'WORKSPACE', labels: [{ key: 'environment', value: pick(envs) }] }],
  });
  const permissionsFor = (i: number): StoredPermission[] => {
    if (i < 5) return [workspace('Workspace Owner')];
    const r = random();
    if (r < 0.4) return [workspace('Source Read-only')];
    if (r < 0.6) return sources.length ? [someSources('Source Admin'), workspace('Source Read-only')] : [workspace('Source Admin')];
    if (r < 0.75) return [byLabel('Source Read-only'), workspace('Warehouse Destination Read-only')];
    if (r < 0.85) return [workspace('Warehouse Destination Read-only')];
    if (r < 0.95) return [workspace('Unify and Engage Read-only')];
    return [workspace('Source Admin'), workspace('Warehouse Destination Admin')];
  };
  const users = Array.from({ length: options.users }, (_, i) => ({
    id: ids.base58(), name: `User ${i}`, email: `user${i}@example.com`, permissions: permissionsFor(i),
  }));
  const inviteCount = options.invites ?? Math.floor(options.users / 100);
  const invites = Array.from({ length: inviteCount }, (_, i) => ({
    email: `invitee${i}@example.com`, permissions: [workspace('Source Read-only')], createdAt: '2026-11-01T00:00:00.000Z',
  }));
  // Group sizes: a few large groups (over 1,000 members when there are enough users), most small.
  const groups = Array.from({ length: options.groups }, (_, i) => {
    const size = i < 2 ? Math.min(users.length, 1200 + i * 100) : Math.min(users.length, 5 + Math.floor(random() * 60));
    const start = Math.floor(random() * Math.max(1, users.length - size));
    const members = users.slice(start, start + size).map((u) => u.email);
    if (i % 10 === 0 && invites.length) members.push(pick(invites).email);
    return { id: ids.ksuid(), name: `group-${i}`, permissions: [workspace(pick(['Source Read-only', 'Warehouse Destination Read-only', 'Unify and Engage Read-only']))], members: [...new Set(members)] };
  });
  return {
    version: 1,
    workspace: { id: workspaceId, slug: options.slug ?? 'scale-test', name: 'Generated workspace' },
    tokens: [{ id: 'TJ7z8cg6', secret: DEMO_TOKEN_SECRET, description: 'generated seed token' }],
    roles: ROLE_CATALOG.map((r) => ({ ...r })),
    users, invites, groups, sources, destinations, warehouses, labels,
    spaces: [{ id: ids.base58(), slug: 'main', name: 'Main space' }],
    functions: [],
    auditEvents: [],
    nextEventId: 1,
  };
}
