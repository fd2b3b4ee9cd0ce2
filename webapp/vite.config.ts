import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The backend the dev server forwards API calls to (`npm start` listens on 3000). */
const backend = process.env.INTELLIO_BACKEND_URL ?? 'http://localhost:3000';

// Paths are anchored to this file so `vite build` works from the repo root and from webapp/.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/, priority: 30 },
            { name: 'fluent', test: /node_modules[\\/](@fluentui|@griffel|@floating-ui|tabster|keyborg|@swc)[\\/]/, priority: 20 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  preview: { port: 4173 },
});
