/**
 * `sluice build kustomize DIR [--load-restrictor ...] [--reorder legacy|none]`: prints what `kustomize build` prints
 * for the directory, errors to stderr with exit code 1. The `sluice` CLI passes the arguments after `build kustomize`.
 */
import { resolve } from 'node:path';
import { build } from './build/build.js';
import type { BuildOptionsInput } from './build/build.js';
import { diskFileSystem } from './fs/filesystem.js';
import { LoadRestrictor } from './kustfile/loader.js';

/** Where the command writes, and the directory relative paths start from. */
export interface CommandIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  readonly cwd: string;
}

const USAGE = 'usage: sluice build kustomize DIR [--load-restrictor LoadRestrictionsRootOnly|LoadRestrictionsNone] [--reorder legacy|none]\n';

interface ParsedArgs {
  readonly dir: string;
  readonly options: BuildOptionsInput;
}

function parseArgs(args: readonly string[]): ParsedArgs | string {
  let dir: string | undefined;
  let loadRestrictor: LoadRestrictor = LoadRestrictor.rootOnly;
  let reorder: 'legacy' | 'none' = 'legacy';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--load-restrictor' || flag === '--reorder') {
      const v = inline ?? args[++i];
      if (v === undefined) return `flag needs an argument: ${flag}`;
      if (flag === '--load-restrictor') {
        if (v !== LoadRestrictor.rootOnly && v !== LoadRestrictor.none) return `illegal flag value --load-restrictor ${v}; legal values: LoadRestrictionsRootOnly, LoadRestrictionsNone`;
        loadRestrictor = v;
      } else {
        if (v !== 'legacy' && v !== 'none') return `illegal flag value --reorder ${v}; legal values: legacy, none`;
        reorder = v;
      }
    } else if (a.startsWith('-')) {
      return `unknown flag: ${a}`;
    } else if (dir === undefined) {
      dir = a;
    } else {
      return 'specify one path to a kustomization directory';
    }
  }
  return { dir: dir ?? '.', options: { loadRestrictor, reorder } };
}

/**
 * Runs the command and resolves to its exit code (0, or 1 on any error). The build can read the whole file system
 * below `/`, as `kustomize build` can; the load restrictor still confines each kustomization unless it is `none`.
 */
export async function kustomizeBuildCommand(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr.write(`error: ${parsed}\n${USAGE}`);
    return 1;
  }
  try {
    const result = await build(diskFileSystem('/'), resolve(io.cwd, parsed.dir), parsed.options);
    io.stdout.write(result.yaml);
    return 0;
  } catch (err) {
    io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
