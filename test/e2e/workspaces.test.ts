// Many workspaces in one repository: commands over a root run per workspace (sectioned output, the
// worst exit code), apply refuses a root, each workspace finds its own token, and `workspaces`
// prints the Actions matrix, narrowed to what a change touches.
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { workspaceToken } from '../../src/adapters/segment-connector.js';
import { tokenVariable } from '../../src/manifest/token-env.js';
import { worstExit } from '../../src/usecases/workspaces.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { tempDir } from '../helpers/tmp.js';

/** access/prod (acme-prod) and access/staging (acme-staging, its token named in the manifest). */
function repository() {
  const cwd = tempDir();
  cpSync('examples/acme', path.join(cwd, 'access/prod'), { recursive: true });
  cpSync('examples/acme', path.join(cwd, 'access/staging'), { recursive: true });
  const ws = path.join(cwd, 'access/staging/workspace.yaml');
  writeFileSync(ws, readFileSync(ws, 'utf8').replace('slug: acme-prod', 'slug: acme-staging\n  tokenEnv: SEGMENT_TOKEN_STAGING'));
  return cwd;
}

describe('a root with several workspaces', () => {
  it('validates each, under its own heading, and exits with the worst', async () => {
    const cwd = repository();
    const io = memoryIo({ cwd });
    expect(await runCli(['validate', 'access', '--at', '2026-11-22'], io)).toBe(0);
    expect(io.stdoutText).toMatch(/^== workspace acme-prod \(access\/prod\) ==\n/);
    expect(io.stdoutText).toContain('\n== workspace acme-staging (access/staging) ==\n');
    expect(io.stdoutText.trimEnd().split('\n').at(-1)).toBe('2 workspaces: acme-prod ok, acme-staging ok.');

    writeFileSync(path.join(cwd, 'access/staging/owners.yaml'), 'version: 1\nmembers:\n  - email: x@acme.com\n    rol: Workspace Owner\n');
    const broken = memoryIo({ cwd });
    expect(await runCli(['validate', 'access', '--at', '2026-11-22'], broken)).toBe(1);
    expect(broken.stdoutText).toContain('acme-prod ok, acme-staging failed.');
  });

  it('plans each as JSON, keeps going past one that fails, and refuses apply on the root', async () => {
    const cwd = repository();
    writeFileSync(path.join(cwd, 'access/staging/owners.yaml'), 'version: 1\nmembers: [{ email: x@acme.com }]\n');
    const io = memoryIo({ cwd });
    expect(await runCli(['plan', 'access', '--local', '--at', '2026-11-22', '--format', 'json', '--detailed-exitcode'], io)).toBe(1);
    const doc = JSON.parse(io.stdoutText) as { workspaces: Array<{ folder: string; slug: string; exit_code: number; output: { operations?: unknown[] } }> };
    expect(doc.workspaces.map((w) => [w.folder, w.slug, w.exit_code])).toEqual([['access/prod', 'acme-prod', 2], ['access/staging', 'acme-staging', 1]]);
    expect(doc.workspaces[0]!.output.operations!.length).toBeGreaterThan(0);
    expect(io.stderrText).toContain('== workspace acme-staging (access/staging) ==\n');

    const apply = memoryIo({ cwd });
    expect(await runCli(['apply', 'access', '--local', '--auto-approve'], apply)).toBe(1);
    expect(apply.stderrText).toContain('Error: access holds 2 workspaces (access/prod, access/staging); apply changes one workspace at a time: pass its folder');
  });

  it('writes one review per workspace with --out, and the people x workspaces matrix', async () => {
    const cwd = repository();
    // acme-staging is not the demo's slug: give it the demo's people too.
    writeFileSync(path.join(cwd, 'staging-seed.json'), JSON.stringify(demoSeed('acme-staging', new Date('2026-11-22T00:00:00Z'))));
    expect(await runCli(['local', 'reset', '--seed', 'staging-seed.json'], memoryIo({ cwd }))).toBe(0);
    expect(await runCli(['review', 'access', '--local', '--at', '2026-11-22', '--format', 'csv', '--out', 'review.csv'], memoryIo({ cwd }))).toBe(0);
    expect(readFileSync(path.join(cwd, 'review-prod.csv'), 'utf8')).toContain('\r\nperson,acme-prod,carol@acme.com,');
    expect(readFileSync(path.join(cwd, 'review-staging.csv'), 'utf8')).toContain('\r\nperson,acme-staging,carol@acme.com,');
    const matrix = readFileSync(path.join(cwd, 'review-workspaces.csv'), 'utf8').split('\r\n');
    expect(matrix[0]).toBe('email,acme-prod,acme-staging');
    expect(matrix).toContain('alice@acme.com,Workspace Owner,Workspace Owner');
    expect(matrix).toContain('dan@acme.com,"Source Admin, Source Read-only (not in workspace)","Source Admin, Source Read-only (not in workspace)"');

    const io = memoryIo({ cwd });
    expect(await runCli(['review', 'access', '--local', '--at', '2026-11-22'], io)).toBe(0);
    expect(io.stdoutText).toContain('### People x workspaces (2 workspaces)\n\n| Person | `acme-prod` | `acme-staging` |\n|---|---|---|\n');
    expect(io.stdoutText).toContain('| alice&#64;acme.com | Workspace Owner | Workspace Owner |');
  });
});

