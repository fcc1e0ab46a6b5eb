import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateTypes, typesPath } from '../../scripts/generate-types.js';

describe('generated manifest types', () => {
  it('match a fresh generation from schema/access.schema.json (run `npm run generate` after editing the schema)', async () => {
    const committed = await readFile(typesPath, 'utf8');

    const fresh = await generateTypes();

    expect(committed).toBe(fresh);
  });
});
