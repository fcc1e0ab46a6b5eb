// The apply comment and job summary: outcome first (applied and verified, failed, residual, not
// applied, no changes), then each step, then the evidence an audit can follow.
import { describe, expect, it } from 'vitest';
import type { OperationResult } from '../../src/apply/execute.js';
import type { ApplyOutcome } from '../../src/apply/outcome.js';
import { renderApplyMarkdown } from '../../src/apply/render-apply-markdown.js';
import { operationSubjectList } from '../../src/plan/operation-label.js';
import { plan } from '../../src/plan/plan.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

const OWNER = { email: 'owner@acme.com', grants: [g('Workspace Owner')] };
const PLAN = plan(
  desiredOf({ members: [OWNER, { email: 'dan@acme.com', grants: [g('Source Read-only')] }, { email: 'bob@acme.com', grants: [g('Source Admin')] }] }),
  actualOf({ users: [OWNER, { email: 'bob@acme.com', id: 'uBob' }] }),
  { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' },
);
const step = (i: number, over: Partial<OperationResult> = {}): OperationResult => ({
  id: PLAN.operations[i]!.id, kind: PLAN.operations[i]!.params.kind, subjects: operationSubjectList(PLAN.operations[i]!), changes: PLAN.operations[i]!.changes,
  status: 'done', attempts: 1, recoveries: 0, ms: 40, ...over,
});
const OPTIONS = { cwd: '/repo' };
const applied = (over: Partial<Extract<ApplyOutcome, { kind: 'Applied' }>> = {}): ApplyOutcome => ({ kind: 'Applied', plan: PLAN, diagnostics: [], ...over });
const failed = (over: Partial<Extract<ApplyOutcome, { kind: 'Failed' }>> & Pick<Extract<ApplyOutcome, { kind: 'Failed' }>, 'report'>): ApplyOutcome =>
  ({ kind: 'Failed', plan: PLAN, diagnostics: [], stage: 'execute', evidencePath: '', ...over });

describe('renderApplyMarkdown', () => {
  it('applied and verified, with the evidence', async () => {
    const md = renderApplyMarkdown(applied({
      report: { ok: true, wallMs: 1234, results: [step(0), step(1, { attempts: 2 })] },
      evidencePath: '/repo/evidence/acme/2026-11-22.json', fingerprintAfter: 'sha256:after',
    }), { ...OPTIONS, runUrl: 'https://github.com/acme/access/actions/runs/7', sha: 'abc123' });
    await expect(md).toMatchFileSnapshot('__snapshots__/apply-done.md');
  });

  it('says one call in the singular and leaves out what it does not know', () => {
    const md = renderApplyMarkdown(applied({ report: { ok: true, wallMs: 50, results: [step(0)] }, evidencePath: '/repo/e.json' }), OPTIONS);
    expect(md).toContain(':white_check_mark: **Applied 1 call in 0.1 s** and verified: the workspace matches the manifests.');
    expect(md).toContain('- record: `e.json`\n');
    expect(md).not.toContain('state after');
    expect(md).not.toContain('commit:');
    expect(md).not.toContain('this run');
  });

  it('a failed apply counts done, failed and not attempted, and shows the error of the failed step', () => {
    const md = renderApplyMarkdown(failed({
      report: { ok: false, wallMs: 900, results: [step(0), step(1, { status: 'failed', attempts: 3, error: { message: 'HTTP 422 <b>no</b> @team' } }), { ...step(1), id: 'x', status: 'not-attempted', attempts: 0 }] },
    }), OPTIONS);
    expect(md.split('\n').slice(0, 3)).toEqual(['### segment-access apply for `acme`', '', ':x: **Apply failed**: 1 done, 1 failed, 1 not attempted. Run plan again to see what is left.']);
    expect(md).toContain(`| :x: | \`${PLAN.operations[1]!.id}\` | bob&#64;acme.com | 3 | HTTP 422 &lt;b&gt;no&lt;/b&gt; &#64;team |`);
    expect(md).toContain('| :pause_button: | `x` | bob&#64;acme.com | 0 | not-attempted |');
    expect(md).toContain(`| :white_check_mark: | \`${PLAN.operations[0]!.id}\` | dan&#64;acme.com | 1 | done |`);
    expect(md).not.toContain('**Evidence**');
    const unnamed = renderApplyMarkdown(failed({ report: { ok: false, wallMs: 1, results: [step(0, { status: 'failed' })] } }), OPTIONS);
    expect(unnamed).toContain('| 1 | failed |');
  });

  it('warns when the workspace still differs after the apply', () => {
    const md = renderApplyMarkdown(failed({ stage: 'verify', report: { ok: true, wallMs: 10, results: [step(0), step(1)] }, residual: [PLAN.operations[1]!] }), OPTIONS);
    expect(md).toContain(':warning: **Applied 2 calls, but the workspace still differs** (1 residual steps).');
    const unread = renderApplyMarkdown(failed({ stage: 'verify', report: { ok: true, wallMs: 10, results: [step(0), step(1)] }, error: 'listUsers (GET /users) failed: HTTP 500' }), OPTIONS);
    expect(unread).toContain(':warning: **Applied 2 calls, but the verification read failed**: listUsers (GET /users) failed: HTTP 500');
    const none = renderApplyMarkdown(applied({ report: { ok: true, wallMs: 2000, results: [step(0), step(1)] } }), OPTIONS);
    expect(none).toContain(':white_check_mark: **Applied 2 calls in 2.0 s** and verified');
  });

  it('says when nothing was applied, and why there was nothing to do', () => {
    const base = { plan: PLAN, diagnostics: [] };
    expect(renderApplyMarkdown({ ...base, kind: 'Refused', guards: [{ guard: 'min-owners', overridable: false, message: 'only 0 Workspace Owners would remain' }], allowed: [] }, OPTIONS))
      .toBe('### segment-access apply for `acme`\n\n:no_entry: **Refused by a safety guard**: only 0 Workspace Owners would remain\n');
    expect(renderApplyMarkdown({ ...base, kind: 'NotReviewed', reason: 'nobody approved <it>' }, OPTIONS)).toBe('### segment-access apply for `acme`\n\n**Not applied**: nobody approved &lt;it&gt;.\n');
    expect(renderApplyMarkdown({ ...base, kind: 'Cancelled', by: 'operator' }, OPTIONS)).toBe('### segment-access apply for `acme`\n\n**Not applied**: cancelled at the confirmation; nothing was changed.\n');
    const empty = { ...PLAN, operations: [] };
    expect(renderApplyMarkdown({ kind: 'Applied', plan: empty, diagnostics: [] }, OPTIONS)).toBe('### segment-access apply for `acme`\n\n**No changes.** The workspace already matched the manifests.\n');
    expect(renderApplyMarkdown({ kind: 'Applied', plan: empty, diagnostics: [], evidencePath: '/repo/e.json' }, OPTIONS)).toContain(`- operations digest: \`${PLAN.operationsDigest}\`\n- state before: \`${PLAN.stateFingerprint}\``);
  });

  it('a cancelled apply says by which signal and how far it got', () => {
    const md = renderApplyMarkdown({ kind: 'Cancelled', plan: PLAN, diagnostics: [], by: 'signal', signal: 'SIGINT', report: { ok: false, wallMs: 3, cancelled: 'SIGINT', results: [step(0), { ...step(1), status: 'not-attempted', attempts: 0 }] }, evidencePath: '/repo/e.json' }, OPTIONS);
    expect(md).toContain(':stop_sign: **Cancelled by SIGINT** after 1 call of 2. Run plan again to see what is left.');
    expect(md).toContain('- record: `e.json`');
  });

  it('lists at most 300 steps and points to the evidence for the rest', () => {
    const results = Array.from({ length: 302 }, (_, i) => ({ ...step(0), id: `op${i}` }));
    const md = renderApplyMarkdown(applied({ report: { ok: true, wallMs: 1, results } }), OPTIONS);
    expect(md.split('\n').filter((l) => l.startsWith('| :white_check_mark: |'))).toHaveLength(300);
    expect(md).toContain('| | … | 2 more steps in the evidence record | | |');
    const exact = renderApplyMarkdown(applied({ report: { ok: true, wallMs: 1, results: results.slice(0, 300) } }), OPTIONS);
    expect(exact).not.toContain('more steps');
  });
});
