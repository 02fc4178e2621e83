export { KubeSimStartError, startKubeSim } from './server.js';
export type { KubeSim } from './server.js';
export { defaultKubeSimOptions } from './options.js';
export type { KubeSimOptions } from './options.js';
export { FailureMode, SimAnnotation } from './controllers/simulation.js';
export { KubeApiError, isKubeApiError } from './api/status.js';
export type { StatusBody } from './api/status.js';
export { KubeSimStateError } from './storage/persistence.js';
