/** The `sluice` commands: a table from name to summary and runner, so new commands are rows, not branches. */
import { kustomizeBuildCommand } from '@sluice/kustomize';
import type { CommandIo } from './io.js';
import { install } from './install.js';
import { parseUpArgs, up } from './up/index.js';

/** One command. */
export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** Every command `sluice` knows. */
export const COMMANDS: readonly Command[] = [
  {
    name: 'up',
    usage: 'sluice up [--kubeconfig PATH] [--home DIR] [--exit-when-ready]',
    summary: 'run NATS, the embedded cluster (or PATH), all services and the demo until Ctrl-C',
    run: (args, io) => up(parseUpArgs(args, io.cwd, io.env), io),
  },
  {
    name: 'install',
    usage: 'sluice install [--kubeconfig PATH]',
    summary: 'install the Flux API (CRDs) and the flux-system namespace into a cluster',
    run: (args, io) => install(args, io),
  },
  {
    name: 'build',
    usage: 'sluice build kustomize DIR [--load-restrictor ...] [--reorder legacy|none]',
    summary: 'print what `kustomize build DIR` prints, with the in-process engine',
    run: (args, io) => {
      if (args[0] !== 'kustomize') {
        io.stderr('sluice build: expected `sluice build kustomize DIR`\n');
        return Promise.resolve(2);
      }
      return kustomizeBuildCommand(args.slice(1), { stdout: { write: (t: string) => io.stdout(t) }, stderr: { write: (t: string) => io.stderr(t) }, cwd: io.cwd });
    },
  },
];

/** The help text. */
export function usage(): string {
  return ['Usage:', ...COMMANDS.map((c) => `  ${c.usage.padEnd(60)} ${c.summary}`)].join('\n') + '\n';
}

/** Runs the command named by the first argument. */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`sluice: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  return command.run(rest, io);
}
