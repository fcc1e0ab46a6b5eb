// Every remote answer is checked before it is believed (STYLE item 13): the body of a 2xx must be
// JSON, hold a `data` envelope, and `data` must match the operation's definition in
// schema/segment-api.schema.json. Anything else is an error naming the operation, the status and
// the first mismatch — never an empty list.
import { Ajv, type ValidateFunction } from 'ajv';
import schema from '../../schema/segment-api.schema.json' with { type: 'json' };
import type { OperationName } from './endpoints.js';

// Built on first use, not at import: every command loads this module, few read the API. The schema
// ships with the tool, so it is not checked against the meta-schema at run time (test/schemas.test.ts
// does that).
let ajv: Ajv | undefined;
const validators = new Map<OperationName, ValidateFunction>();

function validatorFor(operation: OperationName): ValidateFunction {
  let validate = validators.get(operation);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv({ strict: true, allErrors: false, validateSchema: false });
      ajv.addSchema(schema, 'segment-api');
    }
    validate = ajv.getSchema(`segment-api#/properties/${operation}`)!;
    validators.set(operation, validate);
  }
  return validate;
}

/** Why a 2xx body is not believable (undefined when it matches). `text` is the raw body. */
export function responseProblem(operation: OperationName, text: string): { problem: string } | { data: unknown } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const start = text.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    return { problem: `the body is not JSON (it starts with ${JSON.stringify(start)})` };
  }
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
