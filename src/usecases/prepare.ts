// The steps plan, apply, drift, review, explain and who-can share: validate the manifests, read the
// live workspace, check they are the same workspace, resolve names, and compute the plan. Nothing
// is printed: diagnostics travel with the result (or with the error that stops it).
import type { Reinvite } from '../plan/context.js';
import { createHash } from 'node:crypto';
import { errorCount, sortDiagnostics, type Diagnostic } from '../manifest/diagnostic.js';
import { parseManifestTexts, peekWorkspace, type ManifestFile } from '../manifest/load.js';
import { mergeManifests, type Manifest } from '../manifest/merge.js';
import { resolveManifest, type Desired } from '../manifest/resolve.js';
import { validateManifests } from '../manifest/validate.js';
import { expiryRisks } from '../plan/expiry-risks.js';
import { plan as computePlan } from '../plan/plan.js';
import type { Plan } from '../plan/types.js';
import type { Connection, Ports } from '../ports/index.js';
import { SegmentApiError } from '../segment/errors.js';
import { ManifestProblems, UserError } from '../user-error.js';
import { TOOL_VERSION } from '../version.js';
import { readFunctions, readWorkspace } from '../workspace/read.js';
import type { Actual } from '../workspace/model.js';
import { plural } from '../words.js';

export interface PrepareOptions {
  dir: string;
  at: Date;
  local?: boolean;
  /** Re-issue these pending invites (`all`, or lower-cased emails), as `--reinvite` asks. */
  reinvite?: Reinvite;
  /** Keep the Audit Trail's last 30 days on the snapshot (drift attributes changes with it). */
  auditEvents?: boolean;
  /** A git revision whose manifests the plan compares expiries with (the pull request's base). */
  baseRef?: string;
  /** Told about rate-limit waits of a second or more. */
  onWait?: (message: string) => void;
}

export interface Prepared {
  manifest: Manifest;
  plan: Plan;
  desired: Desired;
  actual: Actual;
  /** Every warning of the manifests and of resolving them (errors stop the pipeline instead). */
  diagnostics: Diagnostic[];
  connection: Connection;
  /** Re-reads the workspace and re-plans with the same manifests (for verification after apply). */
  replan(): Promise<{ plan: Plan; actual: Actual }>;
}

export type PreparePorts = Pick<Ports, 'cwd' | 'segment' | 'git'>;

/**
 * Hash of every manifest file's path (relative to the manifest folder, so it does not depend on the
 * working directory) and text: what the plan was made from.
 */
export function manifestDigest(files: readonly ManifestFile[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.relPath < b.relPath ? -1 : 1))) hash.update(`${f.relPath}\u0000${f.text}\u0000`);
  return `sha256:${hash.digest('hex')}`;
}

/** Runs the pipeline up to the plan. The caller closes `connection`. */
export async function prepare(ports: PreparePorts, options: PrepareOptions): Promise<Prepared> {
  // Reading the workspace is mostly waiting on the network, loading large manifests is mostly CPU:
  // start the read as soon as the workspace file names the slug and region, and confirm below.
  const early = await peekWorkspace(options.dir, ports.cwd);
  const speculative = early ? startRead(ports, early, options) : undefined;
  speculative?.catch(() => {}); // its errors surface below, if it is used at all

  const validation = await validateManifests(options.dir, { at: options.at, cwd: ports.cwd });
  if (!validation.manifest || errorCount(validation.diagnostics) > 0) {
    // Names the workspace lacks (a role, a source) are reported in the same run when the manifest
    // could be read and the workspace read had started: one run, every problem it can find.
    const more = validation.manifest && speculative ? await namesMissing(validation.manifest, speculative, options.at) : undefined;
    await discard(speculative);
    const all = sortDiagnostics(dedupe([...(more ? answeredOffline(validation.diagnostics) : validation.diagnostics), ...(more ?? [])]));
    throw new ManifestProblems(`the manifests in ${options.dir} have ${plural(errorCount(all), 'error')}; fix them and run again`, all);
  }
  const manifest = validation.manifest;
  const base = options.baseRef ? baseManifests(ports, options.dir, options.baseRef) : undefined;
  const declared = manifest.workspaces[0]!.value;
  const workspace = { slug: declared.slug, region: declared.region ?? 'us', ...(declared.tokenEnv ? { tokenEnv: declared.tokenEnv } : {}) };
  let started = speculative;
  if (!early || early.slug !== workspace.slug || early.region !== workspace.region || early.tokenEnv !== workspace.tokenEnv) {
    await discard(speculative);
    started = startRead(ports, workspace, options);
  }
  const { connection, first: firstRead } = await started!.catch((err: unknown) => {
    if (err instanceof SegmentApiError) throw new UserError(apiErrorText(err, err.target ?? 'the Segment API'));
    throw err;
  });
  try {
    const digest = manifestDigest(manifest.files);
    const baseline = await base;
    const wantsFunctions = namesFunctions(manifest);
    const build = async (actual: Actual) => {
      // The speculative read could not know the manifests name functions: read them now if so.
      if (wantsFunctions && actual.functions.length === 0) actual.functions = await readFunctions(connection.client, actual.notes);
      const resolved = resolveManifest(manifest, actual, options.at);
      const plan = computePlan(resolved.desired, actual, {
        now: options.at, toolVersion: TOOL_VERSION, manifestDigest: digest, reinvite: options.reinvite,
      });
      return { actual, resolved, plan: withBase({ ...plan, manifestDir: options.dir }, manifest, baseline, options.baseRef) };
    };
    const first = await build(firstRead);
    checkReinvite(options.reinvite, first.plan, workspace.slug);
    const diagnostics = sortDiagnostics([...answeredOffline(validation.diagnostics), ...first.resolved.diagnostics]);
    if (errorCount(first.resolved.diagnostics) > 0) {
      throw new ManifestProblems(`the manifests name things workspace ${workspace.slug} does not have (${plural(errorCount(first.resolved.diagnostics), 'error')} above)`, diagnostics);
    }
    return {
      manifest, plan: first.plan, desired: first.resolved.desired, actual: first.actual, diagnostics, connection,
      replan: async () => {
        const again = await build(await readWorkspace(connection.client, { now: options.at, auditEvents: options.auditEvents, expectSlug: workspace.slug }));
        return { plan: again.plan, actual: again.actual };
      },
    };
  } catch (err) {
    await connection.close();
    if (err instanceof SegmentApiError) throw new UserError(apiErrorText(err, connection.target));
    throw err;
  }
}

