export { cleanupAllNow, leaveSignalsToCaller, trackChild, trackFolder, trackedChildCount, untrackFolder } from './cleanup.js';
export { DevStackError } from './errors.js';
export { createGitRepo } from './git/repo.js';
export type { CreateGitRepoOptions, FileChanges, GitRepoFixture } from './git/repo.js';
export { isolatedGitEnv } from './git/run.js';
export { serveGitDaemon, serveGitFile, serveGitHttp } from './git/servers.js';
export type { BasicAuth, GitServer, ServeGitHttpOptions } from './git/servers.js';
export { findNatsServerBinary, startNats } from './nats.js';
export type { NatsServerHandle, StartNatsOptions } from './nats.js';
