#!/usr/bin/env bash
# Runs PostHog's SDK test harness (server mode) against the posthog-ts adapter.
#   HARNESS_DIR   a checkout of PostHog/posthog-sdk-test-harness (cloned to a temp dir when unset)
#   POSTHOG_CAPTURE_MODE  v0 (default) or v1
#   POSTHOG_COMPRESSION   v1 only: deflate, br or zstd for the tests that enable compression (default gzip)
#   ADAPTER_NODE  the node binary that runs the adapter (e.g. a Node.js 24 for zstd)
#   SUITES        e.g. "capture feature_flags" (default: every suite the adapter's capabilities allow)
# Needs python3 with flask, aiohttp, click and pyyaml (Debian: python3-flask python3-aiohttp
# python3-click python3-yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3 )}"
if [ -z "${HARNESS_DIR:-}" ]; then
  HARNESS_DIR="$(mktemp -d)/harness"
  git clone --depth 1 https://github.com/PostHog/posthog-sdk-test-harness "$HARNESS_DIR"
fi
ADAPTER_PORT="${ADAPTER_PORT:-8080}"
MOCK_PORT="${MOCK_PORT:-8081}"
npm run build >/dev/null
PORT="$ADAPTER_PORT" "${ADAPTER_NODE:-node}" compliance/adapter.mjs &
ADAPTER_PID=$!
trap 'kill $ADAPTER_PID 2>/dev/null || true' EXIT
SUITE_ARGS=()
for suite in ${SUITES:-}; do SUITE_ARGS+=(--suite "$suite"); done
PYTHONPATH="$HARNESS_DIR/src" "$PYTHON" -c 'from posthog_test_harness.cli import main; main()' run \
  --adapter-url "http://localhost:$ADAPTER_PORT" --mock-port "$MOCK_PORT" --sdk-type server \
  --concurrency "${CONCURRENCY:-8}" "${SUITE_ARGS[@]}"
