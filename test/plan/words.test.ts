// The small pieces every rendering and the integrity check rest on: Markdown escaping, code fences,
// canonical JSON and digests, operations in words, and reading a saved plan.
import { describe, expect, it } from 'vitest';
import { canonicalJson, operationsDigest, sha256 } from '../../src/plan/digest.js';
import { batches, durationText, lowerBoundMs } from '../../src/plan/duration.js';
import { codeBlock, mdText } from '../../src/plan/markdown.js';
import { operationLabel, operationSubjects } from '../../src/plan/operation-label.js';
import { plan } from '../../src/plan/plan.js';
import { parsePlanJson, planDocument, renderJson } from '../../src/plan/render-json.js';
import type { Operation } from '../../src/plan/types.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

describe('mdText', () => {
  it.each<[string, string]>([
    ['plain words', 'plain words'],
    ['a@b.co', 'a&#64;b.co'],
    ['<!-- hide -->', '&lt;\\!-- hide --&gt;'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['`code` *b* _i_ [l](u) |c| #h ~s~ \\', '\\`code\\` \\*b\\* \\_i\\_ \\[l\\](u) \\|c\\| \\#h \\~s\\~ \\\\'],
    ['line\nbreak\ttab\u0007bell\u007f', 'line break tab bell '],
  ])('escapes %j', (text, md) => {
    expect(mdText(text)).toBe(md);
  });
});

describe('codeBlock', () => {
  it.each<[string[], string, string]>([
    [['a', 'b'], '', '```\na\nb\n```'],
    [['+ x'], 'diff', '```diff\n+ x\n```'],
    [['has ``` inside'], '', '````\nhas ``` inside\n````'],
    [['`one` and ````four````'], 'diff', '`````diff\n`one` and ````four````\n`````'],
    [['bell\u0007 and\ttab'], '', '```\nbell? and\ttab\n```'],
    [['name x\n+ Workspace Owner'], 'diff', '```diff\nname x\\n+ Workspace Owner\n```'],
    [[], '', '```\n```'],
  ])('fences %j', (lines, language, block) => {
    expect(codeBlock(lines, language)).toBe(block);
  });
});

describe('digests', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson([{ b: 1, a: 2 }, 'x'])).toBe('[{"a":2,"b":1},"x"]');
    expect(canonicalJson({ B: 1, a: 2, _: 3 })).toBe('{"B":1,"_":3,"a":2}');
    expect(canonicalJson('s')).toBe('"s"');
  });

  it('hashes equal data equally and different data differently', () => {
    const op = (emails: string[]): Operation => ({ id: 'deleteInvites#1', params: { kind: 'deleteInvites', emails }, changes: ['c'], after: [], onlyAdds: false });
    expect(operationsDigest([op(['a@b.co'])])).toBe(operationsDigest([JSON.parse('{"onlyAdds":false,"after":[],"changes":["c"],"params":{"emails":["a@b.co"],"kind":"deleteInvites"},"id":"deleteInvites#1"}') as Operation]));
    expect(operationsDigest([op(['a@b.co', 'c@d.co'])])).not.toBe(operationsDigest([op(['c@d.co', 'a@b.co'])]));
    expect(sha256('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('operationSubjects', () => {
  const group = { id: 'g1', name: 'eng' };
  it.each<[Operation['params'], string]>([
    [{ kind: 'createUserGroup', name: 'eng' }, 'group eng'],
    [{ kind: 'createInvites', invites: [{ email: 'a@x.co', grants: [] }] }, 'a@x.co'],
    [{ kind: 'deleteInvites', emails: ['a@x.co', 'b@x.co', 'c@x.co'] }, 'a@x.co, b@x.co, c@x.co'],
    [{ kind: 'deleteInvites', emails: ['a@x.co', 'b@x.co', 'c@x.co', 'd@x.co', 'e@x.co'] }, 'a@x.co, b@x.co, c@x.co (+2)'],
    [{ kind: 'replacePermissionsForUser', userId: 'u1', email: 'a@x.co', grants: [] }, 'a@x.co'],
    [{ kind: 'replacePermissionsForUserGroup', group, grants: [] }, 'group eng'],
    [{ kind: 'addUsersToUserGroup', group: { createdBy: 'createUserGroup#1', name: 'new' }, emails: ['a@x.co'] }, 'group new: a@x.co'],
    [{ kind: 'removeUsersFromUserGroup', group, emails: ['a@x.co', 'b@x.co', 'c@x.co', 'd@x.co'] }, 'group eng: a@x.co, b@x.co, c@x.co (+1)'],
    [{ kind: 'deleteUsers', users: [{ id: 'u1', email: 'a@x.co' }, { id: 'u2', email: 'b@x.co' }] }, 'a@x.co, b@x.co'],
    [{ kind: 'deleteUserGroup', group }, 'group eng'],
  ])('%j', (params, words) => {
    expect(operationSubjects({ params })).toBe(words);
    expect(operationLabel({ id: `${params.kind}#7`, params })).toBe(`${params.kind}#7 (${words})`);
  });
});

describe('saved plans', () => {
  const p = plan(desiredOf({ members: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'n@acme.com' }] }),
    actualOf({ users: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }] }), { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: sha256('manifests') });

  it('round-trips, with and without the manifest folder', () => {
    expect(parsePlanJson(renderJson(p))).toEqual({ ...p, manifestDir: undefined });
    const withDir = { ...p, manifestDir: 'access/acme' };
    expect(planDocument(withDir).manifest_dir).toBe('access/acme');
    expect('manifest_dir' in planDocument(p)).toBe(false);
    expect(parsePlanJson(renderJson(withDir)).manifestDir).toBe('access/acme');
  });

  it.each<[string, string, string]>([
    ['not JSON', '{', 'the plan file is not valid JSON'],
    ['an array', '[]', 'the plan file is not a JSON object'],
    ['null', 'null', 'the plan file is not a JSON object'],
    ['a number', '2', 'the plan file is not a JSON object'],
    ['format 1', '{"format_version":"1.2"}', "the plan was written in format 1.2 (format 1 recorded API calls, not changes, and cannot be checked against today's manifests), but this segment-access applies format 3; run plan again with this version"],
    ['format 1 as a number', '{"format_version":1}', "the plan was written in format 1 (format 1 recorded API calls, not changes, and cannot be checked against today's manifests), but this segment-access applies format 3; run plan again with this version"],
    ['no format', '{}', 'the plan was written in format unknown, but this segment-access applies format 3; run plan again with this version'],
    ['a format of the wrong type', '{"format_version":true}', 'the plan was written in format unknown, but this segment-access applies format 3; run plan again with this version'],
    ['format 2', '{"format_version":"2"}', 'the plan was written in format 2, but this segment-access applies format 3; run plan again with this version'],
    ['format 3 missing fields', '{"format_version":"3"}', "the plan file does not match schema/plan.schema.json: the plan must have required property"],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parsePlanJson(text)).toThrow(message);
  });

  it('names where a format-3 plan breaks the schema', () => {
    const doc = JSON.parse(renderJson(p)) as { operations: Array<{ id: unknown }> };
    doc.operations[0]!.id = 7;
    expect(() => parsePlanJson(JSON.stringify(doc))).toThrow('the plan file does not match schema/plan.schema.json: operations[0].id must be string');
  });

  it('names the id that is wrong, not a branch another kind of operation would need', () => {
    const doc = JSON.parse(renderJson(p)) as { operations: Array<{ params: { invites: Array<{ grants: Array<{ roleId: string }> }> } }> };
    doc.operations[0]!.params.invites[0]!.grants[0]!.roleId = '../users';
    expect(() => parsePlanJson(JSON.stringify(doc))).toThrow('the plan file does not match schema/plan.schema.json: operations[0].params.invites[0].grants[0].roleId is "../users", which is not a Segment id (letters, digits, _ and - only)');
  });
});

