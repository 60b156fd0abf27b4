# Mimicus in a container. Build: docker build -t mimicus .
# Run:   docker run -p 8080:8080 -v "$PWD:/config" -v mimicus-data:/data mimicus serve /config/mimicus.yaml --host 0.0.0.0 --data-dir /data
# Console and admin API from the host (the config then needs admin.apiKeys, e.g. ["${MIMICUS_ADMIN_KEY}"], passed with -e):
#        docker run -p 8080:8080 -p 8081:8081 -e MIMICUS_ADMIN_KEY -v "$PWD:/config" -v mimicus-data:/data mimicus \
#          serve /config/mimicus.yaml --host 0.0.0.0 --data-dir /data --admin-host 0.0.0.0 --admin-port 8081
# --host 0.0.0.0 makes the data plane reachable through the published port; the admin API stays on
# the container's loopback unless --admin-host (or admin.host) says otherwise.

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
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
RUN npm rebuild better-sqlite3 && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
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
ENTRYPOINT ["node", "bin/mimicus.js"]
CMD ["serve", "examples/quickstart.yaml", "--host", "0.0.0.0", "--data-dir", "/data"]
