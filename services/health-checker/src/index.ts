export { HealthBoard, defaultBoardOptions } from './board.js';
export type { BoardOptions, ObjectHealth, Verdict } from './board.js';
export { judge } from './judge.js';
export type { JudgeOptions, Observation } from './judge.js';
export {
  appliedMessage, canceledEventMessage, canceledMessage, failedEarlyDetail, failedMessage, invalidExpressionsMessage,
  passedMessage, progressMessage, timeoutDetail,
} from './messages.js';
export type { CancelTrigger } from './messages.js';
export { InvalidHealthTargetError, describeTarget, selectTargets } from './targets.js';
export type { HealthTarget, SelectionMode, TargetSelection } from './targets.js';
export { waitForHealth } from './wait.js';
export type { WaitOptions, WaitOutcome, WaitResult } from './wait.js';
export { WatchHub, defaultWatchHubOptions, kubeInformerFactory } from './watches.js';
export type { InformerFactory, SourceHandlers, SourceInformer, Tracker, WatchHubOptions, WatchKind } from './watches.js';
