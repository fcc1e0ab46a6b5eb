import { describe, expect, it } from 'vitest';
import { GENERATED, generateTypes, readCommitted } from '../scripts/generate-types.js';
import { VALIDATORS, generateValidators, readCommittedValidators } from '../scripts/generate-validators.js';

describe('generated types', () => {
  it.each(GENERATED.map((g) => [g.types, g] as const))('%s matches a fresh generation from its schema (run `npm run generate` after editing it)', async (_name, item) => {
    const committed = await readCommitted(item);

    const fresh = await generateTypes(item);

    expect(committed).toBe(fresh);
  });
});

describe('generated validators', () => {
  it.each(VALIDATORS.map((v) => [v.out, v] as const))('%s matches a fresh generation from its schema (run `npm run generate` after editing it)', async (_name, item) => {
    expect(await readCommittedValidators(item)).toBe(await generateValidators(item));
  });
});
