#!/usr/bin/env bash
# Smoke test on other runtimes: installs Bun and Deno from npm into a temporary folder (their binary
# packages need no install scripts), then runs scripts/runtimes/client.mjs on each against the
# stand-in on Node. Not part of `npm test`: it downloads ~100 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
TOOLS="$(mktemp -d)"
(cd "$TOOLS" && npm init -y >/dev/null && npm install --no-audit --no-fund @oven/bun-linux-x64 @deno/linux-x64-glibc >/dev/null)
BUN="$TOOLS/node_modules/@oven/bun-linux-x64/bin/bun"
DENO="$TOOLS/node_modules/@deno/linux-x64-glibc/deno"
for runtime in bun deno; do
  fifo="$TOOLS/in-$runtime"; mkfifo "$fifo"
  node scripts/runtimes/stand-in.mjs < "$fifo" > "$TOOLS/out-$runtime" &
  exec 7> "$fifo"
  until [ -s "$TOOLS/out-$runtime" ]; do sleep 0.1; done
  url="$(head -1 "$TOOLS/out-$runtime")"
  if [ "$runtime" = bun ]; then "$BUN" scripts/runtimes/client.mjs "$url"; else "$DENO" run --allow-net --allow-read scripts/runtimes/client.mjs "$url"; fi
  echo done >&7; exec 7>&-; wait
  tail -1 "$TOOLS/out-$runtime"
done
