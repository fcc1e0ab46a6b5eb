// Asking the model questions on the demo workspace: show a saved plan, explain one person, list who
// can reach a resource, and drift as JSON with its exit rule.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const AT = '2026-11-22';

describe('questions about the model', () => {
  it('show renders a saved plan as the plan command did', async () => {
    const { cwd, dir } = copyExample();
    const planned = memoryIo({ cwd });
    await runCli(['plan', dir, '--local', '--at', AT, '--out', 'plan.json'], planned);
    const shown = memoryIo({ cwd });

    expect(await runCli(['show', 'plan.json'], shown)).toBe(0);
    expect(shown.stdoutText).toBe(planned.stdoutText);
    const md = memoryIo({ cwd });
    await runCli(['show', 'plan.json', '--format', 'markdown'], md);
    expect(md.stdoutText).toContain('### segment-access plan for `acme-prod`');
  });

  it('show refuses a file that is not a format-3 plan', async () => {
    const { cwd } = copyExample();
    writeFileSync(path.join(cwd, 'plan.json'), JSON.stringify({ format_version: '3', operations: 'nope' }));
    const io = memoryIo({ cwd });

    expect(await runCli(['show', 'plan.json'], io)).toBe(1);
    expect(io.stderrText).toContain('plan.json: the plan file does not match schema/plan.schema.json');
  });

  it("explain puts a person's desired access beside the workspace's, with sources", async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd });
    const json = memoryIo({ cwd });

    expect(await runCli(['explain', 'Carol@acme.com', dir, '--local', '--at', AT], io)).toBe(0);
    await runCli(['explain', 'carol@acme.com', dir, '--local', '--at', AT, '--format', 'json'], json);

    expect(io.stdoutText).toBe([
      'carol@acme.com in workspace acme-prod',
      '  manifests (acme/engineering.yaml:10:12): member; groups engineers',
      '    Source Admin on server-staging (direct)',
      '    Source Admin on web-staging (direct)',
      '    Source Read-only on all sources (group engineers)',
      '    Source Read-only on sources labelled environment=prod [3 today: ios-prod, server-prod, web-prod] (direct)',
      '  workspace: member; groups engineers',
      '    Source Read-only on all sources (direct)',
      '    Source Read-only on all sources (group engineers)',
      '',
    ].join('\n'));
    expect(JSON.parse(json.stdoutText)).toMatchObject({ email: 'carol@acme.com', actual: { status: 'member', groups: ['engineers'] }, desired: { status: 'member' } });
  });

  it('who-can lists everyone a destination is open to, through its source', async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: {} });

    expect(await runCli(['who-can', 'amplitude-prod', dir, '--local', '--at', AT, '--format', 'json'], io)).toBe(0);

    const { results } = JSON.parse(io.stdoutText);
    expect(results[0].target).toMatchObject({ kind: 'source', name: 'web-prod', note: 'destination amplitude-prod is reached through its source web-prod' });
    expect(results[0].people.map((p: { email: string }) => p.email)).toEqual(['alice@acme.com', 'Bob@acme.com', 'breakglass@acme.com', 'carol@acme.com', 'erin@acme.com', 'mallory@acme.com']);
    expect(results[0].people.find((p: { email: string }) => p.email === 'carol@acme.com').grants).toEqual([
      { role: 'Source Read-only', text: 'Source Read-only on all sources', via: { kind: 'direct' } },
      { role: 'Source Read-only', text: 'Source Read-only on all sources', via: { kind: 'group', group: 'engineers' } },
    ]);
  });

  it('drift --format json carries the report, and an overdue review alone exits 2', async () => {
    const { cwd, dir } = copyExample();
    expect(await runCli(['apply', dir, '--local', '--auto-approve', '--at', AT], memoryIo({ cwd }))).toBe(0);
    const clean = memoryIo({ cwd });
    expect(await runCli(['drift', dir, '--local', '--at', AT, '--format', 'json'], clean)).toBe(0);
    expect(JSON.parse(clean.stdoutText)).toMatchObject({ hasDrift: false, needsAction: false });

    const file = path.join(cwd, dir, 'analytics.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('reviewBy: 2027-06-30', 'reviewBy: 2026-11-01'));
    const overdue = memoryIo({ cwd });

    expect(await runCli(['drift', dir, '--local', '--at', AT, '--format', 'json'], overdue)).toBe(2);
    const report = JSON.parse(overdue.stdoutText);
    expect(report).toMatchObject({ hasDrift: false, needsAction: true });
    expect(report.findings).toContainEqual({ kind: 'review', action: true, message: 'access review for grace@acme.com was due on 2026-11-01', where: 'acme/analytics.yaml:16:15' });
  });
});
