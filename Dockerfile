# Intellio: one image for every role. The same image runs a web process (the default command) or a job
# worker (`node --import tsx backend/src/worker.ts`, see compose.yaml); ops/DEPLOY.md says how to run it.
#
# Install and build are the commands the README and CI run (`npm ci`, `npm run build`):
# test/unit/deploy-commands.test.ts fails if they drift apart, or if the OS tools CI installs for the
# backend (pdftotext, tesseract, pg_dump) are missing here.
#
# Not built on the development machine: it cannot pull base images. Build it where a registry is reachable:
#   docker build -t intellio .

ARG NODE_IMAGE=node:20-bookworm-slim

# ── build: dependencies with dev tools, then the web app, the Excel task pane, the Sheets bundle ─────────
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# npm 11, as in CI: it honours package.json "allowScripts" (install scripts run only where approved).
RUN npm install -g npm@11
# Manifests first, so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
COPY api-client/package.json api-client/
COPY i18n/package.json i18n/
COPY backend/package.json backend/
COPY webapp/package.json webapp/
COPY addin-excel/package.json addin-excel/
COPY addin-sheets/package.json addin-sheets/
COPY manifests/package.json manifests/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# What runs in production only: the backend runs from its TypeScript sources through tsx (a dependency).
RUN npm prune --omit=dev

# ── runtime: non-root, with the OS tools the backend calls ────────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime
# poppler-utils: pdftotext (fast PDF text); tesseract-ocr(-eng,-kor): scanned pages; postgresql-client-15:
# pg_dump/pg_restore for `npm run backup` and `npm run restore`.
RUN apt-get update \
  && apt-get install -y --no-install-recommends poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor postgresql-client-15 \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKER_PORT=9464 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000 9464
# Liveness only: readiness (/readyz) is for the load balancer, and must not restart a process whose
# database is briefly away.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node itself is PID 1's child (compose `init: true` / `docker run --init`), so SIGTERM reaches the graceful shutdown.
CMD ["node", "--import", "tsx", "backend/src/server.ts"]
