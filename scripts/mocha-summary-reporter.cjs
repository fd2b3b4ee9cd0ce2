// Mocha's spec output, plus two files for scripts/test.mjs: the counts and the failures (MOCHA_SUMMARY_FILE),
// which it adds up and repeats under its summary (CI shows only the tail of a long log), and the test or hook
// running now (MOCHA_SUMMARY_FILE + '.current'), which it names if the phase overruns
// its time budget and has to be killed. A runnable that outlives its own timeout by a minute (a hook with
// timeout 0, a blocked promise mocha cannot time out) is reported while it runs.
const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_TEST_BEGIN, EVENT_HOOK_BEGIN, EVENT_HOOK_END, EVENT_TEST_END, EVENT_TEST_FAIL } = Mocha.Runner.constants;
const OVERRUN_MS = 60_000;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.MOCHA_SUMMARY_FILE;
    let current = null; // { kind, title, runnable, since, warned }
    const failed = []; // { title, file, error }: the first lines of each failure, for the summary

    const begin = (kind) => (runnable) => {
      current = { kind, title: runnable.fullTitle(), runnable, since: Date.now(), warned: false };
      if (file) fs.writeFileSync(`${file}.current`, `${kind}: ${current.title}`);
    };
    const end = () => {
      current = null;
    };
    runner.on(EVENT_TEST_BEGIN, begin('test'));
    runner.on(EVENT_HOOK_BEGIN, begin('hook'));
    runner.on(EVENT_TEST_END, end);
    runner.on(EVENT_HOOK_END, end);
    runner.on(EVENT_TEST_FAIL, (runnable, err) => {
      const error = String(err?.stack ?? err?.message ?? err).split('\n').slice(0, 10).join('\n');
      failed.push({ title: runnable.fullTitle(), file: runnable.file ?? null, error });
    });

    const watchdog = setInterval(() => {
      if (!current || current.warned) return;
      const ran = Date.now() - current.since;
      const limit = Math.max(0, current.runnable.timeout()); // read now: a test may change its own timeout
      if (ran > limit + OVERRUN_MS) {
        current.warned = true;
        console.error(`\n  ⏱ still running after ${Math.round(ran / 1000)} s (timeout ${limit ? `${limit / 1000} s` : 'off'}): ${current.kind} "${current.title}"`);
      }
    }, 10_000);
    watchdog.unref();

    runner.once(EVENT_RUN_END, () => {
      clearInterval(watchdog);
      if (!file) return;
      const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
      fs.writeFileSync(file, JSON.stringify({ passes, failures, pending, failed }));
      fs.rmSync(`${file}.current`, { force: true });
    });
  }
}

module.exports = SummaryReporter;