describe('tokens per workspace', () => {
  it.each<[string, Record<string, string>, string | undefined, string]>([
    ['its own variable first', { SEGMENT_API_TOKEN_ACME_PROD: 'a', SEGMENT_API_TOKEN: 'b' }, undefined, 'SEGMENT_API_TOKEN_ACME_PROD'],
    ['then the shared one', { SEGMENT_API_TOKEN: 'b' }, undefined, 'SEGMENT_API_TOKEN'],
    ['the one the manifest names', { SEGMENT_STAGING: 'c', SEGMENT_API_TOKEN: 'b' }, 'SEGMENT_STAGING', 'SEGMENT_STAGING'],
  ])('%s', (_title, env, tokenEnv, variable) => {
    expect(workspaceToken(env, 'acme-prod', tokenEnv).variable).toBe(variable);
  });

  it('names what to set when nothing is', () => {
    expect(() => workspaceToken({ SEGMENT_API_TOKEN: 'b' }, 'acme-staging', 'SEGMENT_STAGING')).toThrow('SEGMENT_STAGING is not set: workspace acme-staging reads its Public API token from it (workspace.tokenEnv)');
    expect(() => workspaceToken({}, 'acme.prod-2')).toThrow('(as SEGMENT_API_TOKEN_ACME_PROD_2 or SEGMENT_API_TOKEN)');
    expect(tokenVariable('acme-prod')).toBe('SEGMENT_API_TOKEN_ACME_PROD');
  });

  it('never reads a variable that is not a Segment one, whatever the manifest says', async () => {
    expect(() => workspaceToken({ GITHUB_TOKEN: 'ghs_secret', SEGMENT_API_TOKEN: 'b' }, 'acme-prod', 'GITHUB_TOKEN')).toThrow('workspace.tokenEnv of acme-prod is "GITHUB_TOKEN": only variables whose name begins with SEGMENT_ may hold a Segment token');
    const cwd = tempDir();
    cpSync('examples/acme', path.join(cwd, 'acme'), { recursive: true });
    const ws = path.join(cwd, 'acme/workspace.yaml');
    writeFileSync(ws, readFileSync(ws, 'utf8').replace('slug: acme-prod', 'slug: acme-prod\n  tokenEnv: GITHUB_TOKEN'));
    const io = memoryIo({ cwd, env: { GITHUB_TOKEN: 'ghs_secret' } });
    expect(await runCli(['validate', 'acme', '--at', '2026-11-22'], io)).toBe(1);
    expect(io.stdoutText).toMatch(/acme\/workspace\.yaml:\d+:\d+: error [a-z-]+: .*tokenEnv/);
    expect(io.stdoutText + io.stderrText).not.toContain('ghs_secret');
  });

  it('reads each workspace with its own token against the API', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const cwd = tempDir();
    cpSync('examples/acme', path.join(cwd, 'acme'), { recursive: true });
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN_ACME_PROD: emulator.token } });
    expect(await runCli(['plan', 'acme', '--at', '2026-11-22'], io)).toBe(0);
    expect(io.stdoutText).toContain('Plan: 3 to invite');
    expect(io.stdoutText + io.stderrText).not.toContain(emulator.token);
  });

  it('ranks exit codes: an error over a refusal over changes', () => {
    expect(worstExit([0, 2, 3, 2])).toBe(3);
    expect(worstExit([2, 1, 3])).toBe(1);
    expect(worstExit([])).toBe(0);
  });
});

