// The composition root of the command line: parse flags, build the ports once (Segment, GitHub, git,
// files, the prompt, the clock, the CI context), call one use case, pick the view for --format once,
// and write what it renders through the one safe sink. No decision about access lives here.
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { defaultPorts } from './adapters/default-ports.js';
import { processSignals } from './adapters/signals.js';
import { processIo, safeText, useColour, type Io } from './adapters/terminal.js';
import { parseAt } from './manifest/dates.js';
import type { Ports } from './ports/index.js';
import { applyExit, applyWorkspace, signalExit } from './usecases/apply.js';
import { drift, driftExit } from './usecases/drift.js';
import { doctor } from './usecases/doctor.js';
import { runEmulator, resetLocalWorkspace } from './usecases/emulator.js';
import { readEvidence } from './usecases/evidence.js';
import { explain } from './usecases/explain.js';
import { fmt, fmtExit } from './usecases/fmt.js';
import { importManifests } from './usecases/import.js';
import { planExit, planWorkspace } from './usecases/plan.js';
import { prune, pruneExit } from './usecases/prune.js';
import { review, type ReviewOutcome } from './usecases/review.js';
import { show } from './usecases/show.js';
import { validate, validateExit } from './usecases/validate.js';
import { whoCan } from './usecases/who-can.js';
import { listWorkspaces, outFor, perWorkspace, refuseMany, workspaceFolders, worstExit } from './usecases/workspaces.js';
import type { Reinvite } from './plan/context.js';
import { EXIT, ManifestProblems, UserError } from './user-error.js';
import { TOOL_VERSION } from './version.js';
import { applyEventsView, applyOutcomeView } from './views/apply.js';
import { completionScript, SHELLS, type CompletionCommand, type Shell } from './views/completion.js';
import { driftViews, type DriftFormat } from './views/drift.js';
import { doctorViews, type DoctorFormat } from './views/doctor.js';
import { emulatorEventView, resetView } from './views/emulator.js';
import { evidenceViews, type EvidenceFormat } from './views/evidence.js';
import { explainViews, type ExplainFormat } from './views/explain.js';
import { fmtViews, type FmtFormat } from './views/fmt.js';
import { importView } from './views/import.js';
import { diagnosticsPrinted, join, printed, type Printed, type ViewContext } from './views/output.js';
import { planRenderers, planViews, type PlanFormat } from './views/plan.js';
import { pruneViews, type PruneFormat } from './views/prune.js';
import { reviewDocuments, reviewMatrixCsv, reviewMatrixOnStdout, reviewNotes, type ReviewFormat } from './views/review.js';
import { validateViews, type ValidateFormat } from './views/validate.js';
import { whoCanViews, type WhoCanFormat } from './views/who-can.js';
import { manyView, workspacesViews, type RenderedRun, type WorkspacesFormat } from './views/workspaces.js';

export type { Io } from './adapters/terminal.js';
export { processIo } from './adapters/terminal.js';

function parseAtOption(value: string): Date {
  const date = parseAt(value);
  if (!date) throw new InvalidArgumentError('expected a date (YYYY-MM-DD) or an ISO timestamp');
  return date;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** `--reinvite=all` (the bare flag) or `--reinvite=EMAIL[,EMAIL]`: lower-cased, each checked. */
function parseReinvite(value: string): Reinvite {
  if (value === 'all') return 'all';
  const emails = value.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
  const bad = emails.filter((e) => !/^[^\s@]+@[^\s@]+$/.test(e));
  if (emails.length === 0 || bad.length) throw new InvalidArgumentError(`expected --reinvite alone (every pending invite) or --reinvite=EMAIL[,EMAIL]${bad.length ? `; not an email: ${bad.join(', ')}` : ''}`);
  return [...new Set(emails)];
}

/**
 * A bare `--reinvite` means every pending invite; it must not swallow the folder after it as its
 * value (`plan --reinvite examples/` would otherwise read "examples/" as an email list). So the bare
 * flag becomes `--reinvite=all`, and `--reinvite a@x.com` is read as `--reinvite=a@x.com`.
 */
export function normalizeReinvite(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { out.push(...argv.slice(i)); break; }
    if (arg !== '--reinvite') { out.push(arg); continue; }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('-') && next.includes('@')) { out.push(`--reinvite=${next}`); i++; } else out.push('--reinvite=all');
  }
  return out;
}

