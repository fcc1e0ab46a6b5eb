// The example workflows follow what the docs promise: actions pinned by commit SHA with the version
// in a comment (the tool's own pin a commit of this repository's history), no permission granted at
// the top, least privilege per job, one concurrency group per workspace shared by every workflow
// that reads it with a token, and a plan token that never meets a pull request's code
// (docs/security.md).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

type Step = { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = { permissions?: Record<string, string>; strategy?: { matrix: string }; concurrency?: { group: string }; steps: Step[] };
type Workflow = { on: Record<string, unknown>; permissions: unknown; concurrency?: { group: string }; name: string; jobs: Record<string, Job> };

const dir = 'examples/workflows';
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
const all = [...files.map((f) => path.join(dir, f)), ...readdirSync(path.join(dir, 'many-workspaces')).map((f) => path.join(dir, 'many-workspaces', f))];
const read = (file: string) => parse(readFileSync(file, 'utf8')) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);

describe('examples/workflows', () => {
  it('holds plan (two parts), apply, drift and review', () => {
    expect(files.sort()).toEqual(['apply.yml', 'drift.yml', 'plan-comment.yml', 'plan.yml', 'review.yml']);
  });

  it.each(all)('%s pins actions by SHA, grants nothing at the top and least privilege per job', (file) => {
    const text = readFileSync(file, 'utf8');
    const workflow = read(file);
    for (const line of text.split('\n').filter((l) => /^\s*-?\s*uses:/.test(l))) {
      const uses = /uses:\s*(\S+)(.*)$/.exec(line)!;
      expect(uses[1], line).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(uses[2], line).toMatch(uses[1]!.startsWith('segment-access/') ? /^ # \d+\.\d+\.\d+$/ : /^ # v\d+\.\d+\.\d+$/);
    }
    expect(workflow.permissions).toEqual({});
    for (const job of Object.values(workflow.jobs)) {
      expect(job.permissions, file).toBeDefined();
      for (const level of Object.values(job.permissions!)) expect(['read', 'write']).toContain(level);
    }
    // A job that reads the workspace with a token shares the workspace's concurrency group.
    if (/secrets\.SEGMENT_(PLAN|APPLY|DRIFT|REVIEW)_TOKEN|SEGMENT_API_TOKEN:/.test(text) && !file.includes('many-workspaces')) {
      expect(workflow.concurrency?.group, file).toBe('segment-access-acme-prod');
    }
  });

  it('pins the Action only to commits of this repository, in every workflow and document', () => {
    const texts = [...all, 'README.md', ...readdirSync('docs').map((f) => path.join('docs', f))];
    const pins = new Set(texts.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/segment-access\/segment-access@(\S+)/g)].map((m) => m[1]!)));
    expect(pins.size).toBeGreaterThan(0);
    for (const pin of pins) {
      if (pin.startsWith('<')) continue; // the docs' placeholder for "the SHA of a release commit"
      expect(pin).toMatch(/^[0-9a-f]{40}$/);
      expect(() => execFileSync('git', ['cat-file', '-e', `${pin}^{commit}`], { stdio: 'ignore' }), `${pin} is not a commit of this history`).not.toThrow();
    }
  });

  it('the plan token never meets pull request code: the pull_request part holds no secret, the workflow_run part runs nothing from the pull request', () => {
    for (const [collect, commenter] of [['plan.yml', 'plan-comment.yml'], ['many-workspaces/plan.yml', 'many-workspaces/plan-comment.yml']] as const) {
      const pr = read(path.join(dir, collect));
      expect(Object.keys(pr.on)).toEqual(['pull_request']);
      expect(JSON.stringify(pr)).not.toMatch(/secrets|pull_request_target/);
      for (const job of Object.values(pr.jobs)) expect(job.permissions).toEqual({ contents: 'read' });
      expect(steps(pr).some((st) => st.uses?.startsWith('actions/upload-artifact@'))).toBe(true);

      const run = read(path.join(dir, commenter));
      expect(run.on).toEqual({ workflow_run: { workflows: [pr.name], types: ['completed'] } });
      for (const st of steps(run)) {
        // The default branch is checked out (no ref to the pull request), without a stored credential.
        if (st.uses?.startsWith('actions/checkout@')) expect(st.with).toEqual({ 'persist-credentials': false });
        // Nothing is installed or run from the pull request's files: shell steps only move data.
        if (st.run) expect(st.run).not.toMatch(/\b(npm|npx|node|yarn|pnpm|bash|sh|source|make|python3?)\b|\.\/|\$\{\{/);
        if (st.uses && !/^(actions\/(checkout|download-artifact)|segment-access\/segment-access)@/.test(st.uses)) throw new Error(`${commenter}: unexpected action ${st.uses}`);
        // A secret goes only to the pinned tool.
        if (JSON.stringify(st.env ?? {}).includes('secrets')) expect(st.uses).toMatch(/^segment-access\/segment-access@[0-9a-f]{40}$/);
      }
      expect(steps(run).some((st) => st.with?.command === 'plan' && st.with.args?.includes('--base-ref HEAD'))).toBe(true);
    }
  });

  it('passes the action only inputs action.yml declares, and apply.yml offers the approved-digest path', () => {
    const declared = Object.keys((parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }).inputs);
    for (const file of all) {
      for (const step of steps(read(file))) {
        if (!step.uses?.startsWith('segment-access/segment-access@')) continue;
        for (const key of Object.keys(step.with ?? {})) expect(declared, `${file}: ${key}`).toContain(key);
      }
    }
    const apply = parse(readFileSync(path.join(dir, 'apply.yml'), 'utf8')) as { on: { workflow_dispatch: { inputs: Record<string, unknown> } }; jobs: { apply: { steps: Array<{ with?: Record<string, string> }> } } };
    expect(Object.keys(apply.on.workflow_dispatch.inputs)).toEqual(['approved-digest']);
    expect(apply.jobs.apply.steps.find((st) => st.with?.command === 'apply')!.with!['approved-digest']).toBe('${{ inputs.approved-digest }}');
  });

  it('fans out over the workspaces matrix, one concurrency group per workspace, the secret chosen by folder in the workflow', () => {
    const workflow = read(path.join(dir, 'many-workspaces/plan-comment.yml'));
    expect(steps({ ...workflow, jobs: { w: workflow.jobs.workspaces! } }).find((st) => st.with?.command === 'workspaces')!.with).toEqual({ command: 'workspaces', path: 'access' });
    expect(workflow.jobs.plan!.strategy!.matrix).toBe('${{ fromJSON(needs.workspaces.outputs.matrix) }}');
    expect(workflow.jobs.plan!.concurrency!.group).toBe('segment-access-${{ matrix.slug }}');
    expect(workflow.jobs.plan!.steps.find((st) => st.with?.command === 'plan')!.env!.SEGMENT_API_TOKEN).toBe('${{ secrets[fromJSON(env.TOKEN_SECRETS)[matrix.folder]] }}');
    expect(JSON.stringify(workflow)).not.toContain('token_env');
  });
});
