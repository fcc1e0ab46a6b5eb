// Workspace, roles, and the resources permissions point at (sources, destinations, warehouses,
// labels, spaces, functions), plus the audit trail. Shapes follow the v47 models, including the
// fields a reconciler must not rely on (empty writeKeys, free-form warehouse settings).
import { ApiError } from './errors.js';
import { idGenerator } from './ids.js';
import { page, pageRequest, type PageRequest } from './pagination.js';
import { route, type Route } from './routes.js';
import { FUNCTION_TYPES, type EmulatorState } from './state.js';
import { MINIMAL_WORKSPACE_ACCESS, unknownsOf } from './unknowns.js';

/** The roles a Free or Team plan serves (`groups=unavailable`): docs/segment-api.md, "Groups". */
const TEAM_ROLES = new Set(['Workspace Owner', 'Source Admin', MINIMAL_WORKSPACE_ACCESS]);

type Json = Record<string, unknown>;

function renderSource(state: EmulatorState, s: EmulatorState['sources'][number]): Json {
  return {
    id: s.id, slug: s.slug, name: s.name, workspaceId: state.workspace.id, enabled: s.enabled,
    writeKeys: [], // empty unless the token has Source Admin: readers must not infer anything from it
    labels: s.labels.map((l) => ({ key: l.key, value: l.value, description: l.description ?? '' })),
    metadata: { id: `meta_${s.metadataSlug ?? 'javascript'}`, name: s.metadataSlug ?? 'Javascript', slug: s.metadataSlug ?? 'javascript', categories: [], isCloudEventSource: false },
  };
}

/** Audit-trail cursors are base64 JSON in the real API; the emulator keeps an offset inside. */
function auditPage(query: Parameters<Route['handler']>[0]['query']): PageRequest {
  const pagination = query.objects.get('pagination');
  const cursor = pagination?.get('cursor');
  if (cursor) {
    try {
      const { offset } = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { offset: number };
      pagination!.set('cursor', Buffer.from(String(offset)).toString('base64'));
    } catch {
      throw ApiError.validation('pagination.cursor is not a valid cursor', 'pagination.cursor');
    }
  }
  return pageRequest(query);
}

const jsonCursor = (c: string | undefined) =>
  c === undefined ? undefined : Buffer.from(JSON.stringify({ offset: Number(Buffer.from(c, 'base64').toString('utf8')) })).toString('base64');