function parseDigest(value: string): string {
  if (!/^sha256:[0-9a-f]{64}$/.test(value)) throw new InvalidArgumentError('expected an operations digest, sha256: and 64 hex digits, as the plan comment shows it');
  return value;
}

const SEGMENT_ENV = [
  'SEGMENT_API_TOKEN          a Public API token with Workspace Owner access (never printed)',
  'SEGMENT_API_URL            the API base URL (default from the manifest region: api.segmentapis.com or eu1)',
  'SEGMENT_ACCESS_MAX_WAIT    longest rate-limit wait accepted, and most one call waits in all, in seconds (default 300)',
  'SEGMENT_ACCESS_MAX_WAIT_TOTAL most all rate-limit waits of a run add up to, in seconds (default 900)',
  'SEGMENT_ACCESS_UNREACHABLE seconds of failures in a row before giving up (default 120)',
  'SEGMENT_ACCESS_TIMEOUT     per-request deadline, in seconds (default 30)',
];
const GITHUB_ENV = ['GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_SHA   for --comment / --github-issue (set by GitHub Actions)'];
const COLOUR_ENV = ['NO_COLOR, FORCE_COLOR       colour off / on (no-color.org)'];

/** Examples and the environment each command reads, shown after its --help. */
const HELP: Record<string, { examples: string[]; env?: string[] }> = {
  validate: { examples: ['segment-access validate examples/acme', 'segment-access validate . --format json --at 2027-01-01'] },
  plan: {
    examples: ['segment-access plan examples/acme --local', 'segment-access plan access/acme --out plan.json', 'segment-access plan access/acme --format markdown --comment', 'segment-access plan access/acme --base-ref origin/main   # call out expiries extended since main'],
    env: [...SEGMENT_ENV, ...GITHUB_ENV, ...COLOUR_ENV],
  },
  apply: {
    examples: ['segment-access apply examples/acme --local --auto-approve', 'segment-access apply --plan plan.json', 'segment-access apply access/acme --auto-approve --comment', 'segment-access apply access/acme --auto-approve --approved-digest sha256:…   # a plan a person approved by its digest'],
    env: [...SEGMENT_ENV, ...GITHUB_ENV, ...COLOUR_ENV],
  },
  drift: { examples: ['segment-access drift examples/acme --local', 'segment-access drift access/acme --github-issue'], env: [...SEGMENT_ENV, ...GITHUB_ENV] },
  prune: { examples: ['segment-access prune access/acme --check', 'segment-access prune access/acme --at 2027-01-01'] },
  workspaces: { examples: ['segment-access workspaces access', 'segment-access workspaces access --changed-since origin/main --format json   # the Actions matrix'] },
  fmt: { examples: ['segment-access fmt access/acme', 'segment-access fmt access/acme --check   # in CI: exit 1 and list what would change'] },
  review: { examples: ['segment-access review examples/acme --local', 'segment-access review access/acme --format csv --out review.csv', 'segment-access review access/acme --format html --out review.html', 'segment-access review access/acme --github-issue --out review.csv --format csv'], env: [...SEGMENT_ENV, ...GITHUB_ENV] },
  evidence: { examples: ['segment-access evidence .segment-access/evidence/2026-11-22T10-00-00Z-acme-prod.json'] },
  show: { examples: ['segment-access show plan.json --format markdown'] },
  explain: { examples: ['segment-access explain carol@acme.com examples/acme --local'], env: SEGMENT_ENV },
  'who-can': { examples: ['segment-access who-can web-prod examples/acme --local'], env: SEGMENT_ENV },
  import: { examples: ['segment-access import --out access/acme', 'segment-access import --local --out /tmp/demo'], env: SEGMENT_ENV },
  doctor: { examples: ['segment-access doctor --local', 'SEGMENT_API_TOKEN=... segment-access doctor --region eu --format json', 'segment-access doctor workspaces/acme-prod'] },
  emulator: { examples: ['segment-access emulator --port 4010 --rate-limit 60/s', 'segment-access emulator --generate users=10000,groups=200 --seed-out big.json'] },
  completion: { examples: ['source <(segment-access completion bash)   # in ~/.bashrc', 'segment-access completion fish > ~/.config/fish/completions/segment-access.fish'] },
};

