export { EXPORTERS, SAMPLERS, parseResourceAttributes, telemetryConfigFromEnv } from './config.js';
export type { BatchSettings, ExporterName, SamplerName, TelemetryEnvConfig } from './config.js';
export { registerGlobals, unregisterGlobals } from './globals.js';
export { LOG_LEVELS, createLogger, parseLogLevel } from './logger.js';
export type { LogFields, LogLevel, Logger, LoggerOptions } from './logger.js';
export { initTelemetry, samplerFor } from './tracing.js';
export type { Telemetry, TelemetryOptions } from './tracing.js';
