// The Signals port on this process: SIGINT, SIGTERM and SIGHUP (a cancelled CI job sends SIGINT,
// then SIGTERM; a closed terminal SIGHUP), and an exit that does not wait for the event loop.
import type { Signals } from '../ports/index.js';

const STOPPING = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function processSignals(): Signals {
  return {
    listen(handler) {
      const listeners = STOPPING.map((signal) => [signal, () => handler(signal)] as const);
      for (const [signal, listener] of listeners) process.on(signal, listener);
      return () => { for (const [signal, listener] of listeners) process.off(signal, listener); };
    },
    exit(code) {
      process.exit(code);
    },
  };
}
