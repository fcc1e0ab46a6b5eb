// `drift --adopt`: the workspace changed outside git, and the change is to stay. Each difference
// the plan would revert is written into the manifests instead, so that git says what the workspace
// has and the next plan shows nothing to do: a person or group added by hand becomes an entry in
// `adopted.yaml` (with a comment saying when and by whom, from the Audit Trail), access or group
// memberships changed by hand replace what the manifests said, and a person or group removed by
// hand leaves the manifests. Differences the manifests mean (an expiry that ended access, an invite
// past its validity) are not drift and stay. Pure: plan, workspace and file texts in, file texts out.
import { Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { formatManifest } from '../manifest/fmt.js';
import { emailDomain } from '../manifest/grants.js';
import { lineIndex } from '../manifest/positions.js';
import { scopeProblem } from '../manifest/role-catalog.js';
import { accessEntries } from '../workspace/import.js';
import { resourceNames, type Actual } from '../workspace/model.js';
import { attributeChange, attributionText } from './attribution.js';
import type { AuditEvent } from '../workspace/audit.js';
import type { Change, GroupChange, PersonChange, Plan } from './types.js';

export interface AdoptInput {
  plan: Plan;
  actual: Actual;
  /** The manifest files as loaded: path (relative to the working directory) and text. */
  files: ReadonlyArray<{ path: string; text: string }>;
  /** The workspace folder (relative to the working directory), where adopted.yaml goes. */
  folder: string;
  events?: readonly AuditEvent[];
  /** policy.temporaryDomains: an adopted person of these domains needs an end date. */
  temporaryDomains?: readonly string[];
  /** policy.allowedEmailDomains: a person of another domain is written as a commented entry, never as one validate refuses. */
  allowedEmailDomains?: readonly string[];
  now: Date;
  /** Path of the schema relative to the folder, for the editor modeline of a new adopted.yaml. */
  schemaPath: string;
}

export interface AdoptResult {
  /** New text per file path (relative to the working directory). */
  files: Map<string, string>;
  /** One line per difference adopted, for the person running it. */
  adopted: string[];
  /** One line per difference left as drift, and why (a manifest cannot say it as the workspace has it). */
  refused: string[];
}

/** Control characters: the schema refuses them in every name (and they would reach terminals raw). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const shown = (text: string) => JSON.stringify(text);

/** Why access as the workspace has it cannot be written in a manifest (a scope the role cannot take there). */
function unwritable(access: ReadonlyArray<Record<string, unknown>>): string | undefined {
  for (const entry of access) {
    const problem = scopeProblem(entry as { role: string });
    if (problem) return problem.message;
  }
  return undefined;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function adoptDrift(input: AdoptInput): AdoptResult {
  const { plan, actual } = input;
  const roles = new Map(actual.roles.map((r) => [r.id, r.name]));
  const names = resourceNames(actual);
  const entriesOf = (grants: ReadonlyArray<{ grant: Parameters<typeof accessEntries>[0][number] }>) => accessEntries(grants.map((g) => g.grant), roles, names);
  const docs = new Map<string, ReturnType<typeof parseDocument>>();
  /** Files changed only by removing entries: those lines are cut, and every other line stays as written. */
  const cuts = new Map<string, Array<[number, number]>>();
  const edited = new Set<string>();
  const doc = (file: string) => {
    let d = docs.get(file);
    if (!d) {
      const text = input.files.find((f) => f.path === file)?.text;
      d = parseDocument(text ?? '');
      docs.set(file, d);
    }
    return d;
  };
  const adoptedPath = `${input.folder === '.' ? '' : `${input.folder}/`}adopted.yaml`;
  const adoptedDoc = () => {
    if (!docs.has(adoptedPath) && !input.files.some((f) => f.path === adoptedPath)) {
      // The editor modeline the folder's other files use, so adopted.yaml points at the same schema.
      const modeline = input.files.map((f) => f.text.split('\n', 1)[0]!).find((l) => l.startsWith('# yaml-language-server: $schema='))
        ?? `# yaml-language-server: $schema=${input.schemaPath}`;
      const fresh = parseDocument(`${modeline}\n# People and groups added in Segment outside git, written here by \`segment-access drift --adopt\`.\n# Move them to the file where they belong (and review their access) whenever you like.\nversion: 1\n`);
      docs.set(adoptedPath, fresh);
    }
    return doc(adoptedPath);
  };
  const adopted: string[] = [];
  const refused: string[] = [];
  const allowed = (input.allowedEmailDomains ?? []).map((d) => d.toLowerCase());
  // Groups a person's `groups:` may name afterwards: those in the manifests, and those adopted now.
  const knownGroups = new Set([
    ...input.files.flatMap((f) => {
      const list = parseDocument(f.text).get('groups', true);
      return isSeq(list) ? list.items.filter(isMap).map((g) => String(g.get('name')).toLowerCase()) : [];
    }),
    ...plan.changes.filter((c) => c.action === 'delete-group').map((c) => (c.subject.kind === 'group' ? c.subject.name.toLowerCase() : '')),
  ]);
  const why = (change: Change) => {
    const key = change.subject.kind === 'person' ? change.subject.email.toLowerCase() : undefined;
    const user = key ? actual.users.get(key) : undefined;
    const groupIds = new Map([...actual.groups.values()].map((g) => [g.name.toLowerCase(), g.id]));
    return attributionText(attributeChange(input.events ?? [], change, { ...(user ? { userId: user.id } : {}), groupIdOf: (n) => groupIds.get(n.toLowerCase()) }), actual.auditTrail);
  };
  /** The entry a change's manifest reason points at, in its file. */
  const located = (change: Change, list: 'members' | 'groups', key: 'email' | 'name', value: string) => {
    const ref = change.reasons.find((r) => r.kind === 'manifest');
    if (!ref || ref.kind !== 'manifest') return undefined;
    const node = findItem(doc(ref.ref.file), list, key, value);
    return node ? { file: ref.ref.file, node } : undefined;
  };
  /** Removes an entry removed by hand: its lines are cut from the file. */
  const drop = (where: { file: string; node: YAMLMap }, list: 'members' | 'groups', line: string) => {
    cut(cuts, where.file, where.node);
    removeItem(doc(where.file), list, where.node);
    adopted.push(line);
  };
  /** An entry's access becomes what the workspace gives: explicit entries, no profile (or role shorthand). */
  const replaceAccess = (file: string, node: YAMLMap, access: ReadonlyArray<Record<string, unknown>>, comment: string, who: string) => {
    node.delete('profile');
    if (access.length) node.set('access', doc(file).createNode(access));
    else node.delete('access');
    inline(node);
    node.commentBefore = comment;
    edited.add(file);
    adopted.push(`${who}: access in ${file} set to what the workspace gives`);
  };
  const adoptedGroups: GroupChange[] = [];
  const note = (change: Change, what: string) => ` ${what} in Segment outside git — ${why(change)}; adopted by drift --adopt on ${day(input.now)}.`;

  for (const change of plan.changes) {
    if (change.reasons.some((r) => r.kind === 'expired' || r.kind === 'invite-expired' || r.kind === 'reinvite-requested')) continue;
    if (change.subject.kind === 'person') {
      const person = change as PersonChange;
      const email = change.subject.email;
      if (change.action === 'remove' || change.action === 'cancel-invite') {
        if (CONTROL.test(email)) {
          refused.push(`${shown(email)}: not adopted, the email holds control characters; remove this person in Segment`);
          continue;
        }
        const entry: Record<string, unknown> = { email };
        const user = actual.users.get(email.toLowerCase());
        const nameNote = user?.name && CONTROL.test(user.name) ? '\n name: left out, it holds control characters.' : '';
        if (user?.name && !nameNote) entry.name = user.name;
        const access = entriesOf(person.before.direct);
        const cannot = unwritable(access);
        if (cannot) {
          refused.push(`${email}: not adopted, a manifest cannot say the access the workspace gives (${cannot})`);
          continue;
        }
        if (access.length) entry.access = access;
        if (person.before.groups.length) entry.groups = person.before.groups;
        if (input.temporaryDomains?.some((d) => d.toLowerCase() === emailDomain(email).toLowerCase())) {
          entry.expires = day(new Date(input.now.getTime() + 30 * 86_400_000));
        }
        if (allowed.length && !allowed.includes(emailDomain(email).toLowerCase())) {
          // Written as a comment: an entry validate refuses would leave the folder broken.
          const sketch = parseDocument('').createNode([entry]);
          inline(sketch.items[0] as YAMLMap);
          const lines = new Document(sketch).toString({ flowCollectionPadding: true, lineWidth: 0 }).trimEnd().split('\n');
          commentsAfter(adoptedDoc(), 'members', [
            ` Not adopted: ${email} is outside policy.allowedEmailDomains (${allowed.join(', ')}); ${change.action === 'remove' ? 'added' : 'invited'} in Segment outside git — ${why(change)}.`,
            ' Add the domain to the policy and uncomment this entry, or remove this person in Segment:',
            ...lines.map((l) => ` ${l}`),
          ]);
          refused.push(`${email}: not adopted, outside policy.allowedEmailDomains (written as a comment in ${adoptedPath})`);
          continue;
        }
        const item = appendTo(adoptedDoc(), 'members', entry);
        item.commentBefore = note(change, change.action === 'remove' ? 'Added' : 'Invited (pending: its permissions cannot be read, none are listed)')
          + (entry.expires ? `\n expires: set 30 days ahead because policy.temporaryDomains requires an end date; choose the right one.` : '') + nameNote;
        adopted.push(`${email}: added to ${adoptedPath}`);
        continue;
      }
      const where = located(change, 'members', 'email', email);
      if (!where) continue;
      const { file, node: member } = where;
      if (change.action === 'invite') {
        drop(where, 'members', `${email}: removed from ${file} (not in the workspace any more)`);
        continue;
      }
      if (change.actions.includes('update-access')) {
        const access = entriesOf(person.before.direct);
        const cannot = unwritable(access);
        if (cannot) {
          refused.push(`${email}: access not adopted, a manifest cannot say what the workspace gives (${cannot})`);
        } else {
          member.delete('role');
          replaceAccess(file, member, access, note(change, 'Access changed'), email);
        }
      }
      if (change.actions.includes('join-groups') || change.actions.includes('leave-groups')) {
        const groups = person.before.groups.filter((g) => knownGroups.has(g.toLowerCase()));
        if (groups.length) member.set('groups', doc(file).createNode(groups));
        else member.delete('groups');
        inline(member);
        edited.add(file);
        adopted.push(`${email}: groups in ${file} set to ${groups.join(', ') || 'none'}`);
      }
      continue;
    }
    const groupChange = change as GroupChange;
    const name = change.subject.name;
    if (change.action === 'delete-group') {
      if (CONTROL.test(name)) {
        refused.push(`group ${shown(name)}: not adopted, its name holds control characters; rename it in Segment, then adopt again`);
        continue;
      }
      const entry: Record<string, unknown> = { name };
      const access = entriesOf(groupChange.before.grants);
      const cannot = unwritable(access);
      if (cannot) {
        refused.push(`group ${name}: not adopted, a manifest cannot say the access the workspace gives it (${cannot})`);
        continue;
      }
      if (access.length) entry.access = access;
      appendTo(adoptedDoc(), 'groups', entry).commentBefore = note(change, 'Created');
      adopted.push(`group ${name}: added to ${adoptedPath}`);
      adoptedGroups.push(groupChange);
      continue;
    }
    const where = located(change, 'groups', 'name', name);
    if (!where) continue;
    const { file, node: group } = where;
    if (change.action === 'create-group') {
      drop(where, 'groups', `group ${name}: removed from ${file} (deleted in the workspace)`);
      continue;
    }
    const before = groupChange.before.grants.map((g) => g.grant);
    const after = groupChange.after.grants.map((g) => g.grant);
    if (JSON.stringify(entriesOf(groupChange.before.grants)) !== JSON.stringify(entriesOf(groupChange.after.grants)) || before.length !== after.length) {
      const access = entriesOf(groupChange.before.grants);
      const cannot = unwritable(access);
      if (cannot) refused.push(`group ${name}: access not adopted, a manifest cannot say what the workspace gives it (${cannot})`);
      else replaceAccess(file, group, access, note(change, 'Permissions changed'), `group ${name}`);
    }
  }
  // The members of a group adopted now: the manifests' people get it in their `groups:` (people
  // adopted now already list it), or the next plan would take them out of it again.
  for (const g of adoptedGroups) {
    for (const email of g.before.members) {
      const key = email.toLowerCase();
      const person = plan.changes.find((c) => c.subject.kind === 'person' && c.subject.email.toLowerCase() === key);
      if (person && (person.action === 'remove' || person.action === 'cancel-invite')) continue;
      const where = findMember(input.files.map((f) => f.path), doc, key);
      if (!where) continue;
      const current = where.node.get('groups', true);
      const names = isSeq(current) ? current.items.map((i) => String(isScalar(i) ? i.value : i)) : [];
      if (names.some((n) => n.toLowerCase() === g.subject.name.toLowerCase())) continue;
      where.node.set('groups', doc(where.file).createNode([...names, g.subject.name]));
      inline(where.node);
      edited.add(where.file);
      adopted.push(`${email}: joins group ${g.subject.name} in ${where.file}, as in the workspace`);
    }
  }
  const files = new Map<string, string>();
  for (const [file, d] of docs) {
    const original = input.files.find((f) => f.path === file)?.text;
    const ranges = cuts.get(file);
    if (original !== undefined && ranges && !edited.has(file) && file !== adoptedPath) {
      files.set(file, cutLines(original, ranges));
      continue;
    }
    if (original !== undefined && !ranges && !edited.has(file) && file !== adoptedPath) continue;
    files.set(file, formatManifest(d.toString({ flowCollectionPadding: true, lineWidth: 0 })));
  }
  return { files, adopted, refused };
}

/** Records the lines of an item (and the comment lines directly above it) to cut from its file's text. */
function cut(cuts: Map<string, Array<[number, number]>>, file: string, item: YAMLMap): void {
  const ranges = cuts.get(file);
  if (ranges) ranges.push([item.range![0], item.range![1]]);
  else cuts.set(file, [[item.range![0], item.range![1]]]);
}

/** The text without the whole lines that hold each range; a list left empty loses its key too. */
function cutLines(text: string, ranges: ReadonlyArray<[number, number]>): string {
  const drop = new Set<number>();
  const position = lineIndex(text);
  const lineOf = (offset: number) => position(offset).line - 1;
  const lines = text.split('\n');
  for (const [from, to] of ranges) {
    const first = lineOf(from);
    const last = lineOf(Math.max(from, to - 1));
    for (let i = first; i <= last; i++) drop.add(i);
  }
  let kept = lines.filter((_, i) => !drop.has(i)).join('\n');
  // A `members:` or `groups:` key whose items are all gone is removed with them.
  const reparsed = parseDocument(kept);
  for (const key of ['members', 'groups']) {
    const value = reparsed.get(key, true);
    if (isSeq(value) && value.items.length === 0) kept = kept.replace(new RegExp(`^${key}:[ \t]*(#.*)?\n`, 'm'), '');
    else if (value === null || (isScalar(value) && value.value === null)) kept = kept.replace(new RegExp(`^${key}:[ \t]*(#.*)?\n`, 'm'), '');
  }
  return kept;
}

function listOf(doc: Document, key: string): YAMLSeq | undefined {
  const list = doc.get(key, true);
  return isSeq(list) ? list : undefined;
}

function findItem(doc: Document, list: string, key: string, value: string): YAMLMap | undefined {
  return listOf(doc, list)?.items.find((item): item is YAMLMap => isMap(item) && isScalar(item.get(key, true)) && String(item.get(key)).toLowerCase() === value.toLowerCase());
}

/** A member's entry by email, in whichever manifest file holds it. */
function findMember(files: readonly string[], doc: (file: string) => Document, key: string): { file: string; node: YAMLMap } | undefined {
  for (const file of files) {
    const node = findItem(doc(file), 'members', 'email', key);
    if (node) return { file, node };
  }
  return undefined;
}

/** Comment lines after the last item of a list (the list is created, empty, when missing). */
function commentsAfter(doc: Document, list: string, lines: readonly string[]): void {
  let seq = listOf(doc, list);
  if (!seq) {
    doc.set(list, doc.createNode([]));
    seq = listOf(doc, list)!;
  }
  seq.comment = [seq.comment, ...lines].filter((l) => l !== undefined && l !== null).join('\n');
}

function removeItem(doc: Document, list: string, item: YAMLMap): void {
  const seq = listOf(doc, list)!;
  seq.items = seq.items.filter((i) => i !== item);
  if (seq.items.length === 0) doc.delete(list);
}

function appendTo(doc: Document, list: string, entry: Record<string, unknown>): YAMLMap {
  let seq = listOf(doc, list);
  if (!seq) {
    doc.set(list, doc.createNode([]));
    seq = listOf(doc, list)!;
  }
  const node = doc.createNode(entry) as YAMLMap;
  inline(node);
  seq.items.push(node);
  return node;
}

/** Access entries and group lists written on one line each, as the examples write them. */
function inline(node: YAMLMap): void {
  for (const key of ['access', 'groups']) {
    const value = node.get(key, true);
    if (!isSeq(value)) continue;
    if (key === 'groups') value.flow = true;
    for (const item of value.items) if (isMap(item)) item.flow = true;
  }
}
