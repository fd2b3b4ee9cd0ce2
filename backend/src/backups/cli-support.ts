/**
 * Shared by `npm run backup`, `npm run restore` and `npm run storage:reconcile`: dependencies without
 * workers or schedules, and a one-line progress display on a terminal.
 */
import { ConfigError, loadConfig } from '../config.js';
import { createDeps, type DepsHandle } from '../boot.js';

export async function cliDeps(): Promise<DepsHandle> {
  try {
    const config = loadConfig();
    // A one-off command: consume no jobs and start no schedule (the server and workers do that).
    return await createDeps({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel, queue: { ...config.queue, runWorkersInProcess: false } });
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

const bytesSoFar = (bytes: number, secs: number) => `${formatBytes(bytes)} at ${formatBytes(secs > 0 ? bytes / secs : 0)}/s`;

/**
 * A progress line rewritten in place on a TTY (at most 10 times a second), silent otherwise. It shows
 * bytes and their rate unless `describe` says how to show the count.
 */
export function progressLine(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  describe: (n: number, secs: number) => string = bytesSoFar,
): { update(n: number): void; done(text: string): void } {
  const started = Date.now();
  let last = 0;
  const render = (n: number) => {
    const secs = (Date.now() - started) / 1000;
    return `${label} ${describe(n, secs)}, ${secs.toFixed(0)} s`;
  };
  return {
    update(n) {
      if (!stream.isTTY || Date.now() - last < 100) return;
      last = Date.now();
      stream.write(`\r\x1b[2K${render(n)}`);
    },
    done(text) {
      if (stream.isTTY) stream.write('\r\x1b[2K');
      stream.write(`${text}\n`);
    },
  };
}
