#!/usr/bin/env bash
# One command from a fresh clone to the demo: set up, then `pnpm demo`.
set -euo pipefail
cd "$(dirname "$0")/../.."
args=()
# The demo starts its own private redis-server when REDIS_URL does not answer; it only needs the binary.
command -v redis-server >/dev/null || [ -n "${REDIS_URL:-}" ] || args+=(--redis)
bash infra/scripts/setup.sh "${args[@]}"
exec pnpm --silent demo
