import { Command, CommanderError } from 'commander';

/** Exit codes: 0 ok, 1 the command found a problem (failed check, rule error), 2 usage error. */
export const EXIT_USAGE = 2;

/** Thrown by a command for a usage problem commander cannot see (e.g. a bad option value). */
export class UsageError extends Error {}

export function createProgram(version: string): Command {
  const program = new Command('routeyard')
    .description('See, edit, trace and serve Traefik v3 routing on Kubernetes')
    .version(version, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  return program;
}

/** Runs the program and turns commander's and our own usage errors into exit code 2. */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`routeyard: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

/** Where a command writes, and whether it may use colours. Commands take it so tests can capture their output. */
export interface CommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Colours only on a terminal, and never with NO_COLOR set. */
  color?: boolean;
}

/** The process's own stdout and stderr. */
export function processIo(): CommandIo {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}
