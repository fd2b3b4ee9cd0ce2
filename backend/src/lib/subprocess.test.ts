import assert from 'node:assert/strict';
import fs from 'node:fs';
import { helperPid, runFile, SubprocessError } from './subprocess.js';

const sh = (script: string, options = {}) => runFile('sh', ['-c', script], options);

/** Processes whose command line is exactly `argv`. */
function processesRunning(argv: string[]): number[] {
  const wanted = `${argv.join('\0')}\0`;
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8') === wanted;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('external tools through the helper process', function () {
  this.timeout(20_000);

  it('runs the tool from the helper, not from this process', async () => {
    const { stdout } = await sh('echo $PPID');
    const parent = Number(stdout.trim());
    assert.equal(parent, helperPid());
    assert.notEqual(parent, process.pid);
  });

  it('returns stdout and stderr as they are (form feeds, UTF-8)', async () => {
    const { stdout, stderr } = await sh(`printf 'page 1 — café\\fpage 2\\f'; printf 'note' >&2`);
    assert.equal(stdout, 'page 1 — café\fpage 2\f');
    assert.equal(stderr, 'note');
  });

  it('a non-zero exit rejects with the status and both outputs', async () => {
    const err = await sh('echo partial; echo "Incorrect password" >&2; exit 3').catch((e: unknown) => e);
    assert.ok(err instanceof SubprocessError);
    assert.equal(err.code, 3);
    assert.equal(err.stdout, 'partial\n');
    assert.equal(err.stderr, 'Incorrect password\n');
  });

  it('a missing tool rejects with ENOENT', async () => {
    const err = await runFile('intellio-no-such-tool', []).catch((e: unknown) => e);
    assert.ok(err instanceof SubprocessError);
    assert.equal(err.code, 'ENOENT');
  });

  it('output beyond maxBuffer is refused', async () => {
    const err = await sh('head -c 5000 /dev/zero', { maxBuffer: 1000 }).catch((e: unknown) => e);
    assert.ok(err instanceof SubprocessError);
    assert.equal(err.code, 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER');
  });

  it('an abort rejects at once with the reason and stops the tool', async () => {
    const argv = ['sleep', '7.25'];
    const controller = new AbortController();
    const started = Date.now();
    const call = runFile(argv[0], argv.slice(1), { signal: controller.signal });
    while (!processesRunning(argv).length) await new Promise((r) => setTimeout(r, 20));
    controller.abort(new Error('job cancelled'));
    await assert.rejects(call, /job cancelled/);
    for (let i = 0; i < 50 && processesRunning(argv).length; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(processesRunning(argv), []);
    assert.ok(Date.now() - started < 5000);
  });

  it('calls run side by side', async () => {
    const outputs = await Promise.all(Array.from({ length: 6 }, (_, i) => sh(`sleep 0.2; echo ${i}`)));
    assert.deepEqual(outputs.map((o) => o.stdout), ['0\n', '1\n', '2\n', '3\n', '4\n', '5\n']);
  });

  it('a helper that dies is replaced, and a call it left unanswered still completes', async () => {
    await sh('true'); // a helper that has answered before (one that never did is given up on)
    const first = helperPid();
    assert.ok(first);
    const call = sh('sleep 0.3; echo done');
    await new Promise((r) => setTimeout(r, 100));
    process.kill(first, 'SIGKILL');
    assert.equal((await call).stdout, 'done\n'); // answered by running it directly
    const { stdout } = await sh('echo $PPID');
    assert.notEqual(Number(stdout.trim()), first);
    assert.equal(Number(stdout.trim()), helperPid());
  });
});
