/**
 * `npm run kube-sim -- --kubeconfig PATH [--port N] [--state DIR] [--no-tls] [--ready-delay MS] [--host ADDR]
 * [--advertise NAME]`: runs a simulated API server (on loopback unless `--host` says otherwise), writes the admin
 * kubeconfig (with `https://NAME:port` when advertised), prints `ready <url>` and stops cleanly on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { errorMessage } from '@sluice/errors';
import { startKubeSim, type KubeSim } from './server.js';

function usage(message: string): never {
  process.stderr.write(`kube-sim: ${message}\nusage: kube-sim --kubeconfig PATH [--port N] [--state DIR] [--no-tls] [--ready-delay MS] [--host ADDR] [--advertise NAME]\n`);
  process.exit(2);
}

function parse(): { kubeconfig: string; port: number; stateDir: string | undefined; tls: boolean; readyDelayMs: number | undefined; host: string; advertise: string | undefined } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        kubeconfig: { type: 'string' }, port: { type: 'string' }, state: { type: 'string' }, 'no-tls': { type: 'boolean' }, 'ready-delay': { type: 'string' },
        host: { type: 'string' }, advertise: { type: 'string' },
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
  if (values.advertise !== undefined && !/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(values.advertise)) usage(`--advertise: not a host name: ${values.advertise}`);
  return {
    kubeconfig: values.kubeconfig, port, stateDir: values.state, tls: values['no-tls'] !== true, readyDelayMs: delay,
    host: values.host ?? '127.0.0.1', advertise: values.advertise,
  };
}

async function main(): Promise<void> {
  const args = parse();
  // Signal handlers first: a SIGTERM that arrives the moment `ready` is printed (or during start-up) must stop the
  // server cleanly rather than kill the process with the default action.
  const running: { sim?: KubeSim } = {};
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    if (!running.sim) return; // still starting: main() stops it once started
    running.sim.stop().then(() => process.exit(0), (err: unknown) => {
      process.stderr.write(`kube-sim: ${errorMessage(err)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const sim = await startKubeSim({
    port: args.port, stateDir: args.stateDir, tls: args.tls, host: args.host, advertiseHost: args.advertise,
    ...(args.readyDelayMs === undefined ? {} : { readyDelayMs: args.readyDelayMs }),
  });
  running.sim = sim;
  if (stopping) {
    await sim.stop();
    process.exit(0);
  }
  await sim.writeKubeconfig(args.kubeconfig);
  process.stdout.write(`ready ${sim.url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`kube-sim: ${errorMessage(err)}\n`);
  process.exit(1);
});
