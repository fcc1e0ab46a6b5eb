// The example workflows follow what the README promises: third-party actions pinned by commit SHA
// with the version in a comment, no permission granted at the top, least privilege per job, and one
// concurrency group per workspace shared by every workflow that touches it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const dir = 'examples/workflows';
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

describe('examples/workflows', () => {
  it('holds plan, apply, drift and review', () => {
    expect(files.sort()).toEqual(['apply.yml', 'drift.yml', 'plan.yml', 'review.yml']);
  });

  it.each(files)('%s pins third-party actions by SHA and grants nothing at the top', (file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const workflow = parse(text) as { permissions: unknown; concurrency: { group: string }; jobs: Record<string, { permissions?: Record<string, string> }> };
    for (const line of text.split('\n').filter((l) => /^\s*-?\s*uses:/.test(l))) {
      const uses = /uses:\s*(\S+)(.*)$/.exec(line)!;
      if (uses[1]!.startsWith('segment-access/segment-access@')) continue;
      expect(uses[1], line).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(uses[2], line).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
    expect(workflow.permissions).toEqual({});
    expect(workflow.concurrency.group).toBe('segment-access-acme-prod');
    for (const job of Object.values(workflow.jobs)) {
      expect(job.permissions, file).toBeDefined();
      for (const level of Object.values(job.permissions!)) expect(['read', 'write']).toContain(level);
    }
  });

  it('passes the action only inputs action.yml declares, and apply.yml offers the approved-digest path', () => {
    const declared = Object.keys((parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }).inputs);
    const all = [...files.map((f) => path.join(dir, f)), ...readdirSync(path.join(dir, 'many-workspaces')).map((f) => path.join(dir, 'many-workspaces', f))];
    for (const file of all) {
      const workflow = parse(readFileSync(file, 'utf8')) as { jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }> };
      for (const step of Object.values(workflow.jobs).flatMap((j) => j.steps)) {
        if (!step.uses?.startsWith('segment-access/segment-access@')) continue;
        for (const key of Object.keys(step.with ?? {})) expect(declared, `${file}: ${key}`).toContain(key);
      }
    }
    const apply = parse(readFileSync(path.join(dir, 'apply.yml'), 'utf8')) as { on: { workflow_dispatch: { inputs: Record<string, unknown> } }; jobs: { apply: { steps: Array<{ with?: Record<string, string> }> } } };
    expect(Object.keys(apply.on.workflow_dispatch.inputs)).toEqual(['approved-digest']);
    expect(apply.jobs.apply.steps.find((st) => st.with?.command === 'apply')!.with!['approved-digest']).toBe('${{ inputs.approved-digest }}');
  });

  it('fans out over the workspaces matrix, one concurrency group per workspace', () => {
    const text = readFileSync(path.join(dir, 'many-workspaces/plan.yml'), 'utf8');
    const workflow = parse(text) as { permissions: unknown; jobs: Record<string, { permissions: Record<string, string>; strategy?: { matrix: string }; concurrency?: { group: string }; steps: Array<{ uses?: string; with?: Record<string, string>; env?: Record<string, string> }> }> };
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.workspaces!.steps[1]!.with).toEqual({ command: 'workspaces', path: 'access' });
    expect(workflow.jobs.plan!.strategy!.matrix).toBe('${{ fromJSON(needs.workspaces.outputs.matrix) }}');
    expect(workflow.jobs.plan!.concurrency!.group).toBe('segment-access-${{ matrix.slug }}');
    // The secret is chosen by the folder, in the workflow, never by what the manifests say.
    expect(workflow.jobs.plan!.steps[1]!.env!.SEGMENT_API_TOKEN).toBe('${{ secrets[fromJSON(env.TOKEN_SECRETS)[matrix.folder]] }}');
    expect(JSON.stringify(workflow)).not.toContain('token_env');
    for (const line of text.split('\n').filter((l) => /uses: actions\//.test(l))) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });
});
