// policy.rules in CEL, end to end on the example workspace: a deny rule fails plan (exit 1) naming
// the rule, the person and the grant, in the terminal, the JSON plan and the pull request comment;
// apply refuses it and writes nothing; a warn rule is a call-out; compile errors are reported by
// validate at the file, line and column of the expression; the examples in docs/policy-rules.md run.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../../src/cli.js';
import { expressionPosition } from '../../src/manifest/policy-rules.js';
import { renderMarkdown } from '../../src/plan/render-markdown.js';
import { parsePlanJson } from '../../src/plan/render-json.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

/** The rule of the issue, as a user would write it (no `in` test first). */
const AGENCY_RULE = 'member.domain == "agency.io" && grant.role.endsWith("Admin") && grant.resource.labels["environment"] == "prod"';

/** The example, with `rules` (YAML text, indented under `policy:`) added to its policy. */
function withRules(rules: string): { cwd: string; dir: string; file: string } {
  const { cwd, dir } = copyExample();
  const file = path.join(cwd, dir, 'workspace.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('policy:\n', `policy:\n  rules:\n${rules}`));
  return { cwd, dir, file };
}

const yamlRule = (name: string, kind: 'deny' | 'warn', expression: string, message: string) =>
  `    - name: ${name}\n      ${kind}: '${expression.replace(/'/g, "''")}'\n      message: ${message}\n`;

describe('policy rules', () => {
  it('denies dev@agency.io reaching web-prod as admin: exit 1, naming the rule, the person and the grant', async () => {
    const { cwd, dir } = withRules(yamlRule('no-agency-admin-on-prod', 'deny', AGENCY_RULE, 'agency members may not administer production sources'));
    const io = memoryIo({ cwd });
    expect(await runCli(['plan', dir, '--local', '--at', '2026-11-22', '--out', 'plan.json', '--format', 'json'], io)).toBe(1);
    const plan = parsePlanJson(readFileSync(path.join(cwd, 'plan.json'), 'utf8'));
    expect(plan.policyFindings).toEqual([{
      rule: 'no-agency-admin-on-prod', level: 'deny', email: 'dev@agency.io', grant: 'Source Admin on web-prod',
      message: 'agency members may not administer production sources', at: 'acme/workspace.yaml:11',
    }]);
    const md = renderMarkdown(plan);
    expect(md).toContain('> **This plan is denied by the policy rules** (it cannot be applied until the manifests change):\n'
      + '> - no-agency-admin-on-prod (acme/workspace.yaml:11): dev&#64;agency.io, Source Admin on web-prod: agency members may not administer production sources');

    const text = memoryIo({ cwd });
    expect(await runCli(['plan', dir, '--local', '--at', '2026-11-22'], text)).toBe(1);
    expect(text.stdoutText).toContain('denied by policy rule no-agency-admin-on-prod (acme/workspace.yaml:11): dev@agency.io, Source Admin on web-prod: agency members may not administer production sources');

    // The ga4-prod grant that reaches web-prod ends on 2026-12-31: a week later nothing is denied.
    expect(await runCli(['plan', dir, '--local', '--at', '2027-01-07'], memoryIo({ cwd }))).toBe(0);
  });

  it('apply refuses a denied plan and sends nothing', async () => {
    const { cwd, dir } = withRules(yamlRule('no-agency-admin-on-prod', 'deny', AGENCY_RULE, 'agency members may not administer production sources'));
    const io = memoryIo({ cwd });
    expect(await runCli(['apply', dir, '--local', '--auto-approve', '--at', '2026-11-22'], io)).toBe(1);
    expect(io.stderrText).toContain('apply refused: the plan is denied by the policy rules (nothing was changed):\n  - no-agency-admin-on-prod');
    // The local workspace was never written: the plan still has every change.
    const again = memoryIo({ cwd });
    await runCli(['plan', dir, '--local', '--at', '2026-11-22', '--format', 'json'], again);
    expect((JSON.parse(again.stdoutText) as { operations: unknown[] }).operations).toHaveLength(6);
  });

  it('a warn rule is a call-out, and a rule without `grant` runs once per member', async () => {
    const { cwd, dir } = withRules(yamlRule('owners-need-justification-and-review', 'warn',
      'member.grants.exists(g, g.role == "Workspace Owner") && !has(member.reviewBy)', 'every owner needs a reviewBy'));
    const io = memoryIo({ cwd });
    expect(await runCli(['plan', dir, '--local', '--at', '2026-11-22', '--format', 'json'], io)).toBe(0);
    const findings = (JSON.parse(io.stdoutText) as { policy_findings: Array<{ email: string; grant?: string; level: string }> }).policy_findings;
    // breakglass is the one owner without reviewBy; once, with no grant named.
    expect(findings).toEqual([expect.objectContaining({ email: 'breakglass@acme.com', level: 'warn' })]);
    expect(findings[0]!.grant).toBeUndefined();
    expect(renderMarkdown(parsePlanJson(JSON.stringify({ ...JSON.parse(io.stdoutText) })))).toContain('- :warning: **Policy warnings** (1)\n  - owners-need-justification-and-review (acme/workspace.yaml:11): breakglass&#64;acme.com: every owner needs a reviewBy');
  });

  it('a deny rule that cannot be evaluated denies, and says why', async () => {
    const { cwd, dir } = withRules(yamlRule('team-label', 'deny', 'grant.role == "Source Admin" && grant.resource.labels["team"] == "web"', 'web team only'));
    const io = memoryIo({ cwd });
    expect(await runCli(['plan', dir, '--local', '--at', '2026-11-22'], io)).toBe(1);
    expect(io.stdoutText).toMatch(/denied by policy rule team-label \(acme\/workspace\.yaml:11\): carol@acme\.com, Source Admin on server-staging: could not be evaluated \([^)]*team[^)]*\), so it denies/);
  });

  it('validate reports a syntax error at the file, line and column inside the expression', async () => {
    const { cwd, dir, file } = withRules(yamlRule('broken', 'deny', 'member.domain == "agency.io" &&& true', 'x'));
    const io = memoryIo({ cwd });
    expect(await runCli(['validate', dir], io)).toBe(1);
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('&&&')) + 1;
    // The CEL parser reports the operator it could not complete: the `&&&` starts there.
    const col = readFileSync(file, 'utf8').split('\n')[line - 1]!.indexOf('&&&') + 1;
    expect(io.stdoutText + io.stderrText).toContain(`acme/workspace.yaml:${line}:${col}: error policy-rule-syntax: rule \`broken\`: found & but expecting`);
  });

  it('validate reports a name that is not a variable, and a rule with both deny and warn', async () => {
    const { cwd, dir } = withRules(`${yamlRule('typo', 'deny', 'membr.domain == "x"', 'x')}    - name: both\n      deny: 'true'\n      warn: 'true'\n      message: x\n`);
    const io = memoryIo({ cwd });
    expect(await runCli(['validate', dir], io)).toBe(1);
    expect(io.stdoutText + io.stderrText).toContain('acme/workspace.yaml:11:13: error policy-rule-variable: rule `typo` names `membr`, which is not a variable');
    expect(io.stdoutText + io.stderrText).toContain('error policy-rule-kind: rule `both` needs exactly one of `deny` and `warn`');
  });

  it('the examples in docs/policy-rules.md compile and run on the example workspace', async () => {
    const doc = readFileSync(path.join(process.cwd(), 'docs/policy-rules.md'), 'utf8');
    const examples = [...doc.split('## Examples')[1]!.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(examples).toHaveLength(3);
    const rules = examples.map((e) => e.split('\n').filter(Boolean).map((l) => `    ${l}`).join('\n')).join('\n');
    for (const e of examples) expect(parseYaml(e)).toHaveLength(1);
    const { cwd, dir } = withRules(`${rules}\n`);
    const io = memoryIo({ cwd });
    expect(await runCli(['plan', dir, '--local', '--at', '2026-11-22', '--format', 'json'], io)).toBe(1);
    const findings = (JSON.parse(io.stdoutText) as { policy_findings: Array<{ rule: string; email: string; grant?: string }> }).policy_findings;
    expect(findings.map((f) => `${f.rule} ${f.email}${f.grant ? ` ${f.grant}` : ''}`)).toEqual([
      // alice and bob review by 2027-03-01 (more than 90 days after 2026-11-22); breakglass has none.
      'owners-reviewed-quarterly alice@acme.com', 'owners-reviewed-quarterly bob@acme.com', 'owners-reviewed-quarterly breakglass@acme.com',
      'no-agency-admin-on-prod dev@agency.io Source Admin on web-prod',
    ]);
  });
});

