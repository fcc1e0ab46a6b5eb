// `segment-access emulator`: run the local Segment Public API until SIGINT/SIGTERM, or write a
// generated scale seed with `--generate`. `segment-access local reset` restores the demo workspace.
import { readFile, writeFile } from 'node:fs/promises';
import { demoSeed } from '../emulator/demo-seed.js';
import { parseFaults } from '../emulator/faults.js';
import { generateSeed, parseGenerateSpec } from '../emulator/generate-seed.js';
import { resetLocal } from '../emulator/local.js';
import { parseRateLimit } from '../emulator/rate-limit.js';
import { startEmulator } from '../emulator/server.js';
import { checkState } from '../emulator/state.js';
import { Store } from '../emulator/store.js';
import { EXIT, UserError, type ExitCode, type Io } from './io.js';

export interface EmulatorCommandOptions {
  port: string;
  host: string;
  state?: string;
  seed?: string;
  rateLimit: string;
  readRateLimit?: string;
  omitListPermissions?: boolean;
  faults?: string;
  faultSeed: string;
  generate?: string;
  seedOut?: string;
  quiet?: boolean;
}

export async function emulatorCommand(options: EmulatorCommandOptions, io: Io, until?: Promise<void>): Promise<ExitCode> {
  if (options.generate) {
    if (!options.seedOut) throw new UserError('--generate needs --seed-out FILE to write the seed to');
    const seed = generateSeed(parseGenerateSpec(options.generate));
    await writeFile(options.seedOut, JSON.stringify(seed));
    io.stdout(`wrote ${options.seedOut}: ${seed.users.length} users, ${seed.invites.length} invites, ${seed.groups.length} groups, ${seed.sources.length} sources, ${seed.destinations.length} destinations\n`);
    return EXIT.ok;
  }
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port must be 0..65535, got ${options.port}`);
  let rateLimit;
  let readRateLimit;
  let faults;
  try {
    rateLimit = parseRateLimit(options.rateLimit);
    readRateLimit = options.readRateLimit ? parseRateLimit(options.readRateLimit) : null;
    faults = options.faults ? parseFaults(options.faults) : undefined;
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const seedFile = options.seed;
  const store = await Store.open({
    file: options.state,
    seed: async () => (seedFile ? checkState(JSON.parse(await readFile(seedFile, 'utf8')), seedFile) : demoSeed('acme-prod', new Date())),
  }).catch((err: Error) => { throw new UserError(`cannot load the emulator state: ${err.message}`); });
  const emulator = await startEmulator({
    store, host: options.host, port, rateLimit, readRateLimit, faults, faultSeed: Number(options.faultSeed),
    omitListPermissions: options.omitListPermissions,
    log: options.quiet ? undefined : (line) => io.stdout(`${line}\n`),
  });
  const { slug } = store.state.workspace;
  io.stdout(`Segment API emulator listening on ${emulator.url} (workspace ${slug}, token ${emulator.token})\n`);
  await (until ?? new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  }));
  await emulator.close();
  io.stderr('emulator stopped\n');
  return EXIT.ok;
}

export async function localResetCommand(slug: string, io: Io): Promise<ExitCode> {
  const file = await resetLocal(io.cwd, slug);
  io.stdout(`Local workspace ${slug} restored to the demo seed (${file}).\n`);
  return EXIT.ok;
}
