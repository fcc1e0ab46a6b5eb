import { describe, expect, it } from 'vitest';
import { GENERATED, generateTypes, readCommitted } from '../scripts/generate-types.js';

describe('generated types', () => {
  it.each(GENERATED.map((g) => [g.types, g] as const))('%s matches a fresh generation from its schema (run `npm run generate` after editing it)', async (_name, item) => {
    const committed = await readCommitted(item);

    const fresh = await generateTypes(item);

    expect(committed).toBe(fresh);
  });
});
