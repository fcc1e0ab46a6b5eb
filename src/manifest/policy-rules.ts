// `policy.rules`: CEL expressions (https://cel.dev, evaluated by @bufbuild/cel) that the plan holds
// every member's access to. Compiling happens once, when the manifests are validated: a syntax
// error or an unknown variable is reported at the file, line and column of the expression. The
// variables are documented in docs/policy-rules.md and in the schema's descriptions (editor
// completion); evaluation is in src/plan/policy.ts.
import { celEnv, parse, plan as planExpr, type CelResult } from '@bufbuild/cel';
import type { Diagnostic } from './diagnostic.js';
import { refOf, type Manifest } from './merge.js';
import type { SourceRef } from './positions.js';

/** The variables a rule may name. */
export const RULE_VARIABLES = ['now', 'member', 'grant'] as const;

export interface CompiledRule {
  name: string;
  level: 'deny' | 'warn';
  expression: string;
  message: string;
  /** Where the expression is written. */
  ref: SourceRef;
  /** Whether the rule names `grant`: then it runs once per grant, else once per member. */
  perGrant: boolean;
  evaluate(vars: Record<string, unknown>): CelResult;
}

/** A CEL syntax error as @bufbuild/cel reports it (a peggy error with a location in the expression). */
interface CelSyntaxError { rawMessage?: string; message: string; location?: { start: { line: number; column: number } } }

export function compileRules(manifest: Manifest): { rules: CompiledRule[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const rules: CompiledRule[] = [];
  const declared = manifest.policies[0];
  const env = celEnv();
  const seen = new Map<string, SourceRef>();
  (declared?.value.rules ?? []).forEach((rule, i) => {
    const origin = declared!.origin;
    const at = (sub: Array<string | number>, target: 'key' | 'value' = 'value') => refOf(origin, ['rules', i, ...sub], target);
    const problem = (ref: SourceRef, code: string, message: string, hint: string) => diagnostics.push({ severity: 'error', ...ref, code, message, hint });
    if ((rule.deny === undefined) === (rule.warn === undefined)) {
      problem(at([]), 'policy-rule-kind', `rule \`${rule.name}\` needs exactly one of \`deny\` and \`warn\``, 'write `deny: <CEL>` to fail the plan, or `warn: <CEL>` to call it out');
      return;
    }
    const earlier = seen.get(rule.name);
    if (earlier) problem(at(['name']), 'duplicate-policy-rule', `rule \`${rule.name}\` is declared again (first at ${earlier.file}:${earlier.line})`, 'give each rule its own name');
    else seen.set(rule.name, at(['name']));
    const level = rule.deny !== undefined ? 'deny' : 'warn';
    const expression = (rule.deny ?? rule.warn)!;
    const valueRef = at([level]);
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(expression);
    } catch (err) {
      const e = err as CelSyntaxError;
      const where = e.location ? expressionPosition(origin.file.text, valueRef, e.location.start, expression) : valueRef;
      problem(where, 'policy-rule-syntax', `rule \`${rule.name}\`: ${e.rawMessage ?? e.message}`, 'see docs/policy-rules.md for the variables and examples; CEL is described at https://cel.dev');
      return;
    }
    const names = identifiers(parsed.expr);
    const unknown = [...names].filter((n) => !(RULE_VARIABLES as readonly string[]).includes(n) && !comprehensionVars(parsed.expr).has(n));
    if (unknown.length) {
      problem(valueRef, 'policy-rule-variable', `rule \`${rule.name}\` names ${unknown.map((n) => `\`${n}\``).join(', ')}, which is not a variable`,
        `the variables are ${RULE_VARIABLES.map((n) => `\`${n}\``).join(', ')} (docs/policy-rules.md)`);
      return;
    }
    const run = planExpr(env, parsed);
    rules.push({
      name: rule.name, level, expression, message: rule.message, ref: valueRef, perGrant: names.has('grant') && !comprehensionVars(parsed.expr).has('grant'),
      evaluate: (vars) => run(vars as never),
    });
  });
  return { rules, diagnostics };
}

/**
 * Where a position inside the expression sits in the file. In a quoted scalar the expression starts
 * after the quote. In a block scalar (`|`, `>`) it starts on the next line, and each content line
 * gives its text plus one character (the line break, or the space a folded `>` turns it into).
 */
export function expressionPosition(text: string, value: SourceRef, at: { line: number; column: number }, expression?: string): SourceRef {
  const lines = text.split('\n');
  const first = lines[value.line - 1] ?? '';
  const opener = first[value.col - 1];
  if (opener === '|' || opener === '>') {
    const exprLines = (expression ?? '').split('\n');
    let offset = exprLines.slice(0, at.line - 1).reduce((n, l) => n + l.length + 1, 0) + at.column - 1;
    const base = (lines[value.line] ?? '').length - (lines[value.line] ?? '').trimStart().length;
    for (let i = value.line; i < lines.length; i++) {
      const content = (lines[i] ?? '').slice(base);
      if (offset <= content.length) return { file: value.file, line: i + 1, col: base + offset + 1 };
      offset -= content.length + 1;
    }
    return value;
  }
  const quoted = opener === '"' || opener === "'";
  if (at.line === 1) return { file: value.file, line: value.line, col: value.col + (quoted ? 1 : 0) + at.column - 1 };
  const content = lines[value.line + at.line - 2] ?? '';
  return { file: value.file, line: value.line + at.line - 1, col: content.length - content.trimStart().length + at.column };
}

type Node = Record<string, unknown>;

function visit(node: unknown, fn: (n: Node) => void): void {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return;
  if (Array.isArray(node)) {
    for (const item of node) visit(item, fn);
    return;
  }
  fn(node as Node);
  for (const value of Object.values(node as Node)) visit(value, fn);
}

/** The identifiers an expression names (CEL's `identExpr`), not counting string literals. */
function identifiers(expr: unknown): Set<string> {
  const names = new Set<string>();
  visit(expr, (n) => {
    if (n.case === 'identExpr') names.add((n.value as { name: string }).name);
  });
  return names;
}

/** The variables comprehensions bind (`member.grants.exists(g, …)` binds `g`). */
function comprehensionVars(expr: unknown): Set<string> {
  const names = new Set<string>();
  visit(expr, (n) => {
    if (n.case === 'comprehensionExpr') {
      const c = n.value as { iterVar: string; iterVar2?: string; accuVar: string };
      for (const v of [c.iterVar, c.iterVar2, c.accuVar]) if (v) names.add(v);
    }
  });
  return names;
}
