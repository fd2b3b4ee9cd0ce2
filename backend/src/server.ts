/**
 * `npm start`: load config, migrate, serve the API, the web app and the add-in task pane.
 */
import http from 'node:http';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDepsOrExit } from './boot.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}

const deps = await createDepsOrExit(config);
const app = createApp(deps);
const server = http.createServer(app.callback());
server.requestTimeout = 0; // streams (SSE, uploads) manage their own time limits
server.listen(config.port, config.host, () => {
  deps.log.info({ url: config.publicUrl, db: deps.engine, redis: Boolean(deps.redis) }, `Intellio is running on ${config.publicUrl}`);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  deps.log.info({ signal }, 'shutting down');
  server.close();
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 5000).unref();
  await deps.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