function helpAfter(name: string): string | undefined {
  const help = HELP[name];
  if (!help) return undefined;
  const env = help.env?.length ? ['', 'Environment:', ...help.env.map((e) => `  ${e}`)] : [];
  return ['', 'Examples:', ...help.examples.map((e) => `  $ ${e}`), ...env].join('\n');
}

/** Options whose value is a path, for completion. */
const PATH_OPTIONS = new Set(['--out', '--plan', '--evidence', '--state', '--seed', '--seed-out']);

/** The commands and options as defined above, for completion scripts. */
function completionSpec(program: Command): CompletionCommand[] {
  return program.commands.map((c) => ({
    name: c.name(),
    description: c.description(),
    options: c.options.map((o) => ({
      flag: o.long!, description: o.description, takesValue: o.required || o.optional,
      ...(o.argChoices ? { choices: o.argChoices } : {}), ...(PATH_OPTIONS.has(o.long!) ? { path: true } : {}),
    })),
    takesDir: c.registeredArguments.some((a) => a.name() === 'dir'),
    takesFile: c.registeredArguments.some((a) => a.name() === 'file' || a.name() === 'plan'),
    ...(c.commands.length ? { subcommands: c.commands.map((sub) => sub.name()) } : {}),
  }));
}

/** Writes what a view rendered, in order, through the safe sink (commands are already escaped). */
export function emit(io: Io, output: Printed, colour: boolean): void {
  for (const chunk of output) {
    if (chunk.to === 'stdout') io.stdout(safeText(chunk.text, { colour }));
    else if (chunk.to === 'stderr') io.stderr(safeText(chunk.text));
    else io.stderr(`${chunk.text}\n`);
  }
}

/** An error meant for a person, as the view shows it: the diagnostics behind it, then the message. */
function errorPrinted(err: UserError, ctx: ViewContext): Printed {
  return join(err instanceof ManifestProblems ? diagnosticsPrinted(err.diagnostics, ctx) : printed(), printed({ stderr: `Error: ${err.message}\n` }));
}

/** Everything an action needs from the edge, built once per run. */
interface Edge {
  io: Io;
  ports: Ports;
  ctx: ViewContext;
  print(output: Printed): void;
}

