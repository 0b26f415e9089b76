# syntax=docker/dockerfile:1
# One image for every role (ROLE=web|worker|all), on Node 24 LTS. Build stage compiles TypeScript; the
# runtime stage has production dependencies only (npm run check:production proves they suffice) and
# runs as a non-root user.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY cards ./cards
RUN npm run build

FROM node:24-bookworm-slim AS runtime
# NODE_OPTIONS, the heap sizing (bench/results.md has the figures; the benchmarks start the bot with
# exactly these options, read from this file):
# - --max-old-space-size=1024: V8 scales how far the old generation may grow past what survived the
#   last full collection by the heap limit (up to 4 x at the limit it picks on a large host, less
#   below it), so under load the web process's heap no longer swings to 3-4 x its live size before a
#   collection; 1 GB still leaves the worker room for a large hunt's rows.
# - --max-semi-space-size=8: a young generation of 8 MB per semi-space instead of 16.
# Together they keep the web process under 200 MB RSS at 200 commands/s. Setting NODE_OPTIONS at run
# time replaces them.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-old-space-size=1024 --max-semi-space-size=8" \
    PORT=3978 \
    HOST=0.0.0.0 \
    ROLE=all
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY cards ./cards
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
