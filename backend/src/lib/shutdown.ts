import type { Logger } from './logger.js';

/**
 * Runs `stop` once on SIGTERM or SIGINT and ends the process: 0 when it finished, 1 when it threw or the
 * grace period ran out first — an orchestrator's kill after its own timeout must never be what ends us.
 */
export function onShutdown(log: Logger, graceMs: number, stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs }, 'shutting down');
    setTimeout(() => {
      log.error({ graceMs }, 'still stopping when the grace period ended; exiting now');
      process.exit(1);
    }, graceMs).unref();
    stop(signal).then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handle('SIGINT'));
  process.on('SIGTERM', () => handle('SIGTERM'));
}

/**
 * The part of the grace period given to work in flight (requests, streams, jobs); the rest is kept to hand
 * back what did not finish and to close connections before the deadline.
 */
export function workBudget(graceMs: number): number {
  return Math.max(0, graceMs - Math.min(3000, graceMs / 2));
}
