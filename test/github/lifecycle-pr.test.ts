// prune --github-pr and drift --adopt --github-pr: the edited manifests committed onto one branch per
// workspace, one pull request opened, then updated; a commit message built from fixed words only.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { proposalMessage } from '../../src/usecases/propose.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const BRANCH = 'segment-access/prune-acme-prod';
const CI = { actions: true, runUrl: 'https://github.com/acme/access/actions/runs/9' };

function repo() {
  const { cwd, dir } = copyExample();
  execFileSync('git', ['init', '-q'], { cwd });
  return { cwd, dir };
}

describe('prune --github-pr', () => {
  it('commits the pruned files on its own branch and opens one pull request, then updates it', async () => {
    const github = new FakeGitHub();
    const { cwd, dir } = repo();
    const io = memoryIo({ cwd });

    expect(await runCli(['prune', dir, '--at', '2027-02-02', '--github-pr'], io, { github: () => github, ci: CI })).toBe(0);

    const branch = github.branches.get(BRANCH)!;
    expect(branch.base).toBe('main');
    expect([...branch.files.keys()].sort()).toEqual(['acme/analytics.yaml', 'acme/engineering.yaml', 'acme/tokens.yaml']);
    expect(branch.files.get('acme/engineering.yaml')).not.toContain('dev@agency.io');
    const [pull] = [...github.pulls.values()];
    expect(pull).toMatchObject({ title: 'Prune expired access from the manifests of Segment workspace acme-prod', headSha: `branch:${BRANCH}` });
    const body = (github.calls.find((c) => c.method === 'createPullRequest')!.args[0] as { body: string }).body;
    expect(body).toContain('- acme/engineering.yaml:21: member dev&#64;agency.io (expired 2027-01-31)');
    expect(body).toContain('in [this run](https://github.com/acme/access/actions/runs/9)');
    expect(io.stderrText).toContain(`Prune pull request #${pull!.number}: opened (${pull!.url})`);

    // The next day: the branch is rewritten and the same pull request updated.
    const again = repo();
    const io2 = memoryIo({ cwd: again.cwd });
    expect(await runCli(['prune', again.dir, '--at', '2027-02-02', '--github-pr'], io2, { github: () => github, ci: CI })).toBe(0);
    expect(io2.stderrText).toContain(`Prune pull request #${pull!.number}: updated`);
    expect(github.pulls.size).toBe(1);
  });

  it('proposes nothing when nothing has expired', async () => {
    const github = new FakeGitHub();
    const { cwd, dir } = repo();
    const io = memoryIo({ cwd });
    expect(await runCli(['prune', dir, '--at', '2026-11-22', '--github-pr'], io, { github: () => github, ci: CI })).toBe(0);
    expect(github.writes).toEqual([]);
    expect(io.stderrText).toContain('No prune pull request needed');
  });

  it('builds its commit message from fixed words and counts, never from names', () => {
    expect(proposalMessage('prune', 3, 1)).toBe('Prune expired access (segment-access)\n\n1 change in 3 files; the pull request lists them.');
    expect(proposalMessage('adopt', 1, 2)).toBe('Adopt changes made outside git (segment-access)\n\n2 changes in 1 file; the pull request lists them.');
  });
});

describe('drift --adopt --github-pr', () => {
  it('proposes the adopted manifests on the adopt branch, with a message that names nobody', async () => {
    const github = new FakeGitHub();
    const { cwd, dir } = repo();
    const io = memoryIo({ cwd });

    expect(await runCli(['drift', dir, '--adopt', '--github-pr', '--local', '--at', '2026-11-22'], io, { github: () => github, ci: CI })).toBe(0);

    const branch = github.branches.get('segment-access/adopt-acme-prod')!;
    expect([...branch.files.keys()].sort()).toEqual(['acme/adopted.yaml', 'acme/analytics.yaml', 'acme/engineering.yaml', 'acme/owners.yaml']);
    expect(branch.message).toMatch(/^Adopt changes made outside git \(segment-access\)\n\n\d+ changes in 4 files; the pull request lists them\.$/);
    expect([...github.pulls.values()][0]!.title).toBe('Adopt changes made outside git in Segment workspace acme-prod');
  });
});
