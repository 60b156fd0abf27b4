# Mimicus in a container. Build: docker build -t mimicus .
# Run:   docker run -p 8080:8080 -v "$PWD:/config" -v mimicus-data:/data mimicus serve /config/mimicus.yaml --host 0.0.0.0 --data-dir /data
# Console and admin API from the host (the config then needs admin.apiKeys, e.g. [{ name: ops, key: "${MIMICUS_ADMIN_KEY}" }], passed with -e):
#        docker run -p 8080:8080 -p 8081:8081 -e MIMICUS_ADMIN_KEY -v "$PWD:/config" -v mimicus-data:/data mimicus \
#          serve /config/mimicus.yaml --host 0.0.0.0 --data-dir /data --admin-host 0.0.0.0 --admin-port 8081
# --host 0.0.0.0 makes the data plane reachable through the published port; the admin API stays on
# the container's loopback unless --admin-host (or admin.host) says otherwise.
#
# BASE is any Debian bookworm image with Node 20 in /usr/local and a `node` user (uid 1000): the
# official image by default. Where no image registry is reachable, scripts/make-local-base-image.sh
# makes one from Debian's packages: podman build --format docker --build-arg BASE=mimicus-base -t mimicus .
# (--format docker keeps the HEALTHCHECK, which the OCI image format has no field for.)
ARG BASE=node:20-bookworm-slim

FROM ${BASE} AS build
# better-sqlite3 compiles from source when no prebuilt binary matches (or none can be downloaded).
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts wait for the sources: `prepare` builds them.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY web ./web
COPY schema ./schema
COPY examples ./examples
# npm run build runs scripts/build-config-validator.mjs and scripts/bundle-cli.mjs after tsc.
COPY scripts ./scripts
RUN npm rebuild better-sqlite3 && npm run build && npm prune --omit=dev && npm cache clean --force
# What compiling better-sqlite3 left beside its addon (objects, SQLite's sources: 25 MB) stays out of the image.
RUN cd node_modules/better-sqlite3 \
  && rm -rf deps src build/deps build/Release/obj build/Release/obj.target build/Release/.deps build/Release/sqlite3.a build/Release/test_extension.node

FROM ${BASE}
ENV NODE_ENV=production
# What the HEALTHCHECK asks: the admin API's liveness route, on the container's loopback (the admin
# listener's default place when the data plane is on 8080). Serving with --admin-port P: set it to
# http://127.0.0.1:P/api/health; with --no-admin: run with --no-healthcheck.
ENV MIMICUS_HEALTH_URL=http://127.0.0.1:8081/api/health
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
COPY --from=build /app/examples ./examples
# State, the journal and config versions (SQLite) live here unless --data-dir says otherwise.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.MIMICUS_HEALTH_URL, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/mimicus.js"]
# --no-write-back: /app is root's and read-only to `node`; console edits are kept as versions in /data.
CMD ["serve", "examples/quickstart.yaml", "--host", "0.0.0.0", "--data-dir", "/data", "--no-write-back"]