describe('segment-access workspaces', () => {
  it('prints the matrix, and only what a change touches (everything when a shared file changed)', async () => {
    const cwd = repository();
    const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'two workspaces');

    const all = memoryIo({ cwd });
    expect(await runCli(['workspaces', 'access', '--format', 'json'], all)).toBe(0);
    expect(JSON.parse(all.stdoutText)).toEqual({ include: [
      { folder: 'access/prod', slug: 'acme-prod', token_env: 'SEGMENT_API_TOKEN_ACME_PROD' },
      { folder: 'access/staging', slug: 'acme-staging', token_env: 'SEGMENT_TOKEN_STAGING' },
    ] });

    const none = memoryIo({ cwd });
    await runCli(['workspaces', 'access', '--changed-since', 'HEAD', '--format', 'json'], none);
    expect(JSON.parse(none.stdoutText)).toEqual({ include: [] });

    writeFileSync(path.join(cwd, 'access/staging/analytics.yaml'), `${readFileSync(path.join(cwd, 'access/staging/analytics.yaml'), 'utf8')}# edited\n`);
    const one = memoryIo({ cwd });
    await runCli(['workspaces', 'access', '--changed-since', 'HEAD', '--format', 'json'], one);
    expect((JSON.parse(one.stdoutText) as { include: Array<{ slug: string }> }).include.map((w) => w.slug)).toEqual(['acme-staging']);

    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'edit staging');
    writeFileSync(path.join(cwd, 'access/shared.yaml'), 'version: 1\n');
    git('add', '.');
    const shared = memoryIo({ cwd });
    await runCli(['workspaces', 'access', '--changed-since', 'HEAD'], shared);
    expect(shared.stdoutText).toBe('access/prod\tacme-prod\tSEGMENT_API_TOKEN_ACME_PROD\naccess/staging\tacme-staging\tSEGMENT_TOKEN_STAGING\n');
  });
});

describe('one folder per workspace', () => {
  /** access/prod and access/staging that both say acme-prod: staging's owners could change prod. */
  function twins() {
    const cwd = tempDir();
    cpSync('examples/acme', path.join(cwd, 'access/prod'), { recursive: true });
    cpSync('examples/acme', path.join(cwd, 'access/staging'), { recursive: true });
    return cwd;
  }
  const refusal = 'workspace acme-prod is declared by 2 folders: access/prod and access/staging; each workspace needs exactly one folder';

  it.each([
    ['validate over the root', ['validate', 'access']],
    ['plan over the root', ['plan', 'access', '--local']],
    ['workspaces', ['workspaces', 'access']],
    ['plan of one folder', ['plan', 'access/staging', '--local']],
    ['review of one folder', ['review', 'access/prod', '--local']],
  ])('%s is refused, naming both folders', async (_name, args) => {
    const io = memoryIo({ cwd: twins() });
    expect(await runCli([...args, '--at', '2026-11-22'].filter((a) => !(args[0] === 'workspaces' && (a === '--at' || a === '2026-11-22'))), io)).toBe(1);
    expect(io.stderrText).toContain(refusal);
  });

  it('apply of one folder is refused and writes nothing', async () => {
    const cwd = twins();
    const emulator = await testEmulator({ seed: demoSeed() });
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });
    expect(await runCli(['apply', 'access/staging', '--auto-approve', '--at', '2026-11-22'], io)).toBe(1);
    expect(io.stderrText).toContain(refusal);
    expect(emulator.stats.byOperation.getWorkspace ?? 0).toBe(0);
  });

  it('refuses a workspace folder linked from outside the root, and lists a folder linked inside it once', async () => {
    const cwd = repository();
    const elsewhere = tempDir();
    cpSync('examples/acme', path.join(elsewhere, 'other'), { recursive: true });
    writeFileSync(path.join(elsewhere, 'other/workspace.yaml'), readFileSync(path.join(elsewhere, 'other/workspace.yaml'), 'utf8').replace('slug: acme-prod', 'slug: acme-other'));
    symlinkSync(path.join(cwd, 'access/prod'), path.join(cwd, 'access/prod-again'));
    const listed = memoryIo({ cwd });
    expect(await runCli(['workspaces', 'access'], listed)).toBe(0);
    expect(listed.stdoutText.trim().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['access/prod', 'access/staging']);

    symlinkSync(path.join(elsewhere, 'other'), path.join(cwd, 'access/other'));
    const io = memoryIo({ cwd });
    expect(await runCli(['workspaces', 'access'], io)).toBe(1);
    expect(io.stderrText).toContain(`access/other is a symbolic link to the folder ${path.join(elsewhere, 'other')}, outside access`);
  });
});
