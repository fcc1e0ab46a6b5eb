// Load: every *.yaml / *.yml under a workspace folder, parsed with positions kept.
// Problems that stop a file from being read (syntax, duplicate keys, alias bombs, size, a document
// that is not a mapping) become diagnostics; nothing here throws for bad input.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isMap, parseDocument, visit, type Document } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import type { AccessManifest } from './types.generated.js';
import { lineIndex, linePosOf, locate, positionsOfDocument, type PositionedDocument } from './positions.js';
import { quickParse } from './quick-parse.js';

/** Files larger than this are refused unread: a manifest is text written by people. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Cap on alias expansion (billion-laughs defence); generous for legitimate anchors. */
export const MAX_ALIAS_COUNT = 100;

export interface ManifestFile extends PositionedDocument {
  /** The file's data; only set when the file parsed cleanly into a mapping. */
  data: AccessManifest;
  /** The raw text, kept for the manifest digest. */
  text: string;
  /** Path relative to the manifest folder (`/`-separated): what the manifest digest covers. */
  relPath: string;
}

export interface LoadResult {
  /** Folder that was read, as given. */
  dir: string;
  files: ManifestFile[];
  /** How many YAML files were found, including those that could not be parsed. */
  fileCount: number;
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  /** Base for the paths shown to users (default: the process working directory). */
  cwd?: string;
}

/** A manifest file's text, before it is parsed. */
export interface ManifestText {
  path: string;
  relPath: string;
  text: string;
}

/**
 * Reads every manifest file under `dir` without parsing it, in a stable (sorted) order, with the
 * problems of reading them (a missing folder, a link leading outside it, a file over the size limit).
 */
export async function readManifestTexts(dir: string, options: LoadOptions = {}): Promise<{ files: ManifestText[]; fileCount: number; diagnostics: Diagnostic[] }> {
  const cwd = options.cwd ?? process.cwd();
  const root = path.resolve(cwd, dir);
  const diagnostics: Diagnostic[] = [];
  const files: ManifestText[] = [];
  const display = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || path.basename(abs);

  let paths: string[];
  const outside: Array<{ abs: string; target: string }> = [];
  try {
    paths = await findYamlFiles(root, outside);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    diagnostics.push(problem(display(root), 1, 1, 'no-manifests', `${display(root)} ${reason}`,
      'pass the folder that holds the workspace manifests, e.g. `segment-access validate examples/acme`'));
    return { files, fileCount: 0, diagnostics };
  }
  for (const link of outside) {
    diagnostics.push(problem(display(link.abs), 1, 1, 'symlink-outside',
      `${display(link.abs)} is a symbolic link to ${link.target}, outside the manifest folder ${display(root)}`,
      'copy the file into the manifest folder, or point the link at a file inside it'));
  }
  if (paths.length === 0 && outside.length === 0) {
    diagnostics.push(problem(display(root), 1, 1, 'no-manifests', `no *.yaml or *.yml files under ${display(root)}`,
      'point at the folder that holds the manifests, or run `segment-access import --out DIR` to create them'));
  }
  const base = (await stat(root)).isFile() ? path.dirname(root) : root;
  for (const abs of paths) {
    const size = (await stat(abs)).size;
    if (size > MAX_FILE_BYTES) {
      diagnostics.push(tooLarge(display(abs), size));
      continue;
    }
    files.push({ path: display(abs), relPath: path.relative(base, abs).split(path.sep).join('/'), text: await readFile(abs, 'utf8') });
  }
  return { files, fileCount: paths.length, diagnostics };
}

/** Reads and parses every manifest file under `dir`, in a stable (sorted) order. */
export async function loadManifests(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const read = await readManifestTexts(dir, options);
  const diagnostics = [...read.diagnostics];
  const files: ManifestFile[] = [];
  for (const f of read.files) {
    const file = parseText(f.text, f.path, diagnostics);
    if (file) files.push({ ...file, relPath: f.relPath });
  }
  return { dir, files, fileCount: read.fileCount, diagnostics };
}

/**
 * The workspace slug and region, read from the one file that declares `workspace:` without parsing
 * the others. Lets callers start reading the live workspace while the rest of the manifests load;
 * they must confirm it against the validated manifest. Undefined when it cannot tell.
 */
