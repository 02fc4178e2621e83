export { COMMANDS, runCli, usage } from './commands.js';
export type { Command } from './commands.js';
export { processIo } from './io.js';
export type { CommandIo } from './io.js';
export { allReady, changedLines, stateOf } from './up/progress.js';
export type { ObjectState } from './up/progress.js';
export { UP_FIELD_MANAGER, bootstrapObjects, installFluxApi } from './up/cluster.js';
export { SERVICES, serviceEntry, startServiceProcess, stopServiceProcess } from './up/services.js';
export type { ServiceProcess } from './up/services.js';
