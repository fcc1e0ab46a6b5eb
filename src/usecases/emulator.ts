// `segment-access emulator`: run the local Segment Public API until stopped, or write a generated
// scale seed (`--generate`). `segment-access local reset` restores the demo workspace.
import { readFile, writeFile } from 'node:fs/promises';
import { DEMO_SLUG, demoSeed } from '../emulator/demo-seed.js';
import { parseFaults } from '../emulator/faults.js';
import { generateSeed, parseGenerateSpec } from '../emulator/generate-seed.js';
import { resetLocal } from '../emulator/local.js';
import { parseRateLimit } from '../emulator/rate-limit.js';
import { startEmulator } from '../emulator/server.js';
import { checkState, type EmulatorState } from '../emulator/state.js';
import { Store } from '../emulator/store.js';
import { describeUnknowns, parseUnknowns, unknownsOf, withUnknowns, type Unknowns } from '../emulator/unknowns.js';
import type { Ports } from '../ports/index.js';
import { UserError } from '../user-error.js';

export interface EmulatorInput {
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
  /** `audit-payload=opaque,caps=200`, `pessimistic`: what Segment leaves undocumented, played one way. */
  unknowns?: string;
}

export type EmulatorEvent =
  | { kind: 'generated'; file: string; users: number; invites: number; groups: number; sources: number; destinations: number }
  | { kind: 'listening'; url: string; slug: string; token: string; unknowns: string }
  | { kind: 'request'; line: string }
  | { kind: 'stopped' };

export async function runEmulator(ports: Pick<Ports, 'clock'>, input: EmulatorInput, events: (e: EmulatorEvent) => void, until: Promise<void>): Promise<void> {
  if (input.generate) {
    if (!input.seedOut) throw new UserError('--generate needs --seed-out FILE to write the seed to');
    const seed = generateSeed(parseGenerateSpec(input.generate));
    await writeFile(input.seedOut, JSON.stringify(seed));
    events({ kind: 'generated', file: input.seedOut, users: seed.users.length, invites: seed.invites.length, groups: seed.groups.length, sources: seed.sources.length, destinations: seed.destinations.length });
    return;
  }
  const port = Number(input.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port must be 0..65535, got ${input.port}`);
  let rateLimit;
  let readRateLimit;
  let faults;
  try {
    rateLimit = parseRateLimit(input.rateLimit);
    readRateLimit = input.readRateLimit ? parseRateLimit(input.readRateLimit) : null;
    faults = input.faults ? parseFaults(input.faults) : undefined;
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const unknowns = unknownsSpec(input.unknowns);
  const seedFile = input.seed;
  const store = await Store.open({
    file: input.state,
    seed: async () => (seedFile ? checkState(JSON.parse(await readFile(seedFile, 'utf8')), seedFile) : demoSeed('acme-prod', ports.clock.now())),
  }).catch((err: Error) => { throw new UserError(`cannot load the emulator state: ${err.message}`); });
  if (unknowns) {
    store.state = withUnknowns(store.state, unknowns);
    store.touch();
    await store.flush();
  }
  const emulator = await startEmulator({
    store, host: input.host, port, rateLimit, readRateLimit, faults, faultSeed: Number(input.faultSeed),
    omitListPermissions: input.omitListPermissions,
    log: input.quiet ? undefined : (line) => events({ kind: 'request', line }),
  });
  events({ kind: 'listening', url: emulator.url, slug: store.state.workspace.slug, token: emulator.token, unknowns: describeUnknowns(unknownsOf(store.state)) });
  await until;
  await emulator.close();
  events({ kind: 'stopped' });
}

/** Reads `--unknowns`; a bad switch is the user's error, named. */
function unknownsSpec(spec: string | undefined): Partial<Unknowns> | undefined {
  if (spec === undefined) return undefined;
  try {
    return parseUnknowns(spec);
  } catch (err) {
    throw new UserError(`--unknowns: ${(err as Error).message}`);
  }
}

export async function resetLocalWorkspace(ports: Pick<Ports, 'cwd' | 'clock' | 'files'>, input: { slug?: string; unknowns?: string; seed?: string }): Promise<{ kind: 'Reset'; slug: string; file: string; unknowns: string; seeded: 'demo' | 'catalog' | 'file' }> {
  const unknowns = unknownsSpec(input.unknowns) ?? {};
  let seed: EmulatorState | undefined;
  if (input.seed) {
    const text = await ports.files.read(input.seed).catch((err: Error) => { throw new UserError(`cannot read the seed ${input.seed}: ${err.message}`); });
    try {
      seed = checkState(JSON.parse(text), input.seed);
    } catch (err) {
      throw new UserError(`the seed ${input.seed} is not an emulator state: ${(err as Error).message}`);
    }
    if (input.slug && input.slug !== seed.workspace.slug) {
      throw new UserError(`the seed ${input.seed} is workspace ${JSON.stringify(seed.workspace.slug)}, not ${JSON.stringify(input.slug)}; leave out --slug, or change the seed's workspace.slug`);
    }
  }
  const slug = seed?.workspace.slug ?? input.slug ?? DEMO_SLUG;
  const file = await resetLocal(ports.cwd, slug, unknowns, ports.clock.now(), seed);
  return { kind: 'Reset', slug, file, unknowns: describeUnknowns(unknownsOf({ unknowns })), seeded: seed ? 'file' : slug === DEMO_SLUG ? 'demo' : 'catalog' };
}