export function catalogRoutes(): Route[] {
  return [
    route('GET', '/', 'getWorkspace', false, (ctx) => ({ data: { workspace: { ...ctx.state.workspace } } })),
    route('GET', '/roles', 'listRoles', false, (ctx) => {
      // A Free or Team plan grants only Workspace Owner and Source Admin (and holds the floor).
      const roles = unknownsOf(ctx.state).groups === 'unavailable' ? ctx.state.roles.filter((r) => TEAM_ROLES.has(r.name)) : ctx.state.roles;
      const { items, pagination } = page(roles, pageRequest(ctx.query));
      return { data: { roles: items, pagination } };
    }),
    route('GET', '/sources', 'listSources', false, (ctx) => {
      const { items, pagination } = page(ctx.state.sources, pageRequest(ctx.query));
      return { data: { sources: items.map((s) => renderSource(ctx.state, s)), pagination } };
    }),
    route('GET', '/sources/{sourceId}', 'getSource', false, (ctx) => {
      const s = ctx.state.sources.find((x) => x.id === ctx.params.sourceId);
      if (!s) throw ApiError.notFound();
      return { data: { source: renderSource(ctx.state, s), trackingPlanId: null } };
    }),
    route('GET', '/destinations', 'listDestinations', false, (ctx) => {
      const { items, pagination } = page(ctx.state.destinations, pageRequest(ctx.query));
      return {
        data: {
          destinations: items.map((d) => ({
            id: d.id, name: d.name, enabled: d.enabled, sourceId: d.sourceId,
            metadata: { id: `meta_${d.kind}`, slug: d.kind, name: d.kind, status: 'PUBLIC' }, settings: {},
          })),
          pagination,
        },
      };
    }),
    route('GET', '/warehouses', 'listWarehouses', false, (ctx) => {
      const { items, pagination } = page(ctx.state.warehouses, pageRequest(ctx.query));
      return {
        data: {
          warehouses: items.map((w) => ({
            id: w.id, workspaceId: ctx.state.workspace.id, enabled: w.enabled, settings: { name: w.name },
            metadata: { id: `meta_${w.kind}`, name: w.kind, slug: w.kind.toLowerCase(), description: '', logos: {}, options: [] },
          })),
          pagination,
        },
      };
    }),
    route('GET', '/labels', 'listLabels', false, (ctx) => ({
      data: { labels: ctx.state.labels.map((l) => ({ key: l.key, value: l.value, description: l.description ?? '' })) },
    })),
    route('POST', '/labels', 'createLabel', true, (ctx) => {
      const label = (ctx.body as Json)?.label as Json | undefined;
      if (typeof label?.key !== 'string' || typeof label?.value !== 'string' || !label.key || !label.value) {
        throw ApiError.validation('label.key and label.value are required', 'label');
      }
      if (ctx.state.labels.some((l) => l.key === label.key && l.value === label.value)) {
        throw new ApiError(409, 'Conflict', `label ${label.key}:${label.value} already exists`);
      }
      const created = { key: label.key, value: label.value, description: typeof label.description === 'string' ? label.description : '' };
      ctx.state.labels.push(created);
      ctx.audit('Label Created', 'label', `${created.key}:${created.value}`, `${created.key}:${created.value}`);
      return { status: 201, data: { label: created } };
    }),
    route('DELETE', '/labels/{key}/{value}', 'deleteLabel', true, (ctx) => {
      const { key, value } = ctx.params;
      if (!ctx.state.labels.some((l) => l.key === key && l.value === value)) throw ApiError.notFound();
      ctx.state.labels = ctx.state.labels.filter((l) => !(l.key === key && l.value === value));
      ctx.audit('Label Deleted', 'label', `${key}:${value}`, `${key}:${value}`);
      return { data: { status: 'SUCCESS' } };
    }),
    route('GET', '/spaces', 'listSpaces', false, (ctx) => {
      const { items, pagination } = page(ctx.state.spaces, pageRequest(ctx.query));
      return { data: { spaces: items, pagination } };
    }),
    route('GET', '/functions', 'listFunctions', false, (ctx) => {
      const type = ctx.query.scalars.get('resourceType');
      if (!type || !(FUNCTION_TYPES as readonly string[]).includes(type)) {
        throw ApiError.validation(`resourceType must be one of ${FUNCTION_TYPES.join(', ')}`, 'resourceType');
      }
      const { items, pagination } = page(ctx.state.functions.filter((f) => f.resourceType === type), pageRequest(ctx.query));
      return { data: { functions: items, pagination } };
    }),
    route('GET', '/audit-events', 'listAuditEvents', false, (ctx) => {
      const start = ctx.query.scalars.get('startTime');
      const end = ctx.query.scalars.get('endTime');
      const resourceId = ctx.query.scalars.get('resourceId');
      const resourceType = ctx.query.scalars.get('resourceType');
      for (const [name, value] of [['startTime', start], ['endTime', end]] as const) {
        if (value !== undefined && Number.isNaN(Date.parse(value))) throw ApiError.validation(`${name} must be an ISO-8601 time`, name);
      }
      const events = ctx.state.auditEvents
        .filter((e) => (!start || e.timestamp >= new Date(start).toISOString()) && (!end || e.timestamp <= new Date(end).toISOString()))
        .filter((e) => (!resourceId || e.resourceId === resourceId) && (!resourceType || e.resourceType.toLowerCase() === resourceType.toLowerCase()))
        .slice()
        .reverse(); // newest first, as the Audit Trail shows it
      const { items, pagination } = page(events, auditPage(ctx.query));
      return {
        data: {
          events: items,
          pagination: { ...pagination, current: jsonCursor(pagination.current), next: jsonCursor(pagination.next), previous: jsonCursor(pagination.previous) },
        },
      };
    }),
  ];
}

/** Test-only endpoints under /__emulator (not part of the Public API). */
export function emulatorRoutes(): Route[] {
  return [
    route('POST', '/__emulator/invites/accept', 'acceptInvite', true, (ctx) => {
      const email = (ctx.body as Json)?.email;
      if (typeof email !== 'string') throw ApiError.validation('email is required', 'email');
      const invite = ctx.state.invites.find((i) => i.email.toLowerCase() === email.toLowerCase());
      if (!invite) throw ApiError.notFound(`no invite for ${email}`);
      ctx.state.invites = ctx.state.invites.filter((i) => i !== invite);
      const id = idGenerator().base58();
      const mwa = ctx.state.roles.find((r) => r.name === MINIMAL_WORKSPACE_ACCESS);
      const floor = mwa && unknownsOf(ctx.state).mwa === 'default' && !invite.permissions.some((p) => p.roleId === mwa.id)
        ? [{ roleId: mwa.id, resources: [{ id: ctx.state.workspace.id, type: 'WORKSPACE' as const, labels: [] }] }] : [];
      const u = { id, name: '', email: invite.email, permissions: [...invite.permissions, ...floor] };
      ctx.state.users.push(u);
      // Group memberships are stored by email, so they carry over to the new user unchanged.
      ctx.audit('User Invite Accepted', 'user', u.id, u.email);
      return { data: { user: { id: u.id, name: u.name, email: u.email } } };
    }),
  ];
}
