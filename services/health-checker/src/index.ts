export { HealthBoard, defaultBoardOptions } from './board.js';
export type { BoardOptions, ObjectHealth, Verdict } from './board.js';
export { classify, revisionMetadata, runCheck } from './check.js';
export type { CheckDeps, CheckResult, CheckRun } from './check.js';
export { jobOf } from './job.js';
export type { HealthJob } from './job.js';
export { judge } from './judge.js';
export type { JudgeOptions, Observation } from './judge.js';
export {
  appliedMessage, cancelTrigger, canceledEventMessage, canceledMessage, failedEarlyDetail, failedMessage,
  invalidExpressionsMessage, passedMessage, progressMessage, timeoutDetail,
} from './messages.js';
export type { CancelTrigger } from './messages.js';
export { createHealthMetrics } from './metrics.js';
export type { HealthGaugeSources, HealthMetrics } from './metrics.js';
export { reportCheck } from './report.js';
export type { Checked } from './report.js';
export { CheckRegistry, stopReasonOf, supersession } from './runs.js';
export type { CheckIdentity, RunningCheck, StopReason, Supersession } from './runs.js';
export { defaultHealthCheckerOptions, startHealthChecker } from './service.js';
export type { HealthCheckerOptions } from './service.js';
export { CheckState } from './state.js';
export {
  announcesSuccess, canceledStatus, healthyStatus, isSuperseded, progressingStatus, stalledStatus, unhealthyStatus,
} from './status.js';
export type { FinishedCheck, KustomizationStatus } from './status.js';
export { InvalidHealthTargetError, describeTarget, selectTargets } from './targets.js';
export type { HealthTarget, SelectionMode, TargetSelection } from './targets.js';
export { waitForHealth } from './wait.js';
export type { WaitOptions, WaitOutcome, WaitResult } from './wait.js';
export { WatchHub, defaultWatchHubOptions, kubeInformerFactory } from './watches.js';
export type { InformerFactory, SourceHandlers, SourceInformer, Tracker, WatchHubOptions, WatchKind } from './watches.js';
