/**
 * `npm run kube-sim -- --kubeconfig PATH [--port N] [--state DIR] [--no-tls] [--ready-delay MS]`: runs a simulated
 * API server on loopback, writes the admin kubeconfig, prints `ready <url>` and stops cleanly on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { errorMessage } from '@sluice/errors';
import { startKubeSim } from './server.js';

function usage(message: string): never {
  process.stderr.write(`kube-sim: ${message}\nusage: kube-sim --kubeconfig PATH [--port N] [--state DIR] [--no-tls] [--ready-delay MS]\n`);
  process.exit(2);
}

function parse(): { kubeconfig: string; port: number; stateDir: string | undefined; tls: boolean; readyDelayMs: number | undefined } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        kubeconfig: { type: 'string' }, port: { type: 'string' }, state: { type: 'string' }, 'no-tls': { type: 'boolean' }, 'ready-delay': { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    usage(errorMessage(err));
  }
  if (!values.kubeconfig) usage('--kubeconfig is required');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port: not a port number: ${values.port}`);
  const delay = values['ready-delay'] === undefined ? undefined : Number(values['ready-delay']);
  if (delay !== undefined && (!Number.isFinite(delay) || delay < 0)) usage(`--ready-delay: not a number of milliseconds: ${values['ready-delay']}`);
  return { kubeconfig: values.kubeconfig, port, stateDir: values.state, tls: values['no-tls'] !== true, readyDelayMs: delay };
}

async function main(): Promise<void> {
  const args = parse();
  const sim = await startKubeSim({ port: args.port, stateDir: args.stateDir, tls: args.tls, ...(args.readyDelayMs === undefined ? {} : { readyDelayMs: args.readyDelayMs }) });
  await sim.writeKubeconfig(args.kubeconfig);
  process.stdout.write(`ready ${sim.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.stop().then(() => process.exit(0), (err: unknown) => {
      process.stderr.write(`kube-sim: ${errorMessage(err)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`kube-sim: ${errorMessage(err)}\n`);
  process.exit(1);
});
