#!/usr/bin/env bash
# Smoke test on other runtimes: installs Bun, Deno and workerd from npm into a temporary folder
# (their binary packages need no install scripts), then runs the same capture / exception / flags
# test on each (scripts/runtimes/client.mjs; worker.mjs on workerd) against the stand-in on Node,
# then the Bun, Deno and Cloudflare Worker recipes of examples/ (scripts/runtimes/recipes.mjs), and
# the spool's kill-and-recover check on Bun and Deno (scripts/runtimes/spool-check.mjs).
# Not part of `npm test` (nor CI): it downloads ~200 MB. Exits non-zero when a recipe or check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
TOOLS="$(mktemp -d)"
(cd "$TOOLS" && npm init -y >/dev/null && npm install --no-audit --no-fund @oven/bun-linux-x64 @deno/linux-x64-glibc @cloudflare/workerd-linux-64 >/dev/null)
BUN="$TOOLS/node_modules/@oven/bun-linux-x64/bin/bun"
DENO="$TOOLS/node_modules/@deno/linux-x64-glibc/deno"
WORKERD="$TOOLS/node_modules/@cloudflare/workerd-linux-64/bin/workerd"
WORKERD_PORT="${WORKERD_PORT:-18787}"
for runtime in bun deno workerd; do
  fifo="$TOOLS/in-$runtime"; mkfifo "$fifo"
  node scripts/runtimes/stand-in.mjs < "$fifo" > "$TOOLS/out-$runtime" &
  exec 7> "$fifo"
  until [ -s "$TOOLS/out-$runtime" ]; do sleep 0.1; done
  url="$(head -1 "$TOOLS/out-$runtime")"
  case "$runtime" in
    bun) "$BUN" scripts/runtimes/client.mjs "$url" ;;
    deno) "$DENO" run --allow-net --allow-read scripts/runtimes/client.mjs "$url" ;;
    workerd)
      mkdir -p "$TOOLS/wd/dist" "$TOOLS/wd/scripts"
      cp -r dist/esm "$TOOLS/wd/dist/" && cp -r scripts/runtimes "$TOOLS/wd/scripts/"
      node scripts/runtimes/workerd-config.mjs "$url" "$WORKERD_PORT" "$TOOLS/wd" > "$TOOLS/wd/workerd.capnp"
      "$WORKERD" serve "$TOOLS/wd/workerd.capnp" > "$TOOLS/workerd.log" 2>&1 &
      server=$!
      until curl -s -o /dev/null "http://127.0.0.1:$WORKERD_PORT/ready" 2>/dev/null || ! kill -0 "$server" 2>/dev/null; do sleep 0.2; done
      curl -s -m 30 "http://127.0.0.1:$WORKERD_PORT/smoke"; echo
      kill "$server" 2>/dev/null || true ;;
  esac
  echo done >&7; exec 7>&-; wait
  tail -1 "$TOOLS/out-$runtime"
done
node scripts/runtimes/recipes.mjs "$BUN" "$DENO" "$WORKERD" "$((WORKERD_PORT + 1))"
# The spool through the main entry (node:fs): killed and recovered, and a live owner left alone.
node scripts/runtimes/spool-check.mjs "$BUN"
node scripts/runtimes/spool-check.mjs "$DENO" run --allow-all
