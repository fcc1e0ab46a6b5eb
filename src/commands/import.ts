// `segment-access import --out DIR`: write the live workspace as manifests (validate passes, and a
// plan right after shows no changes).
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readWorkspace } from '../workspace/read.js';
import { importWorkspace } from '../workspace/import.js';
import { SegmentApiError } from '../segment/errors.js';
import { accessSchemaFile } from './schema-file.js';
import { connect } from './connect.js';
import { EXIT, UserError, type ExitCode, type Io } from './io.js';
import { apiErrorText } from './prepare.js';

export interface ImportCommandOptions {
  out: string;
  local?: boolean;
  slug: string;
  region: 'us' | 'eu';
  force?: boolean;
}

export async function importCommand(options: ImportCommandOptions, io: Io): Promise<ExitCode> {
  const out = path.resolve(io.cwd, options.out);
  const existing = await readdir(out).catch(() => [] as string[]);
  if (existing.some((f) => /\.ya?ml$/.test(f)) && !options.force) {
    throw new UserError(`${options.out} already holds manifests; choose an empty folder (or pass --force to overwrite)`);
  }
  const connection = await connect({ local: options.local, slug: options.slug, region: options.region }, io);
  try {
    const actual = await readWorkspace(connection.client);
    const schema = accessSchemaFile();
    const schemaPath = path.relative(out, schema).split(path.sep).join('/');
    const files = importWorkspace(actual, { region: options.region, now: new Date(), schemaPath });
    await mkdir(out, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(out, name), text);
    io.stdout(`Imported workspace ${actual.workspace.slug}: ${actual.users.size} members, ${actual.invites.size} pending invites, ${actual.groups.size} groups -> ${options.out}/ (${Object.keys(files).join(', ')})\n`);
    io.stdout(`Next: segment-access validate ${options.out} && segment-access plan ${options.out}${options.local ? ' --local' : ''}\n`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof SegmentApiError) throw new UserError(apiErrorText(err, connection.target));
    throw err;
  } finally {
    await connection.close();
  }
}