describe('durations', () => {
  const op = (kind: 'createInvites' | 'deleteUsers', onlyAdds: boolean): Operation => ({ id: kind, params: kind === 'createInvites' ? { kind, invites: [] } : { kind, users: [] }, changes: [], after: [], onlyAdds });
  it.each<[number, string]>([[0, 'about 1 s'], [400, 'about 1 s'], [1_600, 'about 2 s'], [59_499, 'about 59 s'], [59_999, 'about 60 s'], [60_000, 'about 1 min'], [3_569_999, 'about 59 min'], [3_570_000, 'about 1 h 0 min'], [4_200_000, 'about 1 h 10 min']])('%i ms reads %s', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });

  it('groups consecutive adding calls into one batch and paces each endpoint within it', () => {
    const ops = [op('createInvites', true), op('createInvites', true), op('deleteUsers', true), op('deleteUsers', false), op('createInvites', true)];
    expect(batches(ops).map((b) => b.length)).toEqual([3, 1, 1]);
    expect(lowerBoundMs(ops)).toBe(2000 + 1000 + 1000);
    expect(lowerBoundMs(ops, 2, 1000)).toBe(1000 + 500 + 500);
    expect(lowerBoundMs([])).toBe(0);
    expect(batches([op('deleteUsers', false), op('createInvites', true), op('createInvites', true)]).map((b) => b.length)).toEqual([1, 2]);
  });
});