export async function peekWorkspace(dir: string, cwd: string = process.cwd()): Promise<{ slug: string; region: 'us' | 'eu'; tokenEnv?: string } | undefined> {
  try {
    for (const abs of await findYamlFiles(path.resolve(cwd, dir))) {
      const found = await declaredWorkspace(abs);
      if (found !== null) return found;
    }
  } catch {
    // Whatever is wrong will be reported by the full load.
  }
  return undefined;
}

/**
 * The workspace a file declares (`null` when it declares none; undefined when it does but the
 * declaration cannot be read, which the full load will report).
 */
async function declaredWorkspace(abs: string): Promise<{ slug: string; region: 'us' | 'eu'; tokenEnv?: string } | null | undefined> {
  if ((await stat(abs)).size > MAX_FILE_BYTES) return null;
  const text = await readFile(abs, 'utf8');
  if (!/^workspace:/m.test(text)) return null;
  const data = parseDocument(text).toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as { workspace?: { slug?: unknown; region?: unknown; tokenEnv?: unknown } } | null;
  if (!data?.workspace) return null;
  const { slug, region = 'us', tokenEnv } = data.workspace;
  if (typeof slug !== 'string' || (region !== 'us' && region !== 'eu')) return undefined;
  return { slug, region, ...(typeof tokenEnv === 'string' ? { tokenEnv } : {}) };
}

export interface WorkspaceFolder {
  /** The folder, relative to the working directory (`/`-separated). */
  folder: string;
  slug: string;
  region: 'us' | 'eu';
  tokenEnv?: string;
}

/**
 * The workspace folders under `root`: each folder holding a file that declares `workspace:`, with
 * everything below it (a folder inside a workspace folder belongs to it). When `root` itself is a
 * workspace folder, that is the only one. Sorted by folder.
 */
export async function findWorkspaces(root: string, cwd: string = process.cwd(), outside: Array<{ abs: string; target: string }> = []): Promise<WorkspaceFolder[]> {
  const absRoot = path.resolve(cwd, root);
  const declaring: Array<{ dir: string; found: { slug: string; region: 'us' | 'eu'; tokenEnv?: string } }> = [];
  for (const abs of await findYamlFiles(absRoot, outside).catch(() => [] as string[])) {
    const found = await declaredWorkspace(abs).catch(() => undefined);
    if (found) declaring.push({ dir: path.dirname(abs), found });
  }
  const dirs = [...new Set(declaring.map((d) => d.dir))].sort();
  const tops = dirs.filter((d) => !dirs.some((other) => other !== d && d.startsWith(`${other}${path.sep}`)));
  return tops.map((dir) => {
    const { found } = declaring.find((d) => d.dir === dir)!;
    return { folder: path.relative(cwd, dir).split(path.sep).join('/') || '.', ...found };
  });
}

/**
 * Recursively lists YAML files, skipping dot-folders and node_modules, sorted by path. A symlink is
 * followed when its target stays inside the manifest folder; one that leads outside is a problem to
 * report, never silently skipped (a skipped file would make the plan remove its members).
 */
async function findYamlFiles(root: string, problems: Array<{ abs: string; target: string }> = []): Promise<string[]> {
  const info = await stat(root);
  if (info.isFile()) return [root];
  const base = await realpath(root);
  const inside = (target: string) => target === base || target.startsWith(`${base}${path.sep}`);
  const found: Array<{ abs: string; viaLink: boolean }> = [];
  const seen = new Set<string>([base]);
  const walk = async (dir: string, viaLink: boolean): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const abs = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      const link = entry.isSymbolicLink();
      if (link) {
        const target = await realpath(abs).catch(() => undefined);
        if (!target || !inside(target)) {
          if (/\.ya?ml$/i.test(entry.name) || (target && (await stat(target)).isDirectory())) problems.push({ abs, target: target ?? '(missing)' });
          continue;
        }
        const targetInfo = await stat(target);
        isDir = targetInfo.isDirectory();
        isFile = targetInfo.isFile();
        if (isDir && seen.has(target)) continue;
        if (isDir) seen.add(target);
      }
      if (isDir) await walk(abs, viaLink || link);
      else if (isFile && /\.ya?ml$/i.test(entry.name)) found.push({ abs, viaLink: viaLink || link });
    }
  };
  await walk(root, false);
  // A file reached both directly and through a link inside the folder is listed once, by the path
  // without links when there is one (a workspace folder linked inside the root is not two folders).
  const byReal = new Map<string, { abs: string; viaLink: boolean }>();
  for (const f of found.sort((a, b) => (a.abs < b.abs ? -1 : 1))) {
    const real = await realpath(f.abs);
    const kept = byReal.get(real);
    if (kept === undefined || (kept.viaLink && !f.viaLink)) byReal.set(real, f);
  }
  return [...byReal.values()].map((f) => f.abs).sort();
}


