// What reaches each output channel: stdout carries only the requested format, user-written strings
// cannot break Markdown, a terminal or a workflow command, and dates do not depend on TZ.
import { execFile } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { plan } from '../../src/plan/plan.js';
import { renderMarkdown } from '../../src/plan/render-markdown.js';
import { renderText } from '../../src/plan/render-text.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';
import { memoryIo } from '../helpers/io.js';
import { CLI } from '../helpers/spawn.js';
import { writeTree } from '../helpers/tmp.js';
import { copyExample } from '../helpers/workspace-copy.js';

const AT = '2026-11-22';
const WORKSPACE = 'version: 1\nworkspace: { slug: acme-prod }\n';

describe('output channels', () => {
  it('prints only JSON on stdout in GitHub Actions; annotations go to stderr', async () => {
    const { cwd, dir } = copyExample();
    const file = path.join(cwd, dir, 'owners.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    justification: emergency access, credentials in the vault\n', ''));
    const io = memoryIo({ cwd, env: { GITHUB_ACTIONS: 'true' } });

    await runCli(['plan', dir, '--local', '--at', AT, '--format', 'json'], io);

    expect(JSON.parse(io.stdoutText).format_version).toBe('3');
    expect(io.stderrText).toContain('::warning file=acme/owners.yaml,line=15,col=12,title=owner-without-justification::breakglass@acme.com is a Workspace Owner');
  });

  it('escapes user-written names in Markdown: no closed blocks, hidden comments, tags or mentions', () => {
    const name = 'x</details><!-- ```@acme/security-team';
    const p = plan(desiredOf({ groups: [{ name, grants: [g('Source Admin')] }], members: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')], groups: [name] }] }),
      actualOf({ users: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }] }),
      { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' });

    const md = renderMarkdown(p);

    // Inside code blocks the name is inert, as long as no line of it can close the block.
    const blocks = md.match(/^(`{3,})[a-z]*\n[\s\S]*?\n\1$/gm) ?? [];
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const fence = block.match(/^`+/)![0];
      expect(block.split('\n').slice(1, -1).some((line) => line.startsWith(fence))).toBe(false);
    }
    const prose = blocks.reduce((text, block) => text.replace(block, ''), md);
    expect(prose).not.toContain('<!--');
    expect(prose).not.toContain('</details><');
    expect(prose).not.toContain('@acme/security-team');
    expect(prose).toContain('x&lt;/details&gt;&lt;\\!-- \\`\\`\\`&#64;acme/security-team');
  });

  it('strips terminal control sequences from names in text output', () => {
    const p = plan(desiredOf({ members: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }], groups: [{ name: 'evil\u001b]8;;http://x\u0007' }] }),
      actualOf({ users: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }] }),
      { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' });

    expect(renderText(p)).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it.each([
    ['an email', 'members: [{ email: "a\\u0007b@acme.com" }]', /invalid-(email|value)/],
    ['a group name', 'groups: [{ name: "eng\\ninjected" }]', /invalid-value/],
    ['a label key', 'profiles: { p: [{ role: Source Admin, sources: { labels: { "env\\r": prod } } }] }', /invalid-name/],
  ])('refuses control characters in %s', async (_what, yaml, code) => {
    const dir = writeTree({ 'workspace.yaml': WORKSPACE, 'm.yaml': `version: 1\n${yaml}\n` });
    const io = memoryIo({ cwd: dir });

    expect(await runCli(['validate', '.'], io)).toBe(1);
    expect(io.stdoutText).toMatch(code);
  });
});

describe('reading manifests', () => {
  it('follows a symlink that stays inside the manifest folder (reading its file once) and refuses one that leads outside', async () => {
    const outside = writeTree({ 'people.yaml': 'version: 1\nmembers: [{ email: x@acme.com, role: Workspace Owner }]\n' });
    // The real file sits in a dot-folder, which is never walked: only the links lead to it.
    const dir = writeTree({ 'workspace.yaml': WORKSPACE, '.shared/owners.yaml': 'version: 1\nmembers: [{ email: o@acme.com, role: Workspace Owner, justification: j }]\n' });
    symlinkSync(path.join(dir, '.shared/owners.yaml'), path.join(dir, 'owners-link.yaml'));
    symlinkSync(path.join(dir, '.shared/owners.yaml'), path.join(dir, 'owners-again.yaml'));
    const inside = memoryIo({ cwd: dir });
    expect(await runCli(['validate', '.'], inside)).toBe(0); // the owner was read, and only once
    expect(inside.stdoutText).toBe('No problems found in 2 files.\n');

    symlinkSync(path.join(outside, 'people.yaml'), path.join(dir, 'outside.yaml'));
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['validate', '.'], io)).toBe(1);
    expect(io.stdoutText).toContain(`outside.yaml:1:1: error symlink-outside: outside.yaml is a symbolic link to ${path.join(outside, 'people.yaml')}, outside the manifest folder`);
  });

  it('treats role names like constructor and toString as ordinary strings', async () => {
    const dir = writeTree({
      'workspace.yaml': `${WORKSPACE}policy: { maxDays: { Source Admin: 10 } }\n`,
      'm.yaml': 'version: 1\nmembers:\n  - { email: o@acme.com, role: Workspace Owner, justification: j }\n  - { email: a@acme.com, role: constructor }\n  - { email: b@acme.com, role: toString }\n',
    });
    const io = memoryIo({ cwd: dir });

    expect(await runCli(['validate', '.'], io)).toBe(0);
    // Warned about as names Segment does not document, like any other: never read as properties.
    expect(io.stdoutText).toContain("warning undocumented-role: `constructor` is not one of Segment's documented roles");
    expect(io.stdoutText).toContain('0 errors, 2 warnings in 2 files.\n');
  });
});

describe('dates', () => {
  it('plans the same under two time zones', async () => {
    const run = async (tz: string) => {
      const { cwd, dir } = copyExample();
      const { stdout } = await promisify(execFile)(process.execPath, [...CLI, 'plan', dir, '--local', '--at', `${AT}T23:30`, '--format', 'json'], { cwd, env: { ...process.env, TZ: tz } });
      return stdout;
    };

    const [auckland, utc] = await Promise.all([run('Pacific/Auckland'), run('UTC')]);

    expect(JSON.parse(auckland).now).toBe('2026-11-22T23:30:00.000Z');
    expect(auckland).toBe(utc);
  });
});


describe('colour', () => {
  it.each<[string, Record<string, string>, boolean, string[], boolean]>([
    ['on a terminal', {}, true, [], true],
    ['with NO_COLOR on a terminal', { NO_COLOR: '1' }, true, [], false],
    ['with FORCE_COLOR into a pipe', { FORCE_COLOR: '1' }, false, [], true],
    ['with --no-color despite FORCE_COLOR', { FORCE_COLOR: '1' }, true, ['--no-color'], false],
  ])('%s', async (_name, env, isTTY, flags, coloured) => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env, isTTY });

    await runCli([...flags, 'plan', dir, '--local', '--at', AT], io);

    expect(io.stdoutText.includes('\u001b[')).toBe(coloured);
  });
});
