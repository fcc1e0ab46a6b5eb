// `segment-access doctor [DIR]`: read-only first contact with a workspace. It asks the questions
// Segment's documents leave open (docs/segment-api.md, "Unknowns") of this workspace, and says what
// the tool will therefore do here. Token and region come from DIR's workspace file as for `plan`,
// or from SEGMENT_API_TOKEN and --region without DIR (or the local workspace with --local).
import { peekWorkspace } from '../manifest/load.js';
import type { Ports } from '../ports/index.js';
import { SegmentApiError } from '../segment/errors.js';
import { UserError } from '../user-error.js';
import { plural } from '../words.js';
import { probeWorkspace, type Probe } from '../workspace/probe.js';
import { apiErrorText } from './prepare.js';

export interface DoctorInput {
  dir?: string;
  local?: boolean;
  /** With --local and no DIR: the local workspace's slug. */
  slug?: string;
  region: 'us' | 'eu';
  at: Date;
}

/** One conclusion: what the tool does on this workspace, and why. */
export interface Conclusion {
  topic: 'workspace' | 'iam' | 'groups' | 'audit-trail' | 'invites' | 'attribution' | 'roles' | 'floor' | 'size' | 'rate-limits';
  /** `problem`: the tool cannot work here until it is fixed; `limit`: it works, knowing less. */
  level: 'ok' | 'limit' | 'problem';
  text: string;
}

export interface DoctorReport {
  kind: 'Doctor';
  probe: Probe;
  region: 'us' | 'eu';
  /** The slug DIR's manifests describe, when DIR was given. */
  manifestSlug?: string;
  conclusions: Conclusion[];
  /** False when IAM could not be read: the tool cannot plan here (exit 1). */
  readable: boolean;
}

export async function doctor(ports: Pick<Ports, 'cwd' | 'segment'>, input: DoctorInput): Promise<DoctorReport> {
  const declared = input.dir !== undefined ? await peekWorkspace(input.dir, ports.cwd) : undefined;
  if (input.dir !== undefined && !declared) throw new UserError(`${input.dir} has no manifest that declares \`workspace:\` with a slug; run segment-access validate ${input.dir}`);
  const region = declared?.region ?? input.region;
  const slug = declared?.slug ?? (input.local ? input.slug : undefined);
  const connection = await ports.segment.connect({
    local: input.local, region, asOf: input.at, ...(slug !== undefined ? { slug } : {}), ...(declared?.tokenEnv ? { tokenEnv: declared.tokenEnv } : {}),
  });
  try {
    const probe = await probeWorkspace(connection.client, connection.target, input.at);
    return {
      kind: 'Doctor', probe, region, ...(declared ? { manifestSlug: declared.slug } : {}),
      conclusions: conclusions(probe, declared?.slug), readable: probe.iam.ok && probe.roles.ok,
    };
  } catch (err) {
    if (err instanceof SegmentApiError) throw new UserError(apiErrorText(err, connection.target));
    throw err;
  } finally {
    await connection.close();
  }
}