/**
 * The resolve stage's errors for a manifest that has errors of its own, or none when the workspace
 * could not be read or the manifest cannot be resolved: this only adds to a run that fails anyway.
 */
async function namesMissing(manifest: Manifest, read: StartedRead, at: Date): Promise<Diagnostic[] | undefined> {
  try {
    const { first } = await read;
    return resolveManifest(manifest, first, at).diagnostics.filter((d) => d.severity === 'error');
  } catch {
    return undefined;
  }
}

/** Offline guesses the workspace has now answered: a role name it serves, or an unknown-role error instead. */
function answeredOffline(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.code !== 'undocumented-role');
}

/** One diagnostic per place and code: two stages can find the same problem. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.col}:${d.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * `--reinvite=EMAIL,...` must name pending invites the plan covers: a typo that re-sends nothing
 * would otherwise pass silently.
 */
function checkReinvite(reinvite: Reinvite | undefined, plan: Plan, slug: string): void {
  if (!Array.isArray(reinvite)) return;
  const covered = new Set(plan.changes.filter((c) => c.subject.kind === 'person' && c.actions.includes('reissue-invite')).map((c) => (c.subject as { email: string }).email.toLowerCase()));
  const missing = reinvite.filter((e) => !covered.has(e));
  if (missing.length === 0) return;
  const pending = plan.pendingInvites.map((p) => p.email);
  const shown = pending.length > 5 ? `${pending.slice(0, 5).join(', ')} and ${pending.length - 5} more` : pending.join(', ');
  throw new UserError(`--reinvite names ${missing.join(', ')}, which ${missing.length === 1 ? 'is not a pending invite' : 'are not pending invites'} of a member the manifests for ${slug} keep`
    + (pending.length ? ` (pending: ${shown})` : ' (no invite is pending)'));
}

/**
 * The manifests under `dir` at git revision `ref`, or why they could not be read. Reading them must
 * never stop a plan: any failure becomes a warning on the plan.
 */
export async function baseManifests(ports: Pick<Ports, 'git'>, dir: string, ref: string): Promise<Manifest | { reason: string }> {
  const read = await ports.git.manifestsAt(dir, ref);
  if ('reason' in read) return read;
  if (read.files.length === 0) return mergeManifests([]);
  const loaded = parseManifestTexts(read.files, (rel) => `${ref}:${rel}`);
  if (errorCount(loaded.diagnostics) > 0) return { reason: `the manifests at ${ref} do not parse` };
  return mergeManifests(loaded.files);
}

/** The plan with the expiries compared against the base branch's manifests, or a warning why not. */
function withBase(plan: Plan, manifest: Manifest, base: Manifest | { reason: string } | undefined, ref: string | undefined): Plan {
  if (!base || !ref) return plan;
  if ('reason' in base) {
    return { ...plan, warnings: [...plan.warnings, { code: 'base-unreadable', message: `the manifests at ${ref} could not be read (${base.reason}), so a removed or later expiry is not called out` }] };
  }
  return { ...plan, manifestRisks: expiryRisks(base, manifest) };
}

type StartedRead = Promise<{ connection: Connection; first: Actual }>;

/** Connects and reads the workspace; on failure closes the connection and rejects. */
function startRead(ports: PreparePorts, workspace: { slug: string; region: 'us' | 'eu'; tokenEnv?: string }, options: PrepareOptions): StartedRead {
  return (async () => {
    const connection = await ports.segment.connect({
      local: options.local, slug: workspace.slug, region: workspace.region, tokenEnv: workspace.tokenEnv, asOf: options.at,
      ...(options.onWait ? { onWait: options.onWait } : {}),
    });
    try {
      return { connection, first: await readWorkspace(connection.client, { now: options.at, auditEvents: options.auditEvents, expectSlug: workspace.slug }) };
    } catch (err) {
      await connection.close();
      if (err instanceof SegmentApiError) err.target = connection.target;
      throw err;
    }
  })();
}

async function discard(started: StartedRead | undefined): Promise<void> {
  const result = await started?.catch(() => undefined);
  await result?.connection.close();
}

export function apiErrorText(err: SegmentApiError, target: string): string {
  return `${err.message} (at ${target})${err.hint ? `\n  hint: ${err.hint}` : ''}`;
}

/** Whether any access entry of the manifests is scoped to functions. */
function namesFunctions(manifest: Manifest): boolean {
  const entries = [
    ...manifest.members.flatMap((m) => m.value.access ?? []), ...manifest.groups.flatMap((g) => g.value.access ?? []),
    ...manifest.profiles.flatMap((p) => p.value),
  ];
  return entries.some((e) => e.functions !== undefined);
}
