/** `sluice install`: the Flux API (every CRD Sluice serves) and the flux-system namespace, applied server-side. */
import { FLUX_KINDS } from '@sluice/api';
import { errorMessage } from '@sluice/errors';
import { createKubeClient } from '@sluice/runtime';
import type { CommandIo } from './io.js';
import { installFluxApi } from './up/cluster.js';

/** Runs `sluice install [--kubeconfig PATH]`. */
export async function install(args: readonly string[], io: CommandIo): Promise<number> {
  const i = args.indexOf('--kubeconfig');
  const kubeconfig = i >= 0 ? args[i + 1] : io.env.KUBECONFIG;
  const kube = createKubeClient({ kubeconfig, userAgent: 'sluice-install' });
  try {
    await installFluxApi(kube);
    io.stdout(`installed ${FLUX_KINDS.length} CustomResourceDefinitions and the flux-system namespace\n`);
    return 0;
  } catch (err) {
    io.stderr(`sluice install failed: ${errorMessage(err)}\n`);
    return 1;
  } finally {
    kube.close();
  }
}