/** What the tool will do on this workspace, from what the probes found. Pure. */
export function conclusions(p: Probe, manifestSlug?: string): Conclusion[] {
  const out: Conclusion[] = [];
  const add = (topic: Conclusion['topic'], level: Conclusion['level'], text: string) => out.push({ topic, level, text });

  if (manifestSlug !== undefined && manifestSlug !== p.workspace.slug) {
    add('workspace', 'problem', `the token belongs to workspace ${p.workspace.slug}, but the manifests describe ${manifestSlug}: plan refuses until the token or workspace.slug is fixed`);
  }
  if (!p.iam.ok) add('iam', 'problem', `members and invites cannot be read (${p.iam.problem}): nothing can be planned; the token needs Workspace Owner access`);
  if (!p.roles.ok) add('roles', 'problem', `roles cannot be read (${p.roles.problem}): nothing can be planned`);

  if (p.groups.ok) add('groups', 'ok', `User Groups exist (${plural(p.groups.value.groups, 'group')}): groups are planned and applied`);
  else if (p.groups.status === 400) add('groups', 'limit', `this workspace's plan has no User Groups (${p.groups.problem}): it is planned without groups, and manifests that declare groups are refused with one error`);
  else add('groups', 'problem', `groups cannot be read (${p.groups.problem}): plan fails until they can`);

  if (!p.auditTrail.ok) {
    add('audit-trail', 'limit', `the Audit Trail cannot be read (${p.auditTrail.problem})`);
    add('invites', 'limit', 'invite ages unknown: pending invites are never re-sent automatically (apply --reinvite=EMAIL re-sends one)');
    add('attribution', 'limit', 'drift cannot say who changed what ("actor unknown")');
  } else {
    const a = p.auditTrail.value;
    add('audit-trail', 'ok', `the Audit Trail can be read (${plural(a.events, 'event')} on the first page of the last 30 days)`);
    if (a.inviteEvents === 0) {
      add('invites', 'limit', 'no invite event in the last 30 days to tell from: an invite no event names has an unknown age and is never re-sent automatically (apply --reinvite=EMAIL re-sends one)');
    } else if (a.inviteEventsNamingEmail === a.inviteEvents) {
      add('invites', 'ok', `${a.inviteEvents === 1 ? 'the recent invite event names' : `all ${a.inviteEvents} recent invite events name`} the invited email: invite ages are known, and an invite older than 7 days is re-issued by plan`);
    } else {
      const none = a.inviteEvents - a.inviteEventsNamingEmail;
      const which = a.inviteEventsNamingEmail === 0
        ? (a.inviteEvents === 1 ? 'the recent invite event names no email' : `none of the ${a.inviteEvents} recent invite events names an email`)
        : `${none} of ${a.inviteEvents} recent invite events name no email`;
      add('invites', 'limit', `${which}: invite ages are unknown where no event names the email, and such invites are never re-sent automatically (apply --reinvite=EMAIL re-sends one)`);
    }
    add('attribution', 'ok', 'drift names an actor only when an event\'s subject is the changed subject and its type fits the change; otherwise "actor unknown"');
  }

  if (p.roles.ok) {
    const r = p.roles.value;
    if (r.unknown.length) add('roles', 'limit', `${plural(r.unknown.length, 'served role')} segment-access does not know (${r.unknown.join(', ')}): accepted at plan time and called out as the most privileged`);
    if (r.renamed.length) add('roles', 'limit', `old role names served: ${r.renamed.map((x) => `${x.served} (today ${x.today})`).join(', ')}: manifests use the name this workspace serves`);
    if (r.notServed.length) add('roles', 'ok', `${plural(r.notServed.length, 'documented role')} not served here (${r.notServed.join(', ')}): manifests naming them are refused at plan time`);
    if (!r.unknown.length && !r.renamed.length && !r.notServed.length) add('roles', 'ok', `all ${r.served.length} served roles are in segment-access's catalog`);
  }

  const f = p.floor;
  if (!f.role) add('floor', 'limit', 'no Minimal Workspace Access role is served: a plan that would leave a member or group with no direct access is refused (an empty list is never sent)');
  else add('floor', 'ok', `Minimal Workspace Access is held by ${f.members} of ${plural(f.membersRead, 'member')} and ${f.groups} of ${plural(f.groupsRead, 'group')} read: it is kept as the floor, never removed, and "no direct access" is written as it`);

  add('size', 'ok', 'a role on more than 200 resources is split inside one request; a request that would need more than 200 permissions or labels is refused');
  add('rate-limits', p.rateLimit ? 'ok' : 'limit', p.rateLimit
    ? `X-RateLimit headers are sent (last: ${p.rateLimit.operation}, remaining ${p.rateLimit.remaining ?? '?'}, reset ${p.rateLimit.reset ?? '?'}): calls are paced by them`
    : 'no X-RateLimit headers were seen: calls are paced by 429 answers alone, each wait bounded by SEGMENT_ACCESS_MAX_WAIT');
  return out;
}
