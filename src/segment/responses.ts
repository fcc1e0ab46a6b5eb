// Every remote answer is checked before it is believed (docs/architecture.md, "Principles"): the body of a 2xx must be
// JSON, hold a `data` envelope, and `data` must match the operation's definition in
// schema/segment-api.schema.json. Anything else is an error naming the operation, the status and
// the first mismatch — never an empty list.
import type { ValidateFunction } from 'ajv';
import * as generated from './response-validators.generated.js';
import type { OperationName } from './endpoints.js';

// Generated as code by `npm run generate` (ajv standalone): nothing is compiled at run time.
// test/generated-types.test.ts fails when they are older than schema/segment-api.schema.json.
function validatorFor(operation: OperationName): ValidateFunction {
  return (generated as unknown as Record<OperationName, ValidateFunction>)[operation];
}

/** The body parsed as JSON, boxed so that a body of `null` differs from one that is not JSON (undefined). */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * Why a 2xx body is not believable, or its checked `data`. `text` is the raw body; `json` is its
 * parse when the caller already has it (a large page is parsed once, not twice).
 */
export function responseProblem(operation: OperationName, text: string, json = parseJson(text)): { problem: string } | { data: unknown } {
  if (json === undefined) {
    const start = text.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    return { problem: `the body is not JSON (it starts with ${JSON.stringify(start)})` };
  }
  const body = json.value;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { problem: 'the body is not a JSON object' };
  if (!('data' in body)) return { problem: 'the body has no `data` envelope' };
  const data = (body as { data: unknown }).data;
  if (data === null) return { problem: '`data` is null' };
  const validate = validatorFor(operation);
  if (!validate(data)) {
    const e = validate.errors![0]!;
    const where = `data${e.instancePath.replace(/\//g, '.')}`;
    const detail = e.keyword === 'required' ? `${where} has no \`${String((e.params as { missingProperty: string }).missingProperty)}\`` : `${where} ${e.message ?? 'is invalid'}`;
    return { problem: detail };
  }
  return { data };
}
