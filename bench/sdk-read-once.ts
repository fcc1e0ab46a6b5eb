// One read of a workspace in a fresh process with Segment's official TypeScript SDK, for comparison
// with bench/read-once.ts. SDK_STYLE=overlap (the default) gives the SDK this tool's own overlap: the
// same lists at 1,000 per page, each group's users and invites, one Audit Trail page, at most 16
// requests in flight, each list's pages read in turn. SDK_STYLE=docs reads as Segment's docs would
// have one write it: 200 per page (the documented default), the lists one after the other, then the
// groups' members 16 at a time. Prints its figures as one JSON line.
import sdk from '@segment/public-api-sdk-typescript';

const url = process.env.SEGMENT_API_URL!;
const token = process.env.SEGMENT_API_TOKEN!;
const IN_FLIGHT = 16;
const DOCS = process.env.SDK_STYLE === 'docs';
const COUNT = DOCS ? 200 : 1000;

const configure = <T extends { accessToken: string | (() => string) }>(api: T): T => { api.accessToken = token; return api; };
const api = {
  workspaces: configure(new sdk.WorkspacesApi(url)), roles: configure(new sdk.IAMRolesApi(url)),
  users: configure(new sdk.IAMUsersApi(url)), groups: configure(new sdk.IAMGroupsApi(url)),
  sources: configure(new sdk.SourcesApi(url)), destinations: configure(new sdk.DestinationsApi(url)),
  warehouses: configure(new sdk.WarehousesApi(url)), labels: configure(new sdk.LabelsApi(url)),
  spaces: configure(new sdk.SpacesApi(url)), audit: configure(new sdk.AuditTrailApi(url)),
};

// A counting semaphore: the same cap as the tool's client.
let active = 0;
let requests = 0;
const waiting: Array<() => void> = [];
async function limited<T>(call: () => Promise<T>): Promise<T> {
  if (active >= IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  active++;
  requests++;
  try {
    return await call();
  } finally {
    active--;
    waiting.shift()?.();
  }
}

type Answer<D> = Promise<{ body: { data?: D } }>;
/** Every page of one list, following `pagination.next`; `items` takes a page's entries. */
async function all<D extends { pagination?: { next?: string | null } }, T>(read: (pagination: sdk.PaginationInput) => Answer<D>, items: (data: D) => T[]): Promise<T[]> {
  const found: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await limited(() => read({ count: COUNT, ...(cursor ? { cursor } : {}) }));
    if (page.body.data) found.push(...items(page.body.data));
    cursor = page.body.data?.pagination?.next ?? undefined;
  } while (cursor);
  return found;
}

const started = performance.now();
if (DOCS) {
  // One list after another, as a script following the docs' pagination page would; then the
  // groups' members, 16 groups at a time.
  await limited(() => api.workspaces.getWorkspace());
  await all((p) => api.roles.listRoles(p), (d) => d.roles);
  const users = await all((p) => api.users.listUsers(p), (d) => d.users);
  const invites = await all((p) => api.users.listInvites(p), (d) => d.invites);
  const groups = await all((p) => api.groups.listUserGroups(p), (d) => d.userGroups);
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < groups.length) {
      const g = groups[next++]!;
      await all((p) => api.groups.listUsersFromUserGroup(g.id, p), (d) => d.users);
      await all((p) => api.groups.listInvitesFromUserGroup(g.id, p), (d) => d.emails);
    }
  }));
  const sources = await all((p) => api.sources.listSources(p), (d) => d.sources);
  await all((p) => api.destinations.listDestinations(p), (d) => d.destinations);
  await all((p) => api.warehouses.listWarehouses(p), (d) => d.warehouses);
  await limited(() => api.labels.listLabels());
  await all((p) => api.spaces.listSpaces(p), (d) => d.spaces);
  const wallMs = performance.now() - started;
  console.log(JSON.stringify({ wallMs: Math.round(wallMs), users: users.length, invites: invites.length, groups: groups.length, sources: sources.length, requests }));
  process.exit(0);
}
const groupsRead = all((p) => api.groups.listUserGroups(p), (d) => d.userGroups).then((groups) => Promise.all(groups.map((g) => Promise.all([
  all((p) => api.groups.listUsersFromUserGroup(g.id, p), (d) => d.users),
  all((p) => api.groups.listInvitesFromUserGroup(g.id, p), (d) => d.emails),
]))));
const [, , users, invites, groupMembers, sources] = await Promise.all([
  limited(() => api.workspaces.getWorkspace()),
  all((p) => api.roles.listRoles(p), (d) => d.roles),
  all((p) => api.users.listUsers(p), (d) => d.users),
  all((p) => api.users.listInvites(p), (d) => d.invites),
  groupsRead,
  all((p) => api.sources.listSources(p), (d) => d.sources),
  all((p) => api.destinations.listDestinations(p), (d) => d.destinations),
  all((p) => api.warehouses.listWarehouses(p), (d) => d.warehouses),
  limited(() => api.labels.listLabels()),
  all((p) => api.spaces.listSpaces(p), (d) => d.spaces),
  limited(() => api.audit.listAuditEvents({ count: COUNT }, '2026-10-23T00:00:00Z')),
]);
const wallMs = performance.now() - started;
console.log(JSON.stringify({
  wallMs: Math.round(wallMs), users: users.length, invites: invites.length, groups: groupMembers.length, sources: sources.length, requests,
}));