describe('expressionPosition', () => {
  const text = ['policy:', '  rules:', '    - name: a', "      deny: 'x &&& y'", '    - name: b', '      deny: >-', '        member.domain == "a" &&', '        &&& y', '      warn: plain &&& y', ''].join('\n');
  // Folded, the block reads `member.domain == "a" && &&& y`; literal, it keeps the line break.
  it.each<[string, { line: number; col: number }, { line: number; column: number }, string | undefined, { line: number; col: number }]>([
    ['a quoted scalar', { line: 4, col: 13 }, { line: 1, column: 3 }, undefined, { line: 4, col: 16 }],
    ['a folded block scalar', { line: 6, col: 13 }, { line: 1, column: 25 }, 'member.domain == "a" && &&& y', { line: 8, col: 9 }],
    ['a literal block scalar', { line: 6, col: 13 }, { line: 2, column: 1 }, 'member.domain == "a" &&\n&&& y', { line: 8, col: 9 }],
    ['a plain scalar', { line: 9, col: 13 }, { line: 1, column: 7 }, undefined, { line: 9, col: 19 }],
  ])('maps a position in %s', (_, value, at, expression, expected) => {
    expect(expressionPosition(text, { file: 'f.yaml', ...value }, at, expression)).toEqual({ file: 'f.yaml', ...expected });
  });
});
