// The apply use case with its ports: the emulator for Segment, in-memory fakes for GitHub and the
// prompt. Each outcome comes back typed, with its data; nothing is printed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { applyExit, applyWorkspace, type ApplyEvent } from '../../src/usecases/apply.js';
import { UserError } from '../../src/user-error.js';
import { testEmulator } from '../helpers/emulator.js';
import { testPorts } from '../helpers/ports.js';
import { copyExample } from '../helpers/workspace-copy.js';

const AT = new Date('2026-11-22T00:00:00Z');

async function setup(answers?: string[]) {
  const emulator = await testEmulator({ seed: demoSeed() });
  const { cwd, dir } = copyExample();
  const ports = await testPorts({ cwd, emulator, ...(answers ? { answers } : {}) });
  const events: ApplyEvent[] = [];
  return { emulator, cwd, dir, ports: { ...ports, events: (e: ApplyEvent) => events.push(e) }, events, asked: ports.asked };
}

describe('the apply use case', () => {
  it.each(['y', 'YES', 'no', ''])('answered %j at the prompt, it is Cancelled by the operator and sends nothing', async (answer) => {
    const s = await setup([answer]);

    const outcome = await applyWorkspace(s.ports, { dir: s.dir, at: AT });

    expect(outcome.kind).toBe('Cancelled');
    expect(outcome.kind === 'Cancelled' && outcome.by).toBe('operator');
    expect(applyExit(outcome)).toBe(1);
    expect(s.asked).toEqual(["\nApply 6 API calls to workspace acme-prod? Only 'yes' will be accepted: "]);
    expect(s.emulator.stats.mutations).toBe(0);
    expect(s.events.map((e) => e.kind)).toEqual(['diagnostics', 'plan']);
  });

  it("answered 'yes', it applies, verifies and writes the evidence", async () => {
    const s = await setup(['yes']);

    const outcome = await applyWorkspace(s.ports, { dir: s.dir, at: AT, evidence: 'e.json' });

    expect(outcome.kind).toBe('Applied');
    expect(applyExit(outcome)).toBe(0);
    expect(s.emulator.stats.mutations).toBe(6);
    expect(existsSync(path.join(s.cwd, 'e.json'))).toBe(true);
    expect(s.events.map((e) => e.kind)).toEqual(['diagnostics', 'plan', 'starting', ...Array(6).fill('progress'), 'executed']);
  });

  it('the evidence of a manual apply names who ran it: OS user, git user.email, host, and the tool version', async () => {
    const s = await setup(['yes']);
    execFileSync('git', ['init', '-q'], { cwd: s.cwd });
    execFileSync('git', ['config', 'user.email', 'ops@acme.com'], { cwd: s.cwd });

    await applyWorkspace({ ...s.ports, machine: { user: 'alice', host: 'laptop-7' } }, { dir: s.dir, at: AT, evidence: 'e.json' });

    const evidence = JSON.parse(readFileSync(path.join(s.cwd, 'e.json'), 'utf8'));
    expect(evidence.operator).toEqual({ user: 'alice', git_email: 'ops@acme.com', host: 'laptop-7' });
    expect(evidence.tool_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(evidence.operations[0].subjects).toEqual(['dan@acme.com', 'dev@agency.io', 'grace@acme.com']);
  });

  it('without a terminal and without --auto-approve, refuses to guess', async () => {
    const s = await setup();
    await expect(applyWorkspace(s.ports, { dir: s.dir, at: AT })).rejects.toThrow(UserError);
    expect(s.emulator.stats.mutations).toBe(0);
  });

  it('a plan a guard refuses is Refused, with the guards, and sends nothing; --allow-removals lifts only what it may', async () => {
    const s = await setup();
    const ws = path.join(s.cwd, s.dir, 'workspace.yaml');
    writeFileSync(ws, readFileSync(ws, 'utf8').replace('maxRemovals: 25%', 'maxRemovals: 0'));

    const refused = await applyWorkspace(s.ports, { dir: s.dir, at: AT, autoApprove: true });
    const allowed = await applyWorkspace(s.ports, { dir: s.dir, at: AT, autoApprove: true, allowRemovals: true });

    expect(refused.kind).toBe('Refused');
    expect(applyExit(refused)).toBe(3);
    expect(refused.kind === 'Refused' && refused.guards.map((g) => g.guard)).toEqual(['max-removals']);
    expect(allowed.kind).toBe('Applied');
    expect(s.emulator.stats.mutations).toBe(6);
  });
});
