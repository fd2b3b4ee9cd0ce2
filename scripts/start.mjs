#!/usr/bin/env node
// `npm start`: build the front ends if they are missing or older than their sources, then run the backend
// (migrations run on start-up). Everything else comes from the environment (see .env.example).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time of any file under `dir` (0 if it does not exist). */
function newest(dir) {
  if (!fs.existsSync(dir)) return 0;
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) t = Math.max(t, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return t;
}

const fronts = [
  { ws: 'webapp', out: 'webapp/dist/index.html', src: ['webapp/src', 'webapp/index.html', 'api-client/src', 'i18n/src'] },
  { ws: 'addin-excel', out: 'addin-excel/dist/excel/taskpane.html', src: ['addin-excel/src', 'addin-excel/public', 'addin-excel/vite.config.ts', 'api-client/src'] },
  { ws: 'addin-sheets', out: 'addin-sheets/dist/Code.js', src: ['addin-sheets/src', 'api-client/src'] },
];
for (const f of fronts) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, f.ws, 'package.json'), 'utf8'));
  if (!pkg.scripts?.build) continue;
  const out = path.join(root, f.out);
  const built = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
  const sources = Math.max(...f.src.map((s) => (fs.existsSync(path.join(root, s)) && fs.statSync(path.join(root, s)).isFile() ? fs.statSync(path.join(root, s)).mtimeMs : newest(path.join(root, s)))));
  if (built >= sources) continue;
  console.log(`Building ${f.ws} ...`);
  const res = spawnSync('npm', ['run', 'build', '-w', f.ws], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'backend/src/server.ts')], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
