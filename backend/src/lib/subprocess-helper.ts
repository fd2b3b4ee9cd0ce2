/**
 * The small process that starts external tools (pdftotext, pdfinfo) for a big one (see subprocess.ts).
 * It imports nothing of the app, so it stays a few tens of MB and each fork it makes is cheap.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import type { HelperReply, HelperRequest } from './subprocess.js';

const running = new Map<number, ChildProcess>();

process.on('message', (message: HelperRequest) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.kill('SIGTERM');
    return;
  }
  const { id, file, args, maxBuffer } = message;
  const child = execFile(file, args, { maxBuffer, encoding: 'utf8' }, (err, stdout, stderr) => {
    running.delete(id);
    // code: the exit status (number) or a start-up error such as 'ENOENT'.
    const e = err as (Error & { code?: string | number; signal?: string | null }) | null;
    const reply: HelperReply = {
      id,
      stdout,
      stderr,
      error: e ? { message: e.message, code: e.code ?? null, signal: e.signal ?? null } : null,
    };
    process.send?.(reply);
  });
  running.set(id, child);
});

// The parent went away: so does the helper, with whatever it started.
process.on('disconnect', () => {
  for (const child of running.values()) child.kill('SIGTERM');
  process.exit(0);
});
