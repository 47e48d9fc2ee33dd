# Shared by ./run, ./test and bench/run. Installs what a fresh machine lacks (it has only the .NET SDK,
# Node/npm and Debian's apt) and starts the local components.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

require_tools() {
  command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required: https://dot.net" >&2; exit 1; }
  command -v node >/dev/null && command -v npm >/dev/null || { echo "Node.js 20+ with npm is required." >&2; exit 1; }
}

# Azurite (and later the other npm-packaged stand-ins) at the versions pinned in package-lock.json.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing the local components from package-lock.json (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# Debian packages the scripts need, installed only when missing.
ensure_apt() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# dotnet build, quiet when it works; when it fails, the compiler's errors and a non-zero exit.
build() {
  local out
  if ! out=$(dotnet build "$@" -c Release -v quiet --nologo -clp:NoSummary 2>&1); then
    printf '%s\n' "$out" >&2
    echo "The build of $1 failed (errors above)." >&2
    exit 1
  fi
}

# redocly lint, at the version package-lock.json pins, on the OpenAPI document both hosts serve (a test keeps
# docs/openapi.v1.json equal to what the standalone host generates). Prints redocly's summary; on errors, every problem
# and a non-zero exit.
lint_openapi() {
  local out status=0
  export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
  out=$(node_modules/.bin/redocly lint docs/openapi.v1.json --format=summary 2>&1) || status=$?
  # Leave out the banners (Node.js version notices) and blank lines; keep the rule counts and the verdict.
  printf '%s\n' "$out" | grep -v -e '^ *[╔╚║]' -e '^ *$' -e 'validating ' -e 'validated in' >&2 || true
  if [ "$status" -ne 0 ]; then
    node_modules/.bin/redocly lint docs/openapi.v1.json --format=stylish 2>&1 | grep -v -e '^ *[╔╚║]' >&2 || true
  fi
  return "$status"
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  local port=$1 what=$2
  for _ in $(seq 1 300); do port_open "$port" && return 0; sleep 0.1; done
  echo "$what did not start listening on port $port within 30 s." >&2
  exit 1
}

# Waits until the file $1 has a line containing $2 (a fixed string); $3 names what is awaited.
wait_for_log() {
  local file=$1 text=$2 what=$3
  for _ in $(seq 1 300); do grep -qF -- "$text" "$file" 2>/dev/null && return 0; sleep 0.1; done
  echo "The host did not start the $what within 30 s (log: $file)." >&2
  exit 1
}

# Kill every background job of this script when it ends, however it ends.
BACKGROUND_PIDS=()
stop_background() { for pid in "${BACKGROUND_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_background EXIT

# Azurite on its default ports (so UseDevelopmentStorage=true works), data kept in $1. An Azurite that
# already listens there is used as it is.
start_azurite() {
  local location=$1
  if port_open 10002; then
    say "Using the storage emulator already listening on 127.0.0.1:10000-10002"
    return 0
  fi
  mkdir -p "$location"
  say "Starting Azurite (data in $location)"
  node_modules/.bin/azurite --silent --skipApiVersionCheck --disableTelemetry --location "$location" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >"$location/azurite.log" 2>&1 &
  BACKGROUND_PIDS+=($!)
  local p
  for p in 10000 10001 10002; do wait_for_port "$p" Azurite; done
}

# MailDev, a real SMTP server with a web inbox, on $1 (SMTP) and $2 (web); mail kept in $3. One already
# listening there is used as it is.
start_maildev() {
  local smtp=$1 web=$2 location=$3
  if port_open "$smtp"; then
    say "Using the SMTP server already listening on 127.0.0.1:$smtp"
    return 0
  fi
  mkdir -p "$location"
  say "Starting MailDev (SMTP 127.0.0.1:$smtp, inbox http://127.0.0.1:$web)"
  node_modules/.bin/maildev --silent --ip 127.0.0.1 --smtp "$smtp" --web-ip 127.0.0.1 --web "$web" \
    --mail-directory "$location" >"$location/maildev.log" 2>&1 &
  BACKGROUND_PIDS+=($!)
  wait_for_port "$smtp" MailDev
  wait_for_port "$web" "MailDev's inbox"
}
