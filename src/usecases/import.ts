// `segment-access import --out DIR`: write the live workspace as manifests (validate passes, and a
// plan right after shows no changes).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Ports } from '../ports/index.js';
import { SegmentApiError } from '../segment/errors.js';
import { UserError } from '../user-error.js';
import { importWorkspace } from '../workspace/import.js';
import { readWorkspace } from '../workspace/read.js';
import { apiErrorText } from './prepare.js';
import { accessSchemaFile } from './schema-file.js';

export interface ImportInput {
  out: string;
  local?: boolean;
  slug: string;
  region: 'us' | 'eu';
  force?: boolean;
}

export interface ImportOutcome {
  kind: 'Imported';
  workspace: string;
  out: string;
  members: number;
  invites: number;
  groups: number;
  files: string[];
  local: boolean;
}

export async function importManifests(ports: Ports, input: ImportInput): Promise<ImportOutcome> {
  const out = path.resolve(ports.cwd, input.out);
  const existing = await readdir(out).catch(() => [] as string[]);
  if (existing.some((f) => /\.ya?ml$/.test(f)) && !input.force) {
    throw new UserError(`${input.out} already holds manifests; choose an empty folder (or pass --force to overwrite)`);
  }
  const connection = await ports.segment.connect({ local: input.local, slug: input.slug, region: input.region });
  try {
    // Invite ages are of no use to an import: the Audit Trail is not read.
    const actual = await readWorkspace(connection.client, { inviteAges: false });
    const schemaPath = path.relative(out, accessSchemaFile()).split(path.sep).join('/');
    const files = importWorkspace(actual, { region: input.region, now: ports.clock.now(), schemaPath });
    await ports.files.writeAll(new Map(Object.entries(files).map(([name, text]) => [path.join(out, name), text])));
    return {
      kind: 'Imported', workspace: actual.workspace.slug, out: input.out, members: actual.users.size, invites: actual.invites.size, groups: actual.groups.size,
      files: Object.keys(files), local: Boolean(input.local),
    };
  } catch (err) {
    if (err instanceof SegmentApiError) throw new UserError(apiErrorText(err, connection.target));
    throw err;
  } finally {
    await connection.close();
  }
}
