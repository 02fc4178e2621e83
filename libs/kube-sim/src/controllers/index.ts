/** Assembles the simulated controllers, like kwok's set, into one runtime. */
import type { ApiCore } from '../api/context.js';
import { crdController } from './crd.js';
import { daemonSetController } from './daemonset.js';
import { deploymentController } from './deployment.js';
import { garbageCollector } from './gc.js';
import { jobController } from './job.js';
import { kubeletController } from './kubelet.js';
import { namespaceController } from './namespace.js';
import { replicaSetController } from './replicaset.js';
import { ControllerRuntime, type SimulationOptions } from './runtime.js';
import { statefulSetController } from './statefulset.js';
import { loadBalancerController, persistentVolumeController } from './volumes.js';

/** Builds the runtime with every simulated controller; call `start()` once the server's state is loaded. */
export function createControllers(core: ApiCore, sim: SimulationOptions): ControllerRuntime {
  const rt = new ControllerRuntime(core, sim);
  for (const make of [
    crdController, namespaceController, garbageCollector, deploymentController, replicaSetController, kubeletController,
    statefulSetController, daemonSetController, jobController, persistentVolumeController, loadBalancerController,
  ]) rt.add(make(rt));
  return rt;
}
