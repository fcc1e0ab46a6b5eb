// The steps plan, apply and drift share: validate the manifests, read the live workspace, check
// they are the same workspace, resolve names, and compute the plan. Diagnostics go to stderr (and
// to GitHub annotations in Actions) so that stdout carries only the rendered plan.
import { createHash } from 'node:crypto';
import { annotationLines } from '../github/annotations.js';
import { errorCount, sortDiagnostics, type Diagnostic } from '../manifest/diagnostic.js';
import { formatDiagnostic } from '../manifest/format-diagnostics.js';
import { peekWorkspace, type ManifestFile } from '../manifest/load.js';
import type { Manifest } from '../manifest/merge.js';
import { resolveManifest, type Desired } from '../manifest/resolve.js';
import { validateManifests } from '../manifest/validate.js';
import { expiryRisks } from '../plan/expiry-risks.js';
import { plan as computePlan } from '../plan/plan.js';
import type { Plan } from '../plan/types.js';
import { SegmentApiError } from '../segment/errors.js';
import { readFunctions, readWorkspace } from '../workspace/read.js';
import type { Actual } from '../workspace/model.js';
import { TOOL_VERSION } from '../version.js';
import { baseManifests } from './base-manifests.js';
import { connect, type Connection } from './connect.js';
import { EXIT, UserError, inGitHubActions, type Io } from './io.js';

export interface PrepareOptions {
  dir: string;
  at: Date;
  local?: boolean;
  reinvite?: boolean;
  /** Keep the Audit Trail's last 30 days on the snapshot (drift attributes changes with it). */
  auditEvents?: boolean;
  /** A git revision whose manifests the plan compares expiries with (the pull request's base). */
  baseRef?: string;
}

export interface Prepared {
  manifest: Manifest;
  plan: Plan;
  desired: Desired;
  actual: Actual;
  diagnostics: Diagnostic[];
  connection: Connection;
  /** Re-reads the workspace and re-plans with the same manifests (for verification after apply). */
  replan(): Promise<{ plan: Plan; actual: Actual }>;
}

/**
 * Hash of every manifest file's path (relative to the manifest folder, so it does not depend on the
 * working directory) and text: what the plan was made from.
 */
export function manifestDigest(files: readonly ManifestFile[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.relPath < b.relPath ? -1 : 1))) hash.update(`${f.relPath}\u0000${f.text}\u0000`);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Diagnostics go to stderr, and so do their GitHub annotations: stdout carries only the requested
 * format (a JSON plan must parse). The runner reads workflow commands from stderr too
 * (observed in overengineeringstudio/effect-utils#969).
 */
export function printDiagnostics(diagnostics: Diagnostic[], io: Io): void {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (inGitHubActions(io)) for (const line of annotationLines(diagnostics)) io.stderr(`${line}\n`);
}

/** Runs the pipeline up to the plan. The caller closes `connection`. */
export async function prepare(options: PrepareOptions, io: Io): Promise<Prepared> {
  // Reading the workspace is mostly waiting on the network, loading large manifests is mostly CPU:
  // start the read as soon as the workspace file names the slug and region, and confirm below.
  const early = await peekWorkspace(options.dir, io.cwd);
  const speculative = early ? startRead(early, options, io) : undefined;
  speculative?.catch(() => {}); // its errors surface below, if it is used at all

  const validation = await validateManifests(options.dir, { at: options.at, cwd: io.cwd });
  if (!validation.manifest || errorCount(validation.diagnostics) > 0) {
    printDiagnostics(validation.diagnostics, io);
    await discard(speculative);
    throw new UserError(`the manifests in ${options.dir} have ${errorCount(validation.diagnostics)} error(s); fix them and run again`, EXIT.error);
  }
  const manifest = validation.manifest;
  const base = options.baseRef ? baseManifests(options.dir, options.baseRef, io.cwd) : undefined;
  const declared = manifest.workspaces[0]!.value;
  const workspace = { slug: declared.slug, region: declared.region ?? 'us', ...(declared.tokenEnv ? { tokenEnv: declared.tokenEnv } : {}) };
  let started = speculative;
  if (!early || early.slug !== workspace.slug || early.region !== workspace.region || early.tokenEnv !== workspace.tokenEnv) {
    await discard(speculative);
    started = startRead(workspace, options, io);
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
    const diagnostics = sortDiagnostics([...validation.diagnostics, ...first.resolved.diagnostics]);
    printDiagnostics(diagnostics, io);
    if (errorCount(first.resolved.diagnostics) > 0) {
      throw new UserError(`the manifests name things workspace ${workspace.slug} does not have (${errorCount(first.resolved.diagnostics)} error(s) above)`);
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
function startRead(workspace: { slug: string; region: 'us' | 'eu'; tokenEnv?: string }, options: PrepareOptions, io: Io): StartedRead {
  return (async () => {
    const connection = await connect({ local: options.local, slug: workspace.slug, region: workspace.region, tokenEnv: workspace.tokenEnv, asOf: options.at }, io);
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
