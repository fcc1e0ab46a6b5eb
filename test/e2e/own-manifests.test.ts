// A newcomer's own manifests against the local workspace: a slug the demo does not know starts with
// the demo's catalog and nobody in it (or from `local reset --seed FILE`), so the plan invites their
// people instead of removing Acme's.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { catalogSeed } from '../../src/emulator/demo-seed.js';
import { memoryIo } from '../helpers/io.js';
import { tempDir } from '../helpers/tmp.js';

const MINE = `version: 1
workspace: { slug: northwind-prod }
members:
  - email: ann@northwind.com
    role: Workspace Owner
    justification: founder
  - email: ben@northwind.com
    access:
      - { role: Source Admin, sources: [web-prod] }
`;

function mine(): { cwd: string } {
  const cwd = tempDir();
  mkdirSync(path.join(cwd, 'mine'));
  writeFileSync(path.join(cwd, 'mine', 'workspace.yaml'), MINE);
  return { cwd };
}

describe('plan mine --local with a new slug', () => {
  it("starts from the demo's catalog with no people: two invites, nothing removed, no guard", async () => {
    const { cwd } = mine();
    const io = memoryIo({ cwd });
    expect(await runCli(['plan', 'mine', '--local', '--at', '2026-12-07', '--detailed-exitcode'], io)).toBe(2);
    expect(io.stdoutText).toContain('Plan: 2 to invite, 0 to change, 0 to remove;');
    expect(io.stdoutText).not.toContain('refused');
    expect(io.stdoutText).not.toContain('acme.com');
  });

  it('local reset --seed starts it from a state file; a seed of another slug is refused by name', async () => {
    const { cwd } = mine();
    const seed = catalogSeed('northwind-prod', new Date('2026-12-01T00:00:00Z'));
    seed.users.push({ id: 'uAnn', name: 'Ann', email: 'ann@northwind.com', permissions: [] });
    writeFileSync(path.join(cwd, 'seed.json'), JSON.stringify(seed));
    const reset = memoryIo({ cwd });
    expect(await runCli(['local', 'reset', '--seed', 'seed.json'], reset)).toBe(0);
    expect(reset.stdoutText).toContain('Local workspace northwind-prod restored to the seed given');

    const io = memoryIo({ cwd });
    await runCli(['plan', 'mine', '--local', '--at', '2026-12-07'], io);
    expect(io.stdoutText).toContain('~ ann@northwind.com: change access');
    expect(io.stdoutText).toContain('+ ben@northwind.com: new member (invite)');

    const wrong = memoryIo({ cwd });
    expect(await runCli(['local', 'reset', '--seed', 'seed.json', '--slug', 'acme-prod'], wrong)).toBe(1);
    expect(wrong.stderrText).toContain('the seed seed.json is workspace "northwind-prod", not "acme-prod"');
    const broken = memoryIo({ cwd });
    writeFileSync(path.join(cwd, 'bad.json'), '{"version": 1}');
    expect(await runCli(['local', 'reset', '--seed', 'bad.json'], broken)).toBe(1);
    expect(broken.stderrText).toContain('the seed bad.json is not an emulator state');
    expect(JSON.parse(readFileSync(path.join(cwd, '.segment-access/local/northwind-prod.json'), 'utf8')).users.map((u: { email: string }) => u.email)).toEqual(['ann@northwind.com']);
  });
});
