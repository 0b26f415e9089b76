#!/usr/bin/env bash
# Proves the production image's dependency set is enough: installs the production dependencies alone
# (npm ci --omit=dev, as the Dockerfile's runtime stage does) into a temporary copy of the built app,
# starts it with ROLE=all and the image's NODE_OPTIONS (its heap sizing) and waits for a 200 from
# /healthz. Prints the number of installed packages.
set -euo pipefail
cd "$(dirname "$0")/.."

export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
work="$(mktemp -d)"
app_pid=""
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

rm -rf dist
npm run build --silent
cp -r dist cards package.json package-lock.json "$work/"
(cd "$work" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
packages=$(cd "$work" && npm ls --omit=dev --all --parseable 2>/dev/null | tail -n +2 | sort -u | wc -l)
echo "production dependencies installed: $packages packages"

node_options=$(sed -n 's/^ *NODE_OPTIONS="\([^"]*\)".*/\1/p' Dockerfile)
[ -n "$node_options" ] || { echo "the Dockerfile sets no NODE_OPTIONS for the image's start command"; exit 1; }

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
(cd "$work" && NODE_OPTIONS="$node_options" NODE_ENV=production ROLE=all HOST=127.0.0.1 PORT="$port" QUEUE_PREFIX="prodcheck-$$" \
  LOG_LEVEL=warn node dist/src/main.js) >"$work/app.log" 2>&1 &
app_pid=$!

for _ in $(seq 1 150); do
  if node -e "fetch('http://127.0.0.1:$port/healthz').then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"; then
    echo "ROLE=all started with production dependencies only (NODE_OPTIONS=$node_options): /healthz 200"
    exit 0
  fi
  if ! kill -0 "$app_pid" 2>/dev/null; then break; fi
  sleep 0.2
done
echo "the app did not answer /healthz with production dependencies only; its log:"
cat "$work/app.log"
exit 1
