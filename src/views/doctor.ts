// What `segment-access doctor` says: the workspace, what could be read, and what the tool will do
// there. Names and messages come from the workspace and the API: each is kept to one line.
import type { DoctorReport } from '../usecases/doctor.js';
import { plural } from '../words.js';
import { printed, type Printed } from './output.js';

export type DoctorFormat = 'text' | 'json';

const line = (text: string) => text.replace(/[\r\n]+/g, ' ');
const MARK = { ok: 'ok   ', limit: 'limit', problem: 'FIX  ' } as const;

function text(r: DoctorReport): string {
  const p = r.probe;
  const out = [
    line(`Workspace ${p.workspace.slug} (${p.workspace.name}, id ${p.workspace.id}), region ${r.region}, at ${p.target}`),
    '',
    'What could be read (one page of each list, nothing written):',
    line(`  members and invites: ${p.iam.ok ? `${plural(p.iam.value.members, 'member')}, ${plural(p.iam.value.invites, 'pending invite')}` : p.iam.problem}`),
    line(`  roles: ${p.roles.ok ? `${p.roles.value.served.length} served` : p.roles.problem}`),
    line(`  User Groups: ${p.groups.ok ? plural(p.groups.value.groups, 'group') : p.groups.problem}`),
    line(`  Audit Trail: ${p.auditTrail.ok ? `${plural(p.auditTrail.value.events, 'event')} in the last 30 days (first page); ${p.auditTrail.value.inviteEventsNamingEmail} of ${plural(p.auditTrail.value.inviteEvents, 'invite event')} name an email` : p.auditTrail.problem}`),
    line(`  Minimal Workspace Access: ${p.floor.role ? `held by ${p.floor.members} of ${plural(p.floor.membersRead, 'member')} and ${p.floor.groups} of ${plural(p.floor.groupsRead, 'group')} read` : 'not served'}`),
    line(`  rate-limit headers: ${p.rateLimit ? `consumed ${p.rateLimit.consumed ?? '?'}, remaining ${p.rateLimit.remaining ?? '?'}, reset ${p.rateLimit.reset ?? '?'} (${p.rateLimit.operation})` : 'none seen'}`),
    '',
    'What segment-access will do here:',
    ...r.conclusions.map((c) => line(`  ${MARK[c.level]} ${c.topic}: ${c.text}`)),
    '',
    r.readable ? `${p.requests} read-only requests; nothing was changed.` : 'segment-access cannot plan this workspace until the problems marked FIX are solved.',
  ];
  return `${out.join('\n')}\n`;
}

export const doctorViews: Record<DoctorFormat, (r: DoctorReport) => Printed> = {
  text: (r) => printed({ stdout: text(r) }),
  json: (r) => printed({ stdout: `${JSON.stringify({ workspace: r.probe.workspace, region: r.region, target: r.probe.target, ...(r.manifestSlug ? { manifest_slug: r.manifestSlug } : {}), readable: r.readable, probe: r.probe, conclusions: r.conclusions }, null, 2)}\n` }),
};
