import { once } from 'node:events';

/** SIGHUP too: a terminal that closes hangs up on what it started (and a private redis-server is in a group of its own). */
export type StopSignal = 'SIGTERM' | 'SIGINT' | 'SIGHUP';

/**
 * Resolves with the first SIGTERM, SIGINT or SIGHUP, or when the process that started this one is gone.
 * Taken before a long-lived command starts its parts, so a signal that arrives during start-up is
 * kept: the command finishes starting, then stops cleanly with exit 0, instead of dying half-started.
 * Started by npm (npx, npm exec, npm start: npm_command is set), the launcher may die of a SIGTERM
 * without passing it on: the process is then adopted by another parent, and stops as if it had
 * been sent the signal itself. (Started otherwise, e.g. with nohup, it outlives its parent.)
 */
export function stopSignal(env: NodeJS.ProcessEnv = process.env): Promise<StopSignal> {
  // One per process: the command line takes it before loading a long-lived command, which takes it again.
  taken ??= listen(env);
  return taken;
}

let taken: Promise<StopSignal> | undefined;

function listen(env: NodeJS.ProcessEnv): Promise<StopSignal> {
  const parent = process.ppid;
  const orphaned = new Promise<'SIGTERM'>((resolve) => {
    if (!env.npm_command) return;
    const timer = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(timer);
      resolve('SIGTERM');
    }, 500);
    timer.unref();
  });
  return Promise.race([
    once(process, 'SIGTERM').then(() => 'SIGTERM' as const),
    once(process, 'SIGINT').then(() => 'SIGINT' as const),
    once(process, 'SIGHUP').then(() => 'SIGHUP' as const),
    orphaned,
  ]);
}
