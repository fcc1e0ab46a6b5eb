// `segment-access completion bash|zsh|fish`: a completion script generated from the commands and
// options the CLI defines, so it can never offer a flag that does not exist. bash uses `complete -F`;
// zsh loads the same function through bashcompinit; fish gets one `complete` line per word.

export interface CompletionOption {
  /** `--format` */
  flag: string;
  description: string;
  /** The option takes a value. */
  takesValue: boolean;
  /** The only values it takes, when they are a fixed list. */
  choices?: readonly string[];
  /** The value is a path (file or folder). */
  path?: boolean;
}

export interface CompletionCommand {
  name: string;
  description: string;
  options: CompletionOption[];
  /** The positional argument is a folder (most commands take the manifest folder). */
  takesDir: boolean;
  /** The positional argument is a file (a saved plan, an evidence record). */
  takesFile: boolean;
  subcommands?: string[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const fn = (program: string) => `_${program.replace(/[^A-Za-z0-9]/g, '_')}`;
/** Single-quoted for POSIX shells and fish (descriptions are ours, but quote them anyway). */
const sq = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const fishQuote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function bashScript(program: string, commands: readonly CompletionCommand[]): string {
  const name = fn(program);
  const lines = [
    `# ${program} completion for bash. Load it with: source <(${program} completion bash)`,
    `${name}() {`,
    '  local cur prev cmd',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  cmd="${COMP_WORDS[1]}"',
    '  COMPREPLY=()',
    '  if [[ $COMP_CWORD -eq 1 ]]; then',
    `    COMPREPLY=($(compgen -W ${sq([...commands.map((c) => c.name), '--help', '--version'].join(' '))} -- "$cur"))`,
    '    return 0',
    '  fi',
    '  case "$cmd $prev" in',
  ];
  for (const c of commands) {
    for (const o of c.options.filter((x) => x.takesValue)) {
      const reply = o.choices ? `COMPREPLY=($(compgen -W ${sq(o.choices.join(' '))} -- "$cur"))` : o.path ? 'COMPREPLY=($(compgen -f -- "$cur"))' : 'COMPREPLY=()';
      lines.push(`    ${sq(`${c.name} ${o.flag}`)}) ${reply}; return 0 ;;`);
    }
  }
  lines.push('  esac', '  case "$cmd" in');
  for (const c of commands) {
    const flags = [...c.options.map((o) => o.flag), '--help'].join(' ');
    const words = c.subcommands ? `COMPREPLY=($(compgen -W ${sq(c.subcommands.join(' '))} -- "$cur"))`
      : c.takesDir ? 'COMPREPLY=($(compgen -d -- "$cur"))' : c.takesFile ? 'COMPREPLY=($(compgen -f -- "$cur"))' : 'COMPREPLY=()';
    lines.push(`    ${sq(c.name)})`, `      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W ${sq(flags)} -- "$cur")); else ${words}; fi`, '      ;;');
  }
  lines.push('  esac', '  return 0', '}', `complete -o filenames -F ${name} ${program}`, '');
  return lines.join('\n');
}

function zshScript(program: string, commands: readonly CompletionCommand[]): string {
  return [
    `#compdef ${program}`,
    `# ${program} completion for zsh. Load it with: source <(${program} completion zsh)`,
    'autoload -U +X bashcompinit && bashcompinit',
    bashScript(program, commands).split('\n').slice(1).join('\n'),
  ].join('\n');
}

function fishScript(program: string, commands: readonly CompletionCommand[]): string {
  const lines = [
    `# ${program} completion for fish. Load it with: ${program} completion fish | source`,
    `complete -c ${program} -f`,
  ];
  const none = commands.map((c) => c.name).join(' ');
  for (const c of commands) lines.push(`complete -c ${program} -n ${fishQuote(`not __fish_seen_subcommand_from ${none}`)} -a ${c.name} -d ${fishQuote(c.description)}`);
  for (const c of commands) {
    const when = `-n ${fishQuote(`__fish_seen_subcommand_from ${c.name}`)}`;
    for (const o of c.options) {
      const value = o.choices ? ` -x -a ${fishQuote(o.choices.join(' '))}` : o.path ? ' -r -F' : o.takesValue ? ' -x' : '';
      lines.push(`complete -c ${program} ${when} -l ${o.flag.replace(/^--/, '')}${value} -d ${fishQuote(o.description)}`);
    }
    if (c.subcommands) lines.push(`complete -c ${program} ${when} -a ${fishQuote(c.subcommands.join(' '))}`);
    else if (c.takesDir) lines.push(`complete -c ${program} ${when} -a '(__fish_complete_directories)'`);
    else if (c.takesFile) lines.push(`complete -c ${program} ${when} -F`);
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, program: string, commands: readonly CompletionCommand[]): string {
  return shell === 'bash' ? bashScript(program, commands) : shell === 'zsh' ? zshScript(program, commands) : fishScript(program, commands);
}
