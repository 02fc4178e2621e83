export { Status, StandardCondition } from './types.js';
export type { KubeObject, ReplicaProgress, StatusCondition, StatusResult } from './types.js';
export { computeStatus, defaultComputeOptions } from './compute.js';
export type { ComputeOptions } from './compute.js';
export { augmentConditions } from './augment.js';
export { describeResult, summarizeStatus } from './summary.js';
export { objectRef } from './object-ref.js';
export { compileHealthExpressions, defaultCompileHealthExpressionsOptions } from './cel/health-expressions.js';
export type {
  CompileHealthExpressionsOptions,
  CompileHealthExpressionsResult,
  HealthExpressionEntry,
  HealthExpressionEvaluator,
} from './cel/health-expressions.js';
export { HealthExpressionError, HealthExpressionEvalError, InvalidObjectError, KstatusErrorCode } from './errors.js';
