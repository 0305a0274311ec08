import { jobSignals } from "./signals";

// On globalThis, keyed by the signal object: a bundler may load a receivers
// module twice (Next compiles instrumentation and routes as separate entries)
// while both copies share one lib/jobs, and the second copy must not connect
// a second set (every email or event would be written twice). A second copy
// of lib/jobs has its own signals, so it gets its own set.
const connected = ((globalThis as { __jtbdConnectedReceivers?: Map<string, WeakMap<object, () => void>> }).__jtbdConnectedReceivers ??=
  new Map());

/**
 * Runs `connect` (which connects receivers and returns their disconnects) once
 * per `name` and lib/jobs copy; later calls get the same disconnect function,
 * which disconnects them all and lets a later call connect them again (tests).
 */
export function connectOnce(name: string, connect: () => Array<() => void>): () => void {
  const byName = connected.get(name) ?? new WeakMap<object, () => void>();
  connected.set(name, byName);
  const existing = byName.get(jobSignals);
  if (existing) return existing;
  const disconnects = connect();
  const disconnect = () => {
    for (const d of disconnects) d();
    byName.delete(jobSignals);
  };
  byName.set(jobSignals, disconnect);
  return disconnect;
}
