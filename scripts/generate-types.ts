// Generates the TypeScript types that follow the JSON Schemas in schema/: the manifest format
// (src/manifest/types.generated.ts), the Segment API responses the client checks
// (src/segment/types.generated.ts) and the request bodies it sends (src/segment/requests.generated.ts). The schemas are the single source of truth;
// test/generated-types.test.ts fails when a committed file differs from a fresh run.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface Generated {
  schema: string;
  types: string;
  /** Name of the root type. */
  name: string;
  /** Whether objects are closed (the manifest) or open to fields Segment may add (API responses). */
  closed: boolean;
}

export const GENERATED: readonly Generated[] = [
  { schema: 'schema/access.schema.json', types: 'src/manifest/types.generated.ts', name: 'AccessManifest', closed: true },
  { schema: 'schema/segment-api.schema.json', types: 'src/segment/types.generated.ts', name: 'SegmentResponses', closed: false },
  { schema: 'schema/segment-requests.schema.json', types: 'src/segment/requests.generated.ts', name: 'SegmentRequests', closed: true },
];

/** Returns the TypeScript source that `npm run generate` writes for one schema. */
export async function generateTypes(item: Generated): Promise<string> {
  const schema = typeNamed(JSON.parse(await readFile(`${root}${item.schema}`, 'utf8')), item.name);
  const banner = `/* Generated from ${item.schema} by \`npm run generate\` (json-schema-to-typescript).
 * Do not edit by hand: change the schema and regenerate. A test fails when this file is stale. */`;
  return compile(schema, item.name, {
    bannerComment: banner,
    additionalProperties: !item.closed,
    strictIndexSignatures: true,
    unreachableDefinitions: !item.closed,
    style: { singleQuote: true, printWidth: 110 },
  });
}

/**
 * The schemas' titles are written for people (an editor shows them on hover: "Review by", "Access
 * entry"), but json-schema-to-typescript turns every title into a type name. For generation, the
 * titles of the root, the definitions and the properties are dropped (definitions are then named
 * after their keys: `accessEntry` -> `AccessEntry`), so rewording a title never renames a type.
 * Titles on the alternatives of an `anyOf` stay: they name those shapes on purpose.
 */
function typeNamed(schema: Record<string, unknown>, name: string): Record<string, unknown> {
  const walk = (node: unknown, dropTitle: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, false));
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'title' && dropTitle) continue;
      const named = key === 'properties' || key === 'definitions';
      out[key] = named && value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, true)]))
        : walk(value, key === 'items' || key === 'additionalProperties');
    }
    return out;
  };
  return { ...(walk(schema, true) as Record<string, unknown>), title: name };
}

export async function readCommitted(item: Generated): Promise<string> {
  return readFile(`${root}${item.types}`, 'utf8');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const item of GENERATED) {
    await writeFile(`${root}${item.types}`, await generateTypes(item));
    console.log(`wrote ${item.types}`);
  }
}
