// Ctrl-C and SIGTERM for long commands: the first stops the work through an AbortSignal, so the
// command can save where it was and say so; a second one stops the process at once.

/** An interruption listener for one command run. */
export interface Interruption {
  /** Aborted (reason: an Error "interrupted by SIGINT") at the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal that arrived, if one did. */
  received(): NodeJS.Signals | undefined;
  /** Stops listening. */
  dispose(): void;
}

/** Listens for SIGINT and SIGTERM until `dispose()`. */
export function listenForInterrupt(): Interruption {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      // A second Ctrl-C: stop at once, as the user insists (what is saved stays saved).
      dispose();
      process.kill(process.pid, signal);
      return;
    }
    received = signal;
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  const dispose = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return { signal: controller.signal, received: () => received, dispose };
}

/** The exit code of a process stopped by `signal`: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
export function exitCodeFor(signal: NodeJS.Signals): number {
  return signal === "SIGINT" ? 130 : 143;
}
