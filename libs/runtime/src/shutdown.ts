/**
 * Graceful shutdown: on SIGTERM or SIGINT, run the registered stop functions in reverse order of registration (stop
 * taking work, drain in-flight work, close connections), then exit. A second signal, or the deadline, exits at once.
 */
export interface ShutdownOptions {
  /** Longest time the stop functions may take before the process exits anyway, in ms. */
  readonly deadlineMs?: number;
  /** Called with each stop function's failure; shutdown goes on. */
  readonly onError?: (err: unknown) => void;
  /** Exit the process when done (true for services, false in tests). */
  readonly exit?: boolean;
}

/** Collects stop functions and runs them once. */
export class Shutdown {
  private readonly stops: (() => Promise<void> | void)[] = [];
  private running: Promise<void> | undefined;
  private readonly opts: ShutdownOptions;

  constructor(opts: ShutdownOptions = {}) {
    this.opts = opts;
  }

  /** Registers `stop`; later registrations run first (stop consumers before closing the connection they use). */
  add(stop: () => Promise<void> | void): void {
    this.stops.push(stop);
  }

  /** Runs every stop function once, newest first; concurrent calls share the same run. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const stop of [...this.stops].reverse()) {
        try {
          await stop();
        } catch (err) {
          this.opts.onError?.(err);
        }
      }
    })();
    return this.running;
  }

  /** Installs SIGTERM/SIGINT handlers that run the shutdown, bounded by the deadline. */
  installSignalHandlers(): void {
    let signalled = false;
    const onSignal = (): void => {
      if (signalled) process.exit(1);
      signalled = true;
      const deadline = setTimeout(() => process.exit(1), this.opts.deadlineMs ?? 30_000);
      deadline.unref();
      void this.run().then(() => {
        if (this.opts.exit ?? true) process.exit(0);
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
}
