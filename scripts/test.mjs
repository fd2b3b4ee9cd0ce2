#!/usr/bin/env node
// `npm test`: every suite, on every engine this machine has.
//   1. backend on embedded PGlite + in-process queue/cache     (always)
//   2. backend on PostgreSQL (TEST_DATABASE_URL) + Redis (TEST_REDIS_URL)
//   +  add-ins: Excel host modules (office-addin-mock), manifests (XSD), Sheets Apps Script bundle (node:vm)
//   3. end-to-end: API flows, built front ends, Chromium browser tests
// Ends with the line "N passed, N failed, N skipped". REQUIRE_SERVICES=1 / REQUIRE_BROWSER=1 (CI) turn a
// skipped phase into a failure. Each phase runs in its own process group under a time budget
// (TEST_PHASE_BUDGET_S, default 900 s; a phase takes 1-4 min here): one that hangs is killed with everything
// it started, named with the test it was in, and counted as failed, so a stuck run ends instead of
// running into CI's ceiling with no word of where it stuck.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reporter = path.join(root, 'scripts', 'mocha-summary-reporter.cjs');
const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const grep = process.argv.slice(2);
const totals = { passes: 0, failures: 0, pending: 0 };
const notes = [];
const failedTests = []; // { phase, title, file, error }, printed before the summary
let hardFailure = false;

function pick(env, ...names) {
  const out = { ...env };
  for (const n of names) delete out[n];
  return out;
}

const phaseBudgetMs = Number(process.env.TEST_PHASE_BUDGET_S || 900) * 1000;
let running = null; // the phase's child, so that Ctrl-C reaches its whole process group

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (running) killGroup(running.pid, 'SIGKILL');
    process.exit(130);
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Runs a command in a new process group; resolves with its exit status, or `timedOut` past the budget. */
function runBounded(command, args, options, budgetMs) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    running = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), 10_000).unref();
    }, budgetMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      running = null;
      resolve({ status: null, signal: null, timedOut, error: err });
    });
    child.on('exit', (status, signal) => {
      clearTimeout(timer);
      running = null;
      killGroup(child.pid, 'SIGKILL'); // nothing the phase started outlives it (browsers, servers, helpers)
      resolve({ status, signal, timedOut });
    });
  });
}

async function runMocha(title, cwd, env) {
  console.log(`\n━━━ ${title} ━━━`);
  const summary = path.join(os.tmpdir(), `intellio-mocha-${process.pid}-${Date.now()}.json`);
  const started = Date.now();
  const res = await runBounded(process.execPath, [mocha, '--reporter', reporter, ...grep], { cwd, env: { ...env, MOCHA_SUMMARY_FILE: summary } }, phaseBudgetMs);
  let counts = { passes: 0, failures: 0, pending: 0 };
  if (res.timedOut) {
    let where = 'no test had started';
    try {
      where = fs.readFileSync(`${summary}.current`, 'utf8');
    } catch {
      // nothing recorded
    }
    console.error(`\n${title}: still running after its budget of ${phaseBudgetMs / 1000} s; killed. It was in ${where}`);
    hardFailure = true;
  }
  try {
    counts = JSON.parse(fs.readFileSync(summary, 'utf8'));
    fs.rmSync(summary);
  } catch {
    counts.failures = 1; // mocha died before reporting: count the phase as failed
    if (!res.timedOut) console.error(`${title}: mocha exited with ${res.status ?? res.signal ?? res.error?.message} before reporting results`);
  }
  fs.rmSync(`${summary}.current`, { force: true });
  if (res.status !== 0 && counts.failures === 0) counts.failures = 1;
  for (const k of Object.keys(totals)) totals[k] += counts[k];
  for (const f of counts.failed ?? []) failedTests.push({ phase: title, ...f });
  notes.push(`${title}: ${counts.passes} passed, ${counts.failures} failed, ${counts.pending} skipped (${((Date.now() - started) / 1000).toFixed(0)} s)${res.timedOut ? ' — KILLED after its time budget' : ''}`);
}

function skip(title, why, required) {
  const line = `${title}: SKIPPED — ${why}`;
  console.log(`\n━━━ ${line}${required ? ' (required here: counted as a failure)' : ''}`);
  notes.push(line);
  if (required) {
    totals.failures += 1;
    hardFailure = true;
  }
}

const base = pick(process.env, 'DATABASE_URL', 'REDIS_URL', 'OPENAI_API_KEY', 'STRIPE_SECRET_KEY', 'SMTP_URL', 'GCS_BUCKET');

// 1. Embedded engines.
await runMocha('backend · PGlite (embedded) · in-process queue/cache', path.join(root, 'backend'), {
  ...pick(base, 'TEST_DATABASE_URL', 'TEST_REDIS_URL'),
  TEST_ENGINE: 'pglite',
});

// 2. Real servers.
if (process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL) {
  await runMocha('backend · PostgreSQL + pgvector · Redis', path.join(root, 'backend'), { ...base, TEST_ENGINE: 'postgres' });
} else {
  skip('backend · PostgreSQL + Redis', 'set TEST_DATABASE_URL and TEST_REDIS_URL (see README) to run it', process.env.REQUIRE_SERVICES === '1');
}

// Add-ins (no server needed): Excel host modules on office-addin-mock, the manifests against their schema,
// the Apps Script bundle in node:vm.
for (const [title, ws] of [
  ['add-in · Excel task pane host (office-addin-mock)', 'addin-excel'],
  ['add-in · Excel manifests (XSD + structure)', 'manifests'],
  ['add-in · Google Sheets Apps Script bundle (node:vm)', 'addin-sheets'],
]) {
  if (fs.existsSync(path.join(root, ws, '.mocharc.json'))) await runMocha(title, path.join(root, ws), base);
}

// 3. End to end: needs the built front ends; the browser tests need Chromium.
const build = await runBounded('npm', ['run', 'build', '--silent'], { cwd: root, env: base }, phaseBudgetMs);
if (build.status !== 0) {
  console.error(`npm run build ${build.timedOut ? `still running after ${phaseBudgetMs / 1000} s; killed` : 'failed'}: end-to-end suites cannot run`);
  totals.failures += 1;
  hardFailure = true;
} else {
  if (!fs.existsSync('/usr/bin/chromium')) {
    notes.push('browser tests: Chromium not found at /usr/bin/chromium (apt-get install -y chromium) — they skip');
  }
  await runMocha('end-to-end · API flows · browser (Chromium)', path.join(root, 'test'), base);
}

if (failedTests.length) {
  // Repeated here because CI keeps only the tail of the log, where mocha's own failure list has scrolled away.
  console.log('\n━━━ Failed tests ━━━');
  for (const f of failedTests) {
    console.log(`\n  [${f.phase}] ${f.title}${f.file ? `\n    (${path.relative(root, f.file)})` : ''}`);
    console.log(f.error.replace(/^/gm, '    '));
  }
}

console.log('\n━━━ Summary ━━━');
for (const n of notes) console.log(`  ${n}`);
console.log(`${totals.passes} passed, ${totals.failures} failed, ${totals.pending} skipped`);
process.exit(totals.failures > 0 || hardFailure ? 1 : 0);
