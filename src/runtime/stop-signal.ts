import { once } from 'node:events';

/**
 * Resolves with the first SIGTERM or SIGINT. Taken before a long-lived command starts its parts,
 * so a signal that arrives during start-up is kept: the command finishes starting, then stops
 * cleanly with exit 0, instead of dying half-started.
 */
export function stopSignal(): Promise<'SIGTERM' | 'SIGINT'> {
  return Promise.race([once(process, 'SIGTERM').then(() => 'SIGTERM' as const), once(process, 'SIGINT').then(() => 'SIGINT' as const)]);
}
