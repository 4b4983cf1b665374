#!/usr/bin/env bash
# Prepares a checkout: the pinned pnpm and the locked dependencies, and (with
# --redis / --postgres / --chromium) makes sure those servers are installed and answering.
# newsq itself never installs system packages; this script is the one place that may.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

want_redis=false want_postgres=false want_chromium=false
for arg in "$@"; do
  case "$arg" in
    --redis) want_redis=true ;;
    --postgres) want_postgres=true ;;
    --chromium) want_chromium=true ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_install() {
  command -v apt-get >/dev/null || { log "apt-get not found: install $* yourself"; return 1; }
  log "installing $* with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 ||
    { as_root apt-get update -q >/dev/null 2>&1 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
}

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then log "Node.js >= 20 is required (found $(node -v 2>/dev/null || echo none))"; exit 1; fi

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  log "installing pnpm@$pnpm_version"
  npm install -g "pnpm@$pnpm_version" >/dev/null 2>&1 || as_root npm install -g "pnpm@$pnpm_version" >/dev/null
fi

# better-sqlite3 builds from source when no prebuilt binary can be fetched; Node's headers are in /usr.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
log "installing locked dependencies"
pnpm install --frozen-lockfile --reporter=append-only >/dev/null

redis_answers() { node -e '
  const net = require("node:net"); const u = new URL(process.argv[1]);
  const s = net.connect(Number(u.port || 6379), u.hostname); s.setTimeout(1000);
  s.on("connect", () => s.write("PING\r\n")); s.on("data", (d) => process.exit(String(d).startsWith("+PONG") ? 0 : 1));
  s.on("error", () => process.exit(1)); s.on("timeout", () => process.exit(1));' "$1"; }

if $want_redis; then
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
  if ! redis_answers "$REDIS_URL"; then
    command -v redis-server >/dev/null || apt_install redis-server
    port=$(node -p 'new URL(process.argv[1]).port || 6379' "$REDIS_URL")
    # Redis holds the in-flight work: the project's settings (AOF fsync'd every second, noeviction).
    redis_dir="$PWD/data/redis-$port"
    mkdir -p "$redis_dir"
    log "starting redis-server on port $port (AOF in $redis_dir)"
    redis-server infra/redis/redis.conf --port "$port" --bind 127.0.0.1 --dir "$redis_dir" --daemonize yes >/dev/null
    for _ in $(seq 50); do redis_answers "$REDIS_URL" && break; sleep 0.1; done
    redis_answers "$REDIS_URL" || { log "redis-server did not answer at $REDIS_URL"; exit 1; }
  fi
fi

if $want_postgres; then
  export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://newsq:newsq@127.0.0.1:5432/newsq}"
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    command -v pg_ctlcluster >/dev/null || apt_install postgresql
    if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
      version=$(ls /usr/lib/postgresql | sort -n | tail -1)
      as_root pg_createcluster "$version" main >/dev/null
    fi
    read -r version cluster _ < <(pg_lsclusters -h | head -1)
    log "starting PostgreSQL $version/$cluster"
    as_root pg_ctlcluster "$version" "$cluster" start || true
    for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
  fi
  if ! psql "$TEST_POSTGRES_URL" -qtAc 'SELECT 1' >/dev/null 2>&1; then
    log "creating PostgreSQL role and database newsq"
    as_root su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL' >/dev/null
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsq') THEN CREATE ROLE newsq LOGIN PASSWORD 'newsq';
  ELSE ALTER ROLE newsq LOGIN PASSWORD 'newsq'; END IF;
END $$;
SQL
    as_root su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'newsq'\"" | grep -q 1 ||
      as_root su postgres -c "createdb -O newsq newsq"
  fi
fi

if $want_chromium; then
  # Browser tests drive the system Chromium through playwright-core (no browser download).
  export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [ -x "$CHROMIUM_PATH" ] || apt_install chromium
fi
