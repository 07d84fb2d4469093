# syntax=docker/dockerfile:1
# paperboy's container image: `docker compose up -d` (compose.yml), or
#   docker build -t paperboy . && docker run --init -p 3000:3000 -v paperboy-data:/data paperboy
# tests/deploy/production-image.test.ts runs these same steps (it reads this file) on a copy
# of the repository, then starts the result and checks it answers.

FROM node:20-bookworm-slim AS build
# better-sqlite3 downloads a prebuilt binary for glibc (x64, arm64) from GitHub; where that is
# unreachable (or for another CPU) it compiles SQLite instead, which needs these. Build stage only.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, in their own layer: a change to the code does not reinstall them.
# Scripts are skipped because the code is not here yet (the package's prepare step builds it);
# better-sqlite3, the only dependency with an install script, then fetches or builds its binary.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY . .
RUN npm run build
# Production dependencies only, keeping the native binary built above (no second download).
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production PAPERBOY_DATA_DIR=/data PAPERBOY_CONSOLE=off
WORKDIR /app
# What the service reads at run time: its manifest (name, version), the command, the built
# code, the shipped corpus and the production dependencies. Owned by root: the service can
# write only to /data.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/corpus ./corpus
# The SQLite database and the search index files. A new named volume copies this directory's
# owner, so the service (not root) can write there.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# Liveness: /healthz answers 200 at once while the process runs (also while a new index builds
# or the database is away: that is readiness, /readyz, a load balancer's business). The
# slim image has no curl; node's fetch does it. PORT is the container's own setting.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
# The service stops cleanly on SIGTERM: no new digests, those in flight finish, then exit 0,
# well within a 15-second stop grace period (compose.yml's stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "bin/paperboy.js", "serve"]
