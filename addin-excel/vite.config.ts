import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

/**
 * The task pane is served by the backend under /addin/ (its CSP lets Office hosts frame that path only):
 * the page at /addin/excel/taskpane.html, hashed bundles and the ribbon icons under /addin/assets/.
 * `npm run dev -w addin-excel` serves the same tree over HTTPS (office-addin-dev-certs) for sideloading and
 * forwards /api to the backend.
 */
const backend = process.env.INTELLIO_BACKEND_URL ?? 'http://localhost:3000';
const devPort = Number(process.env.ADDIN_DEV_PORT ?? 3001);
const here = (p: string) => decodeURIComponent(new URL(p, import.meta.url).pathname);

export default defineConfig(async ({ command }): Promise<UserConfig> => {
  let https: Awaited<ReturnType<typeof import('office-addin-dev-certs').getHttpsServerOptions>> | undefined;
  if (command === 'serve' && process.env.ADDIN_DEV_HTTP !== '1') {
    // Office only loads task panes over HTTPS; the dev certificate is trusted once by `office-addin-dev-certs install`.
    const certs = await import('office-addin-dev-certs');
    try {
      https = await certs.getHttpsServerOptions();
    } catch (err) {
      // Installing the CA needs admin rights (sudo on Linux); the certificate itself was generated, so serve
      // with it and say which CA file to trust where Office runs.
      const dir = path.join(os.homedir(), '.office-addin-dev-certs');
      if (!fs.existsSync(path.join(dir, 'localhost.crt'))) throw err;
      console.warn(`office-addin-dev-certs could not install its CA (${(err as Error).message.trim()}). Serving with ${dir}/localhost.crt; trust ${dir}/ca.crt on the machine that runs Excel.`);
      https = { key: fs.readFileSync(path.join(dir, 'localhost.key')), cert: fs.readFileSync(path.join(dir, 'localhost.crt')), ca: fs.readFileSync(path.join(dir, 'ca.crt')) };
    }
  }
  return {
    root: here('./src'),
    base: '/addin/',
    publicDir: here('./public'),
    plugins: [react()],
    build: {
      outDir: here('./dist'),
      emptyOutDir: true,
      sourcemap: true,
      // One page in a task pane, loaded once per session: a single bundle beats a waterfall of chunks.
      // The shared message catalogues (English and Korean) ride along: ~90 kB more than before.
      chunkSizeWarningLimit: 950,
      rolldownOptions: { input: { taskpane: here('./src/excel/taskpane.html') } },
    },
    server: {
      port: devPort,
      strictPort: true,
      https,
      proxy: { '/api': { target: backend, changeOrigin: false } },
      fs: { allow: [here('..')] },
    },
    // Keep the dev server from crawling the whole monorepo for HTML entry points.
    optimizeDeps: { entries: [here('./src/excel/taskpane.html')] },
  };
});

// Fails early with a clear message when the icons were never generated (they are committed).
if (!fs.existsSync(here('./public/assets/icon-32.png'))) console.warn('addin-excel: public/assets/icon-32.png is missing; run `npm run manifests`.');
