// Schema validation: ajv checks each file against schema/access.schema.json, and each ajv error is
// mapped to the exact YAML node a person has to change: an unknown key points at the key, a
// missing key at the mapping that lacks it, a bad value at the value.
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as generated from './access-validators.generated.js';
import type { Diagnostic } from './diagnostic.js';
import { suggestion } from './did-you-mean.js';
import type { ManifestFile } from './load.js';
import { locate, type JsonPath } from './positions.js';

/** The keys that scope an access entry; an entry takes at most one. */
const SCOPES: readonly string[] = ['sources', 'destinations', 'warehouses', 'spaces', 'functions'];

/** The top-level lists, each checked item by item against its definition. */
const LISTS = { members: 'member', groups: 'group', tokens: 'token' } as const;
type ListKey = keyof typeof LISTS;

/** At most this many schema diagnostics are reported per file; one more says how many were left out. */
export const MAX_SCHEMA_DIAGNOSTICS = 200;

interface Validators {
  root: ValidateFunction;
  items: Record<ListKey, ValidateFunction>;
}

/**
 * The schema's validators, generated as code by `npm run generate` (ajv standalone, with allErrors
 * and verbose), so nothing is compiled at start-up. test/generated-types.test.ts keeps them fresh.
 */
const as = (f: unknown) => f as ValidateFunction;
const validators: Validators = {
  root: as(generated.manifest),
  items: { members: as(generated.member), groups: as(generated.group), tokens: as(generated.token) },
};

/**
 * Validates one parsed file against the schema; returns diagnostics positioned in that file, at most
 * MAX_SCHEMA_DIAGNOSTICS of them plus one that counts the rest. The lists (members, groups, tokens)
 * are checked one item at a time: ajv gathers the errors of one call in a way that grows with the
 * square of their number (60,000 errors took 3 s in one call).
 */
