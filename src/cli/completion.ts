import type { Command } from 'commander';

export const completionShells = ['bash', 'zsh'] as const;
export type CompletionShell = (typeof completionShells)[number];

/** One command of the tree, as completion needs it: its path and what may follow it. */
interface Node {
  /** Space-prefixed path below the program, e.g. ` import inventory`; `` for the program. */
  readonly path: string;
  readonly commands: readonly string[];
  readonly options: readonly string[];
  /** Option → the values it accepts, for options declared with `.choices()`. */
  readonly values: ReadonlyMap<string, readonly string[]>;
}

/** Words a shell script may carry unquoted. */
const safe = /^[\w.:@+=/-]+$/;

function nodes(program: Command): Node[] {
  const globals = program.options.flatMap((o) => [o.long, o.short]).filter(isWord);
  const out: Node[] = [];
  const walk = (cmd: Command, path: string) => {
    const subs = cmd.commands.filter((c) => !(c as { _hidden?: boolean })._hidden);
    const own = cmd.options.flatMap((o) => [o.long, o.short]).filter(isWord);
    const values = new Map<string, string[]>();
    for (const o of [...cmd.options, ...(cmd === program ? [] : program.options)]) {
      const choices = (o.argChoices ?? []).filter(isWord);
      if (choices.length > 0 && o.long) values.set(o.long, choices);
    }
    out.push({
      path,
      commands: [...subs.map((c) => c.name()), ...(subs.length > 0 ? ['help'] : [])],
      options: [...new Set([...own, ...(cmd === program ? [] : globals), '--help'])],
      values,
    });
    for (const c of subs) walk(c, `${path} ${c.name()}`);
  };
  walk(program, '');
  return out;
}

function isWord(s: string | undefined): s is string {
  return s !== undefined && safe.test(s);
}

/**
 * A completion script for `shell` generated from the program's command tree: subcommands,
 * options, and the values of options that take a fixed set. Arguments that name files fall
 * back to the shell's file completion.
 */
export function completionScript(shell: CompletionShell, program: Command): string {
  const tree = nodes(program);
  const name = program.name();
  return shell === 'bash' ? bash(name, tree) : zsh(name, tree);
}

function bash(name: string, tree: readonly Node[]): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  const paths = tree.filter((n) => n.path !== '').map((n) => `"${n.path}"`);
  const values = tree.flatMap((n) =>
    [...n.values].map(
      ([opt, vs]) =>
        `    "${n.path}:${opt}") COMPREPLY=($(compgen -W "${vs.join(' ')}" -- "$cur")); return ;;`,
    ),
  );
  const lists = tree.map(
    (n) => `    "${n.path}") cmds="${n.commands.join(' ')}"; opts="${n.options.join(' ')}" ;;`,
  );
  return `# ${name} completion for bash, generated from the command tree by \`${name} completion bash\`.
# Load it with: source <(${name} completion bash)
${fn}() {
  local cur prev word cmdpath="" cmds="" opts="" i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$cmdpath $word" in
    ${paths.join('|')}) cmdpath="$cmdpath $word" ;;
    esac
  done
  case "$cmdpath:$prev" in
${values.join('\n')}
  esac
  case "$cmdpath" in
${lists.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -n "$cmds" ]]; then
    COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
  fi
}
complete -o default -F ${fn} ${name}
`;
}

function zsh(name: string, tree: readonly Node[]): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  const paths = tree.filter((n) => n.path !== '').map((n) => `"${n.path}"`);
  const values = tree.flatMap((n) =>
    [...n.values].map(
      ([opt, vs]) => `    ("${n.path}:${opt}") compadd -- ${vs.join(' ')}; return ;;`,
    ),
  );
  const lists = tree.map(
    (n) => `    ("${n.path}") cmds=(${n.commands.join(' ')}); opts=(${n.options.join(' ')}) ;;`,
  );
  return `#compdef ${name}
# ${name} completion for zsh, generated from the command tree by \`${name} completion zsh\`.
# Load it with: source <(${name} completion zsh)   (after compinit)
${fn}() {
  local cmdpath="" word prev i
  local -a cmds opts
  for ((i = 2; i < CURRENT; i++)); do
    word=\${words[i]}
    case "$cmdpath $word" in
    (${paths.join('|')}) cmdpath="$cmdpath $word" ;;
    esac
  done
  prev=\${words[CURRENT-1]}
  case "$cmdpath:$prev" in
${values.join('\n')}
  esac
  case "$cmdpath" in
${lists.join('\n')}
  esac
  if [[ \${words[CURRENT]} == -* ]]; then
    compadd -- $opts
  elif (( \${#cmds} )); then
    compadd -- $cmds
  else
    _files
  fi
}
compdef ${fn} ${name}
`;
}
