export {
  DevStackError, cleanupAllNow, createGitRepo, findNatsServerBinary, isolatedGitEnv, serveGitDaemon, serveGitFile, serveGitHttp,
  startNats, trackChild, trackFolder, trackedChildCount, untrackFolder,
} from '@sluice/devstack';
export type {
  BasicAuth, CreateGitRepoOptions, FileChanges, GitRepoFixture, GitServer, NatsServerHandle, ServeGitHttpOptions, StartNatsOptions,
} from '@sluice/devstack';
export { REFERENCE_PACKAGE, ReferenceToolsError, ensureReferenceTools, referenceToolsDir } from './reference-tools.js';
export type { ReferenceTools } from './reference-tools.js';
export { seededRandom } from './random.js';
