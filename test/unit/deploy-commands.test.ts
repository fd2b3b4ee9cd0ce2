/**
 * The deploy files say what CI and the README say. The Dockerfile installs and builds with the commands CI
 * runs and the README gives (`npm ci`, `npm run build`, no extra flags CI does not use), carries the OS tools
 * CI installs for the backend, and starts the same entry points as `npm start` / `npm run worker`; compose
 * and Prometheus name the same services and ports. Images cannot be built here (no registry), so this is
 * what keeps the files from drifting apart unnoticed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** Dockerfile instructions with their continuation lines joined, comments dropped. */
function instructions(dockerfile: string): Array<{ op: string; args: string; stage: string }> {
  const joined = dockerfile
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const out: Array<{ op: string; args: string; stage: string }> = [];
  let stage = '';
  for (const line of joined.split('\n')) {
    const m = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'FROM') stage = /\bAS\s+(\S+)/i.exec(m[2])?.[1] ?? '';
    out.push({ op: m[1], args: m[2].trim(), stage });
  }
  return out;
}

/** `npm ci --a --b && npm run build` → [{ cmd: 'npm ci', flags: ['--a', '--b'] }, { cmd: 'npm run build', flags: [] }]. */
function npmCommands(text: string): Array<{ cmd: string; flags: string[] }> {
  return [...text.matchAll(/\bnpm\s+(ci|run\s+[\w:-]+|install|prune)((?:\s+--?[\w=.:-]+)*)/g)].map((m) => ({
    cmd: `npm ${m[1].replace(/\s+/g, ' ')}`,
    flags: m[2].trim().split(/\s+/).filter(Boolean).map((f) => f.split('=')[0]),
  }));
}

describe('deploy files agree with CI and the README', () => {
  const docker = instructions(read('Dockerfile'));
  const runs = docker.filter((i) => i.op === 'RUN');
  const dockerNpm = runs.flatMap((r) => npmCommands(r.args)).filter((c) => c.cmd === 'npm ci' || c.cmd === 'npm run build');

  it('installs and builds with the commands the README gives for production, in the same order', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Running in production'));
    const line = /^npm ci && npm run build\b.*$/m.exec(section)?.[0];
    assert.ok(line, 'the README production section runs `npm ci && npm run build`');
    assert.deepEqual(dockerNpm.map((c) => c.cmd), npmCommands(line).map((c) => c.cmd));
    assert.deepEqual(dockerNpm.map((c) => c.cmd), ['npm ci', 'npm run build']);
  });

  it('uses the install and build CI uses, with no flag CI does not use', () => {
    // The script's command lines (comments and log messages also say "npm ci").
    const script = read('scripts/ci/npm-install.sh').replace(/\\\n/g, ' ').split('\n').filter((l) => !/^\s*(#|log )/.test(l)).join('\n');
    const ciInstall = npmCommands(script).find((c) => c.cmd === 'npm ci');
    assert.ok(ciInstall, 'CI installs with npm ci');
    const dockerInstall = dockerNpm.find((c) => c.cmd === 'npm ci')!;
    for (const flag of dockerInstall.flags) assert.ok(ciInstall.flags.includes(flag), `the Dockerfile's npm ci uses ${flag}, which CI does not`);
    assert.ok(read('.ci/run').includes('bash scripts/ci/npm-install.sh'), 'CI runs scripts/ci/npm-install.sh');
    // CI builds inside `npm test` (scripts/test.mjs), before the end-to-end suites.
    assert.match(read('scripts/test.mjs'), /runBounded\('npm', \['run', 'build'/);
    assert.ok(read('.ci/run').includes('npm test'));
    assert.ok(runs.some((r) => r.stage === 'build' && /\bnpm prune --omit=dev\b/.test(r.args)), 'dev tools stay out of the runtime image');
  });

  it('runs on a Node version the workspace accepts, as a non-root user, in two stages', () => {
    const engines = JSON.parse(read('package.json')).engines.node as string;
    const min = /^>=(\d+)\.(\d+)/.exec(engines)!;
    const arg = docker.find((i) => i.op === 'ARG' && i.args.startsWith('NODE_IMAGE='))!.args;
    const major = Number(/node:(\d+)/.exec(arg)![1]);
    assert.ok(major >= Number(min[1]), `${arg} satisfies engines ${engines}`);
    assert.deepEqual(docker.filter((i) => i.op === 'FROM').map((i) => i.stage), ['build', 'runtime']);
    const users = docker.filter((i) => i.op === 'USER' && i.stage === 'runtime').map((i) => i.args);
    assert.ok(users.length && users.at(-1) !== 'root' && users.at(-1) !== '0', 'the runtime stage ends as a non-root user');
  });

  it('carries every OS tool CI installs for the backend (the browser and its fonts are test-only)', () => {
    const testOnly = new Set(['chromium', 'fonts-nanum', 'fonts-noto-cjk']);
    const ciTools = [...read('scripts/ci/ensure-apt-tools.sh').matchAll(/missing\+=\(([\w.+-]+)\)/g)].map((m) => m[1]).filter((t) => !testOnly.has(t));
    assert.ok(ciTools.includes('poppler-utils') && ciTools.includes('postgresql-client-15'), `read CI's tools: ${ciTools}`);
    const installed = runs.filter((r) => r.stage === 'runtime').map((r) => /apt-get install ([^&]+)/.exec(r.args)?.[1] ?? '').join(' ').split(/\s+/);
    for (const tool of ciTools) assert.ok(installed.includes(tool), `the runtime image lacks ${tool}, which CI installs for the backend`);
  });

  it('starts the entry points of `npm start` and `npm run worker`; compose runs 2 web, 1 worker and their services', () => {
    const scripts = JSON.parse(read('backend/package.json')).scripts as Record<string, string>;
    const entry = (script: string) => /tsx (src\/[\w/-]+\.ts)/.exec(script)![1];
    const cmd = docker.filter((i) => i.op === 'CMD').at(-1)!.args;
    assert.ok(cmd.includes(`"backend/${entry(scripts.start)}"`), `the image's command runs ${entry(scripts.start)}`);
    const compose = read('compose.yaml');
    assert.ok(compose.includes(`"backend/${entry(scripts.worker)}"`), `compose's worker runs ${entry(scripts.worker)}`);
    const services = [...compose.matchAll(/^ {2}([\w-]+):\s*$/gm)].map((m) => m[1]);
    for (const s of ['postgres', 'redis', 'intellio-web-1', 'intellio-web-2', 'intellio-worker', 'prometheus', 'grafana']) assert.ok(services.includes(s), `compose has ${s}`);
    assert.match(compose, /image: pgvector\/pgvector:/);
    assert.ok(compose.includes('./monitoring/grafana/dashboards:/var/lib/grafana/dashboards/intellio'), 'Grafana gets the shipped dashboard');
    assert.ok(read('monitoring/grafana/provisioning/dashboards/intellio.yml').includes('/var/lib/grafana/dashboards/intellio'));
    const prometheus = read('monitoring/prometheus.yml');
    for (const target of ['intellio-web-1:3000', 'intellio-web-2:3000', 'intellio-worker:9464']) assert.ok(prometheus.includes(target), `Prometheus scrapes ${target}`);
    const workerPort = /WORKER_PORT: z\.coerce\.number\(\)[^\n]*\.default\((\d+)\)/.exec(read('backend/src/config.ts'))?.[1];
    assert.equal(workerPort, '9464', 'the default WORKER_PORT is the one Prometheus and the image use');
    assert.ok(read('.dockerignore').split('\n').some((l) => /node_modules/.test(l)) && read('.dockerignore').includes('.env'));
  });
});