export function validateSchema(file: ManifestFile): Diagnostic[] {
  const { root, items } = validators;
  const data = file.data as unknown as Record<string, unknown>;
  const lists = (Object.keys(LISTS) as ListKey[]).filter((k) => Array.isArray(data[k]) && (data[k] as unknown[]).length > 0);
  const shell = lists.length ? { ...data, ...Object.fromEntries(lists.map((k) => [k, []])) } : data;
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  let hidden = 0;
  let firstHidden: Diagnostic | undefined;
  const check = (validate: ValidateFunction, value: unknown, prefix: string) => {
    if (validate(value)) return;
    for (const error of relevantErrors(validate.errors ?? [])) {
      const located = { ...error, instancePath: prefix + error.instancePath };
      if (diagnostics.length >= MAX_SCHEMA_DIAGNOSTICS) {
        hidden++;
        firstHidden ??= toDiagnostic(file, located);
        continue;
      }
      const diagnostic = toDiagnostic(file, located);
      const key = `${diagnostic.line}:${diagnostic.col}:${diagnostic.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push(diagnostic);
    }
  };
  check(root, shell, '');
  for (const key of lists) (data[key] as unknown[]).forEach((item, i) => check(items[key], item, `/${key}/${i}`));
  if (firstHidden) {
    diagnostics.push({
      ...firstHidden, code: 'too-many-errors',
      message: `${hidden.toLocaleString('en-US')} more schema error${hidden === 1 ? '' : 's'} in this file ${hidden === 1 ? 'is' : 'are'} not shown (the first ${MAX_SCHEMA_DIAGNOSTICS} are)`,
      hint: 'fix the errors shown and run validate again',
    });
  }
  return diagnostics;
}

/**
 * ajv reports every failing branch of an `anyOf`. Keep the branch errors only when the value had
 * the branch's type (so the inner message is the useful one); otherwise keep the `anyOf` itself.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf' && !e.schemaPath.includes('/not/'));
  const dropped = new Set<ErrorObject>();
  for (const anyOf of anyOfs) {
    const prefix = anyOf.schemaPath.slice(0, -'anyOf'.length);
    const branch = errors.filter((e) => e !== anyOf && e.schemaPath.startsWith(`${prefix}anyOf/`));
    const typeMismatch = (e: ErrorObject) =>
      e.instancePath === anyOf.instancePath && ['type', 'const', 'enum'].includes(e.keyword);
    const matched = new Set(branch.filter(typeMismatch).map((e) => e.schemaPath.split('/anyOf/')[1]!.split('/')[0]));
    const useful = branch.filter((e) => !matched.has(e.schemaPath.slice(prefix.length + 'anyOf/'.length).split('/')[0]!));
    if (useful.length > 0) dropped.add(anyOf);
    for (const e of branch) if (!useful.includes(e)) dropped.add(e);
  }
  // Two scopes in one entry fail a `dependencies` rule as an extra key; that is all that rule says.
  // Its extra keys that are not scopes are unknown keys, which the entry's own rule reports.
  for (const e of errors) {
    if (!e.schemaPath.includes('/dependencies/')) continue;
    if (e.keyword !== 'additionalProperties' || !SCOPES.includes(String((e.params as { additionalProperty?: unknown }).additionalProperty))) dropped.add(e);
  }
  return errors.filter((e) => !dropped.has(e));
}

/**
 * Keys people put in the wrong place, with where they go instead: a scope on a member (it belongs
 * in an access entry) and a member list on a group (membership is written on the member).
 */
function misplacedKeyHint(path: JsonPath, key: string, data: unknown): string | undefined {
  if (path.length !== 2) return undefined;
  if (path[0] === 'members' && SCOPES.includes(key)) {
    return `a scope belongs to an access entry: put it under \`access:\` as \`- { role: …, ${key}: … }\``;
  }
  if (path[0] === 'groups' && key === 'members') {
    const name = (data as { name?: unknown } | null)?.name;
    return `membership is written on the member: \`groups: [${typeof name === 'string' && /^[\w.-]+$/.test(name) ? name : 'this-group'}]\` on each member`;
  }
  return undefined;
}

function toDiagnostic(file: ManifestFile, error: ErrorObject): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const where = describePath(path);
  const at = (p: JsonPath, target: 'key' | 'value' = 'value') => locate(file, p, target);
  const make = (ref: ReturnType<typeof at>, code: string, message: string, hint: string): Diagnostic => ({
    severity: 'error', file: ref.file, line: ref.line, col: ref.col, code, message, hint,
  });
  const parent = error.parentSchema as { description?: string; properties?: Record<string, unknown> } | undefined;
  const params = error.params as Record<string, unknown>;

  if (error.schemaPath.includes('/dependencies/')) {
    const scopes = Object.keys((error.data ?? {}) as object).filter((k) => SCOPES.includes(k));
    return make(at([...path, scopes[1] ?? scopes[0] ?? ''], 'key'), 'two-scopes',
      `an access entry takes at most one scope, but this one has ${scopes.map((s) => `\`${s}\``).join(' and ')}`,
      'split it into one entry per scope, each with its own `role`');
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(parent?.properties ?? {});
      return make(at([...path, key], 'key'), 'unknown-key', `unknown key \`${key}\` in ${where}`,
        misplacedKeyHint(path, key, error.data) ?? (allowed.length ? suggestion(key, allowed, 'key') : 'remove this key'));
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return make(at(path), 'missing-key', `${where} is missing the required key \`${missing}\``,
        `add \`${missing}:\`${describeProperty(parent, missing)}`);
    }
    case 'format': {
      const format = String(params.format);
      const value = JSON.stringify(error.data);
      if (format === 'date') {
        return make(at(path), 'invalid-date', `${value} is not a valid date`,
          'write a real calendar date as YYYY-MM-DD, e.g. 2027-01-31');
      }
      if (format === 'email') {
        return make(at(path), 'invalid-email', `${value} is not a valid email address`, 'write the address as name@domain');
      }
      return make(at(path), 'invalid-value', `${value} is not a valid ${format}`, `write a ${format}, e.g. acme.com`);
    }
    case 'const':
      if (path.length === 1 && path[0] === 'version') {
        return make(at(path), 'unsupported-version', `manifest version ${JSON.stringify(error.data)} is not supported`,
          'this version of segment-access reads `version: 1`');
      }
      return make(at(path), 'invalid-value', `${where} must be ${JSON.stringify(params.allowedValue)}`, '');
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return make(at(path), 'invalid-value',
        `${JSON.stringify(error.data)} is not allowed for ${where}; expected one of ${allowed.join(', ')}`,
        suggestion(String(error.data), allowed, 'value'));
    }
    case 'type':
      return make(at(path), 'invalid-type',
        `${where} must be ${article(String(params.type))}, not ${article(typeOf(error.data))}`,
        parent?.description ? firstSentence(parent.description) : `write ${article(String(params.type))}`);
    case 'anyOf':
      return make(at(path), 'invalid-value', `${where} has an unexpected form`,
        parent?.description ? firstSentence(parent.description) : 'see the schema for the accepted forms');
    case 'pattern': {
      const key = error.propertyName;
      if (key !== undefined) {
        return make(at([...path, key], 'key'), 'invalid-name', `\`${key}\` is not a valid name in ${where}`,
          'use letters, digits, `.`, `_` and `-` only');
      }
      return make(at(path), 'invalid-value', `${JSON.stringify(error.data)} is not a valid value for ${where}`,
        parent?.description ? firstSentence(parent.description) : `must match ${String(params.pattern)}`);
    }
    case 'propertyNames':
      return make(at([...path, String(params.propertyName)], 'key'), 'invalid-name',
        `\`${String(params.propertyName)}\` is not a valid name in ${where}`, 'use letters, digits, `.`, `_` and `-` only');
    case 'uniqueItems':
      return make(at([...path, Number(params.j)]), 'duplicate-value', `${where} lists the same value twice`,
        'remove the repeated entry');
    default:
      return make(at(path), 'invalid-value', `${where} ${error.message ?? 'is invalid'}`,
        parent?.description ? firstSentence(parent.description) : 'see schema/access.schema.json');
  }
}

/** `/members/1/access/0` -> ['members', 1, 'access', 0] (JSON pointer unescaping included). */
export function pointerToPath(pointer: string): JsonPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** ['members', 1, 'access', 0] -> "members[1].access[0]"; [] -> "the file". */
export function describePath(path: JsonPath): string {
  if (path.length === 0) return 'the file';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function describeProperty(parent: { properties?: Record<string, unknown> } | undefined, key: string): string {
  const description = (parent?.properties?.[key] as { description?: string } | undefined)?.description;
  return description ? ` (${firstSentence(description)})` : '';
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end === -1 ? text : text.slice(0, end);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function article(type: string): string {
  const word = type === 'array' ? 'list' : type === 'object' ? 'mapping' : type;
  if (word === 'null') return 'null';
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}