function tooLarge(shown: string, size: number): Diagnostic {
  return problem(shown, 1, 1, 'file-too-large', `file is ${(size / 1024 / 1024).toFixed(1)} MiB; manifests are limited to 1 MiB`,
    'split the members over several files (every file in the folder is merged)');
}

/**
 * Manifests given as texts rather than read from a folder (the base branch's, read from git): the
 * same checks as loadManifests, with `shown` naming each file in messages.
 */
export function parseManifestTexts(files: ReadonlyArray<{ relPath: string; text: string }>, shown: (relPath: string) => string): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const parsed: ManifestFile[] = [];
  for (const f of [...files].sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0))) {
    const size = Buffer.byteLength(f.text);
    if (size > MAX_FILE_BYTES) {
      diagnostics.push(tooLarge(shown(f.relPath), size));
      continue;
    }
    const file = parseText(f.text, shown(f.relPath), diagnostics);
    if (file) parsed.push({ ...file, relPath: f.relPath });
  }
  return { dir: '', files: parsed, fileCount: files.length, diagnostics };
}

function parseText(text: string, shown: string, diagnostics: Diagnostic[]): Omit<ManifestFile, 'relPath'> | undefined {
  const fast = quickParse(text);
  if (fast) return { path: shown, root: fast.root, linePos: lineIndex(text), data: fast.data as AccessManifest, text };
  if (fast === null) return undefined; // an empty file (or only comments) is allowed
  return exactParse(text, shown, diagnostics);
}

/**
 * The exact parse, with `yaml`: every syntax error with its position, duplicate keys, the alias
 * limit, anchors and tags. Used for any file the quick parse does not take.
 */
function exactParse(text: string, shown: string, diagnostics: Diagnostic[]): Omit<ManifestFile, 'relPath'> | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const duplicate = error.code === 'DUPLICATE_KEY';
      diagnostics.push(problem(shown, line, col, duplicate ? 'duplicate-key' : 'yaml-syntax',
        duplicate ? 'this key appears twice in the same mapping' : firstLine(error.message),
        duplicate ? 'keep one of the two keys; YAML mappings cannot repeat a key' : yamlHint(error.code)));
    }
    return undefined;
  }
  const file: PositionedDocument = { path: shown, root: positionsOfDocument(doc), linePos: linePosOf(lineCounter) };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const at = firstAliasOffset(doc);
    const { line, col } = lineCounter.linePos(at);
    diagnostics.push(problem(shown, line, col, 'alias-limit',
      `YAML aliases expand too much (${(err as Error).message.toLowerCase()})`,
      'write the values out, or use `profiles:` to reuse access'));
    return undefined;
  }
  if (data === null || data === undefined) return undefined; // an empty file (or only comments) is allowed
  if (!isMap(doc.contents)) {
    const where = locate(file, []);
    diagnostics.push(problem(shown, where.line, where.col, 'not-a-mapping',
      `the document is a ${describeValue(data)}, but a manifest must be a mapping of keys (version, members, ...)`,
      'start the file with `version: 1` and the keys it declares'));
    return undefined;
  }
  return { ...file, data: data as AccessManifest, text };
}

function firstAliasOffset(doc: Document.Parsed): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  return typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlHint(code: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces; YAML does not allow tabs for indentation';
    case 'MULTIPLE_DOCS':
      return 'put one document per file (remove the `---` separator) and split the rest into another file';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and the closing bracket or quote near this line';
    default:
      return 'fix the YAML syntax near this position';
  }
}

function problem(file: string, line: number, col: number, code: string, message: string, hint: string): Diagnostic {
  return { severity: 'error', file, line, col, code, message, hint };
}