function buildProgram(io: Io, setExit: (code: number) => void, overrides: Partial<Ports>): Command {
  let built: Promise<Edge> | undefined;
  const edge = (): Promise<Edge> => (built ??= (async () => {
    const colour = useColour(io, program.opts<{ color?: boolean }>().color);
    const ask = io.prompt && (io.canPrompt ?? io.isTTY) ? io.prompt : undefined;
    const onWait = (message: string) => io.stderr(safeText(`${message}\n`));
    const ports = await defaultPorts({ env: io.env, cwd: io.cwd, onWait, ...(ask ? { ask } : {}) }, overrides);
    const ctx: ViewContext = { colour, actions: ports.ci.actions, cwd: io.cwd, stdoutTTY: io.isTTY, stderrTTY: io.stderrTTY ?? io.isTTY, columns: () => io.columns?.() };
    return { io, ports, ctx, print: (output) => emit(io, output, colour) };
  })());

  /**
   * A command over DIR: directly when DIR is one workspace, once per workspace folder when it holds
   * several (each rendered by its own view, then shown under its heading, or together as JSON).
   */
  const overRoot = async <T>(dir: string, format: string, run: (e: Edge, folder: string) => Promise<T>,
    present: (e: Edge, outcome: T, folder: string) => Promise<Printed> | Printed, exit: (outcome: T) => number): Promise<number> => {
    const e = await edge();
    const folders = await workspaceFolders(e.ports, dir);
    if (!folders) {
      const outcome = await run(e, dir);
      e.print(await present(e, outcome, dir));
      return exit(outcome);
    }
    const quiet: Edge = { ...e, ctx: { ...e.ctx, colour: false, stdoutTTY: false, stderrTTY: false } };
    const runs = await perWorkspace(folders, (folder) => run(quiet, folder));
    const rendered: RenderedRun[] = [];
    for (const r of runs) {
      if ('error' in r) rendered.push({ run: r, printed: errorPrinted(r.error, e.ctx), code: r.error.exitCode });
      else rendered.push({ run: r, printed: await present(quiet, r.outcome, r.workspace.folder), code: exit(r.outcome) });
    }
    e.print(manyView(format)(rendered));
    return worstExit(rendered.map((r) => r.code));
  };

  const program = new Command()
    .name('segment-access')
    .description('Access-as-code for Segment workspaces: validate manifests, plan, apply, detect drift.')
    .version(TOOL_VERSION)
    .option('--debug', 'print stack traces for unexpected errors')
    .option('--no-color', 'no colour in the output (NO_COLOR and FORCE_COLOR are honoured too)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('validate')
    .description('check the manifests in DIR (default: current folder) and report problems at file:line:col')
    .argument('[dir]', 'folder with the workspace manifests', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--at <date>', 'judge expirations at this date instead of now', parseAtOption)
    .action(async (dir: string, opts: { format: ValidateFormat; at?: Date }) => {
      const view = validateViews[opts.format];
      setExit(await overRoot(dir, opts.format, (e, d) => validate(e.ports, { dir: d, at: opts.at ?? e.ports.clock.now() }), (e, o) => view(o, e.ctx), validateExit));
    });

  program
    .command('plan')
    .description('read the workspace, diff it against the manifests in DIR, and print the API calls that would make them match')
    .argument('[dir]', 'folder with the workspace manifests', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--out <file>', 'also save the plan as JSON, for `apply --plan`')
    .option('--detailed-exitcode', 'exit 2 when there are changes (0 when none)')
    .option('--at <date>', 'judge expirations at this date instead of now', parseAtOption)
    .option('--local', 'use the embedded local workspace (no Segment account needed)')
    .option('--reinvite [emails]', 're-issue pending invites of desired members with the access the manifests give them: all of them, or --reinvite=EMAIL[,EMAIL] (never done by itself when an invite\'s age is unknown)', parseReinvite)
    .option('--comment', 'post the plan as the pull request comment for this workspace (needs GITHUB_TOKEN, GITHUB_REPOSITORY)')
    .option('--pr <number>', 'pull request to comment on (default: from GITHUB_EVENT_PATH)', parsePositive)
    .option('--base-ref <rev>', "call out expiries removed or moved later since the manifests at this git revision (default with --comment: the pull request's base)")
    .action(async (dir: string, opts: { format: PlanFormat; out?: string; detailedExitcode?: boolean; at?: Date; local?: boolean; reinvite?: Reinvite; comment?: boolean; pr?: number; baseRef?: string }) => {
      const view = planViews[opts.format];
      setExit(await overRoot(dir, opts.format,
        (e, d) => planWorkspace(e.ports, { ...opts, dir: d, out: outFor(opts.out, d, dir), at: opts.at ?? e.ports.clock.now() }),
        (e, o) => view(o, e.ctx), (o) => planExit(o.plan, opts.detailedExitcode)));
    });

  program
    .command('apply')
    .description('apply the plan for DIR (or a saved --plan) to the workspace, at its rate limits, then verify it')
    .argument('[dir]', 'folder with the workspace manifests (default: the folder a saved plan was made from, else .)')
    .option('--plan <file>', 'apply a plan saved with `plan --out`; refused if the workspace or manifests changed since')
    .option('--auto-approve', 'apply without asking (required without a terminal)')
    .option('--allow-removals', 'allow more removals than policy.maxRemovals')
    .option('--evidence <file>', 'where to write the evidence record (default .segment-access/evidence/<time>-<workspace>.json)')
    .option('--at <date>', 'judge expirations at this date instead of now', parseAtOption)
    .option('--local', 'use the embedded local workspace (no Segment account needed)')
    .option('--reinvite [emails]', 're-issue pending invites of desired members: all of them, or --reinvite=EMAIL[,EMAIL] (as plan was given it)', parseReinvite)
    .option('--comment', 'apply only the plan approved on the pull request merged by GITHUB_SHA, then comment the result there')
    .option('--approved-digest <digest>', 'apply only if the plan recomputed now has this operations digest (a person approved exactly this plan)', parseDigest)
    .action(async (dir: string | undefined, opts: { plan?: string; autoApprove?: boolean; allowRemovals?: boolean; evidence?: string; at?: Date; local?: boolean; reinvite?: Reinvite; comment?: boolean; approvedDigest?: string }) => {
      const e = await edge();
      if (dir) await refuseMany(e.ports, dir, 'apply');
      const events = applyEventsView(e.ctx, {
        stdout: (text) => e.print(printed({ stdout: text })), stderr: (text) => e.print(printed({ stderr: text })),
        frame: (line) => e.io.stderr(`\r${safeText(line)}\u001b[K`), print: e.print,
      });
      // A first signal stops new calls (the evidence is written once the calls in flight end); a
      // second one writes the evidence as it stands and exits at once.
      const cancel = new AbortController();
      const halt = new AbortController();
      let evidencePath: string | undefined;
      const shown = events;
      const listened: typeof events = (event) => { if (event.kind === 'starting') evidencePath = event.evidencePath; shown(event); };
      const signals = e.ports.signals;
      const unlisten = signals?.listen((signal) => {
        if (!cancel.signal.aborted) {
          cancel.abort(signal);
          e.io.stderr(`\n${signal}: no new call starts; the calls in flight finish, then the evidence is written (${signal} again stops at once)\n`);
          return;
        }
        halt.abort(signal);
        e.io.stderr(safeText(`${signal}: stopped at once${evidencePath ? `; evidence (calls in flight recorded as unknown): ${evidencePath}` : ''}; run plan to see what is left\n`));
        signals.exit(signalExit(String(cancel.signal.reason)));
      }) ?? (() => {});
      let outcome;
      try {
        outcome = await applyWorkspace({ ...e.ports, events: listened }, { ...opts, ...(dir ? { dir } : {}), at: opts.at ?? e.ports.clock.now(), cancel: cancel.signal, halt: halt.signal });
      } finally {
        unlisten();
      }
      e.print(applyOutcomeView(outcome, { ...e.ctx, ...(e.ports.ci.sha ? { sha: e.ports.ci.sha } : {}) }));
      setExit(applyExit(outcome));
    });

  program
    .command('drift')
    .description('report how the workspace differs from the manifests in DIR (exit 2 when it does), expiring access and token findings')
    .argument('[dir]', 'folder with the workspace manifests', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--github-issue', 'keep one open issue per workspace while drift lasts (needs GITHUB_TOKEN, GITHUB_REPOSITORY)')
    .option('--adopt', 'keep the changes made outside git: write them into the manifests (new people and groups into adopted.yaml) instead of reporting them')
    .option('--github-pr', 'with --adopt: propose the result as a pull request (one branch per workspace; needs GITHUB_TOKEN, GITHUB_REPOSITORY)')
    .option('--at <date>', 'judge expirations at this date instead of now', parseAtOption)
    .option('--local', 'use the embedded local workspace (no Segment account needed)')
    .action(async (dir: string, opts: { format: DriftFormat; githubIssue?: boolean; adopt?: boolean; githubPr?: boolean; at?: Date; local?: boolean }) => {
      const view = driftViews[opts.format];
      setExit(await overRoot(dir, opts.format, (e, d) => drift(e.ports, { ...opts, dir: d, at: opts.at ?? e.ports.clock.now() }), (e, o) => view(o, e.ctx), driftExit));
    });

  program
    .command('prune')
    .description('remove expired members, grants and tokens from the manifests in DIR, keeping comments and layout')
    .argument('[dir]', 'folder with the workspace manifests', '.')
    .option('--at <date>', 'judge expirations at this date instead of now', parseAtOption)
    .option('--check', 'only list what has expired; exit 1 when there is something to prune')
    .option('--github-pr', 'propose the pruned manifests as a pull request (one branch per workspace; needs GITHUB_TOKEN, GITHUB_REPOSITORY)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (dir: string, opts: { at?: Date; check?: boolean; githubPr?: boolean; format: PruneFormat }) => {
      const view = pruneViews[opts.format];
      setExit(await overRoot(dir, opts.format, (e, d) => prune(e.ports, { ...opts, dir: d, at: opts.at ?? e.ports.clock.now() }), (_e, o) => view(o), pruneExit));
    });

  program
    .command('fmt')
    .description('rewrite the manifests in DIR in the canonical key order and spacing, keeping every comment')
    .argument('[dir]', 'folder with the workspace manifests', '.')
    .option('--check', 'write nothing; list the files that would change and exit 1 when there is one')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (dir: string, opts: { check?: boolean; format: FmtFormat }) => {
      const e = await edge();
      const outcome = await fmt(e.ports, { dir, ...(opts.check ? { check: true } : {}) });
      e.print(fmtViews[opts.format](outcome));
      setExit(fmtExit(outcome));
    });

  program
    .command('review')
    .description('the access review of the workspace: everyone with access, each grant and where it comes from, justification, review and expiry dates, last IAM activity, and flags')
    .argument('[dir]', 'folder with the workspace manifests', '.')
    .addOption(new Option('--format <format>', 'output format (html: one self-contained page)').choices(['markdown', 'csv', 'html', 'json']).default('markdown'))
    .option('--out <file>', 'write the review to this file instead of stdout')
    .option('--at <date>', 'judge reviews and expirations at this date instead of now', parseAtOption)
    .option('--local', 'use the embedded local workspace (no Segment account needed)')
    .option('--github-issue', "open or refresh this quarter's review issue: a checklist per person, grouped by CODEOWNERS (needs GITHUB_TOKEN, GITHUB_REPOSITORY)")
    .action(async (dir: string, opts: { format: ReviewFormat; out?: string; at?: Date; local?: boolean; githubIssue?: boolean }) => {
      const document = reviewDocuments[opts.format];
      const reviews: ReviewOutcome[] = [];
      const code = await overRoot(dir, opts.format,
        async (e, d) => { const o = await review(e.ports, { ...opts, dir: d, at: opts.at ?? e.ports.clock.now() }); reviews.push(o); return o; },
        async (e, o, folder) => {
          const text = document(o, e.ctx);
          const out = outFor(opts.out, folder, dir);
          if (out) await e.ports.files.writeAll(new Map([[out, text]]));
          return printed({ ...(out ? {} : { stdout: text }), stderr: reviewNotes(o, out) });
        },
        () => EXIT.ok);
      if (reviews.length >= 2) {
        const e = await edge();
        if (opts.out) {
          const file = `${opts.out.slice(0, opts.out.length - (opts.out.match(/\.[^./]*$/)?.[0].length ?? 0))}-workspaces.csv`;
          await e.ports.files.writeAll(new Map([[file, reviewMatrixCsv(reviews)]]));
          e.print(printed({ stderr: `wrote the people x workspaces matrix to ${file}\n` }));
        } else {
          const matrix = reviewMatrixOnStdout[opts.format];
          if (matrix) e.print(printed({ stdout: matrix(reviews) }));
        }
      }
      setExit(code);
    });

  program
    .command('evidence')
    .description("render an apply's evidence record as the governance guide's Access Control Evidence")
    .argument('<file>', 'an evidence record (.segment-access/evidence/*.json)')
    .addOption(new Option('--format <format>', 'output format').choices(['markdown', 'json']).default('markdown'))
    .action(async (file: string, opts: { format: EvidenceFormat }) => {
      const e = await edge();
      e.print(evidenceViews[opts.format](await readEvidence(e.ports, { file })));
      setExit(EXIT.ok);
    });

  program
    .command('show')
    .description('render a plan saved with `plan --out` (checked against schema/plan.schema.json)')
    .argument('<plan>', 'the saved plan file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .action(async (file: string, opts: { format: PlanFormat }) => {
      const e = await edge();
      const { plan } = await show(e.ports, { file });
      e.print(printed({ stdout: planRenderers[opts.format](plan, e.ctx) }));
      setExit(EXIT.ok);
    });

  program
    .command('explain')
    .description("one person's effective access: what the manifests in DIR want beside what the workspace gives, with where each grant comes from")
    .argument('<email>', 'the person')
    .argument('[dir]', 'folder with the workspace manifests', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--at <date>', 'judge expirations at this date instead of now', parseAtOption)
    .option('--local', 'use the embedded local workspace (no Segment account needed)')
    .action(async (email: string, dir: string, opts: { format: ExplainFormat; at?: Date; local?: boolean }) => {
      const e = await edge();
      e.print(explainViews[opts.format](await explain(e.ports, { email, dir, at: opts.at ?? e.ports.clock.now(), local: opts.local }), e.ctx));
      setExit(EXIT.ok);
    });

  program
    .command('who-can')
    .description('everyone in the workspace whose access reaches a source, destination, warehouse or space, and through what')
    .argument('<resource>', 'a source slug, destination name, warehouse name or space slug (or an id)')
    .argument('[dir]', 'folder with the workspace manifests', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--at <date>', 'judge expirations at this date instead of now', parseAtOption)
    .option('--local', 'use the embedded local workspace (no Segment account needed)')
    .action(async (resource: string, dir: string, opts: { format: WhoCanFormat; at?: Date; local?: boolean }) => {
      const e = await edge();
      e.print(whoCanViews[opts.format](await whoCan(e.ports, { resource, dir, at: opts.at ?? e.ports.clock.now(), local: opts.local }), e.ctx));
      setExit(EXIT.ok);
    });

  program
    .command('import')
    .description('write the live workspace as manifests into DIR, to adopt an existing workspace')
    .requiredOption('--out <dir>', 'folder to write the manifests to')
    .option('--local', 'import the embedded local workspace')
    .option('--slug <slug>', 'workspace slug (for --local)', 'acme-prod')
    .addOption(new Option('--region <region>', 'region written into the manifests and used for the API').choices(['us', 'eu']).default('us'))
    .option('--force', 'overwrite manifests already in DIR')
    .action(async (opts: { out: string; local?: boolean; slug: string; region: 'us' | 'eu'; force?: boolean }) => {
      const e = await edge();
      e.print(importView(await importManifests(e.ports, opts)));
      setExit(EXIT.ok);
    });

  program
    .command('doctor')
    .description("first contact with a workspace, read-only: what can be read, what Segment's undocumented behaviour looks like there, and what segment-access will therefore do")
    .argument('[dir]', "a manifest folder: its workspace's token and region, as plan uses them (default: SEGMENT_API_TOKEN and --region)")
    .option('--local', 'ask the embedded local workspace')
    .option('--slug <slug>', 'with --local and no DIR: the local workspace', 'acme-prod')
    .addOption(new Option('--region <region>', 'without DIR: the region of the token').choices(['us', 'eu']).default('us'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (dir: string | undefined, opts: { local?: boolean; slug: string; region: 'us' | 'eu'; format: DoctorFormat }) => {
      const e = await edge();
      const report = await doctor(e.ports, { ...(dir !== undefined ? { dir } : {}), local: opts.local, slug: opts.slug, region: opts.region, at: e.ports.clock.now() });
      e.print(doctorViews[opts.format](report));
      setExit(report.readable ? EXIT.ok : EXIT.error);
    });

  program
    .command('emulator')
    .description('run a local Segment Public API (IAM surface) for trying, testing and benchmarking')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <host>', 'address to bind (loopback by default)', '127.0.0.1')
    .option('--state <file>', 'JSON state file, written after every change (default: in memory)')
    .option('--seed <file>', 'JSON seed for a new state (default: the demo workspace)')
    .option('--rate-limit <limit>', 'per-endpoint mutation limit: 60/min, 60/s or off', '60/min')
    .option('--read-rate-limit <limit>', 'per-endpoint read limit, e.g. 300/s (default: reads are counted in the headers, never refused)')
    .option('--omit-list-permissions', 'leave permissions out of listUsers items, as some API versions do (clients must fall back to getUser)')
    .option('--faults <spec>', 'inject faults, e.g. latency=50,5xx=0.1,reset=0.05,lost=0.02,429=0.05')
    .option('--fault-seed <n>', 'seed for fault decisions', '1')
    .option('--generate <spec>', 'write a generated seed instead, e.g. users=10000,groups=200,sources=1000')
    .option('--seed-out <file>', 'where --generate writes the seed')
    .option('--quiet', 'do not log requests')
    .option('--unknowns <spec>', 'play what Segment leaves undocumented one way: audit-payload=email|opaque, empty-lists=accept|refuse, caps=none|200, mwa=none|default, groups=available|unavailable, or pessimistic (docs/segment-api.md)')
    .action(async (opts: Parameters<typeof runEmulator>[1]) => {
      const e = await edge();
      const until = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await runEmulator(e.ports, opts, (event) => e.print(emulatorEventView(event)), opts.generate ? Promise.resolve() : until);
      setExit(EXIT.ok);
    });

  program
    .command('local')
    .description('manage the embedded local workspace used by --local')
    .command('reset')
    .description('restore a local workspace: the demo (acme-prod), the demo\'s catalog with no people (any other slug), or a seed file')
    .option('--slug <slug>', 'workspace slug of the local state (default: the seed\'s, else acme-prod)')
    .option('--seed <file>', 'start from this emulator state (JSON, as `emulator --generate` writes)')
    .option('--unknowns <spec>', 'store these switches with it, as for `emulator --unknowns` (e.g. pessimistic or groups=unavailable)')
    .action(async (opts: { slug?: string; unknowns?: string; seed?: string }) => {
      const e = await edge();
      e.print(resetView(await resetLocalWorkspace(e.ports, opts)));
      setExit(EXIT.ok);
    });

  program
    .command('workspaces')
    .description('list the workspace folders under ROOT (those a change touches, with --changed-since), as the matrix a GitHub Actions job fans out over')
    .argument('[root]', 'folder holding one folder per workspace', '.')
    .option('--changed-since <rev>', 'only the workspaces with a file changed since this git revision (all of them when a shared manifest changed)')
    .addOption(new Option('--format <format>', 'output format (json: {"include": [...]}, for strategy.matrix)').choices(['text', 'json']).default('text'))
    .action(async (root: string, opts: { changedSince?: string; format: WorkspacesFormat }) => {
      const e = await edge();
      e.print(workspacesViews[opts.format](await listWorkspaces(e.ports, { root, ...(opts.changedSince !== undefined ? { changedSince: opts.changedSince } : {}) })));
      setExit(EXIT.ok);
    });

  program
    .command('completion')
    .description('print a shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action((shell: Shell) => {
      io.stdout(completionScript(shell, program.name(), completionSpec(program)));
      setExit(EXIT.ok);
    });

  for (const command of program.commands) {
    const after = helpAfter(command.name());
    if (after) command.addHelpText('after', after);
  }
  return program;
}

/**
 * Runs the CLI with `argv` (without node and script) and resolves to the exit code. `overrides`
 * replaces ports (tests pass an in-memory GitHub, a fixed CI context).
 */
export async function runCli(argv: string[], given?: Io, overrides: Partial<Ports> = {}): Promise<number> {
  // Without an Io of its own the run is this process's: it listens to the signals that stop it.
  const io = given ?? processIo();
  if (!given) overrides = { signals: processSignals(), ...overrides };
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => { exitCode = code; }, overrides);
  try {
    await program.parseAsync(normalizeReinvite(argv), { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors with 1.
      return err.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (err instanceof UserError) {
      const ctx = { actions: io.env.GITHUB_ACTIONS === 'true' };
      emit(io, join(err instanceof ManifestProblems ? diagnosticsPrinted(err.diagnostics, ctx) : printed(), printed({ stderr: `Error: ${err.message}\n` })), false);
      return err.exitCode;
    }
    const debug = argv.includes('--debug');
    io.stderr(safeText(`Error: ${(err as Error)?.message ?? String(err)}\n`));
    if (debug && err instanceof Error && err.stack) io.stderr(safeText(`${err.stack}\n`));
    else io.stderr('(run with --debug for details)\n');
    return EXIT.error;
  }
}
