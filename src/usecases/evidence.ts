// `segment-access evidence FILE`: an apply's evidence record, checked against
// schema/evidence.schema.json before it is believed.
import { Ajv } from 'ajv';
import schema from '../../schema/evidence.schema.json' with { type: 'json' };
import type { Evidence } from '../apply/evidence.js';
import type { Ports } from '../ports/index.js';
import { UserError } from '../user-error.js';

export async function readEvidence(ports: Pick<Ports, 'files'>, input: { file: string }): Promise<{ kind: 'Evidence'; record: Evidence }> {
  let record: unknown;
  try {
    record = JSON.parse(await ports.files.read(input.file)) as unknown;
  } catch (err) {
    throw new UserError(`cannot read the evidence record ${input.file}: ${(err as Error).message}`);
  }
  const validate = new Ajv({ strict: true }).compile(schema);
  if (!validate(record)) {
    const e = validate.errors![0]!;
    throw new UserError(`${input.file} is not an evidence record of this version: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  }
  return { kind: 'Evidence', record: record as unknown as Evidence };
}
