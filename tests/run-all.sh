#!/usr/bin/env bash
# THE test command (`npm test`). Provisions the real peers if something is
# missing, then runs every stage in order and stops at the first failure:
#
#   check           typecheck + lint + format check + unit tests
#   check:security  security lint and Electron checks
#   build           production build
#   integration  }
#   e2e          }  inside a loopback-only network namespace (only `lo`, up):
#   electron     }  nothing can reach a non-loopback address, not even DNS
#
# Always ends with a summary line "N passed, N failed" (stages), and exits
# non-zero if any stage failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

passed=0
failed=0
declare -a results=()

summary() {
  local status=$?
  echo
  # CI keeps only the end of the output: what failed, and where, goes right above the summary.
  if [[ -s test-results/failures.txt ]]; then
    echo "=== what failed (test-results/failures.txt) ==="
    head -n 40 test-results/failures.txt
  fi
  echo "=== Tandem test summary ==="
  local line
  for line in "${results[@]+"${results[@]}"}"; do
    echo "  $line"
  done
  echo "${passed} passed, ${failed} failed"
  if [[ $failed -gt 0 && $status -eq 0 ]]; then
    exit 1
  fi
  exit "$status"
}
trap summary EXIT

note() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# ---------------------------------------------------------------------------
# Provisioning (Debian): install only what is missing.
# ---------------------------------------------------------------------------
APT_PACKAGES=(
  kamailio kamailio-websocket-modules kamailio-presence-modules kamailio-sqlite-modules kamailio-tls-modules
  rtpengine baresip-core sip-tester sqlite3
  chromium xvfb xauth fonts-liberation
  postgresql iproute2 util-linux openssl
)
KAMAILIO_MODULES=(websocket.so tls.so presence.so presence_dialoginfo.so pua.so pua_dialoginfo.so dialog.so db_sqlite.so rtpengine.so xhttp.so nathelper.so htable.so)

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "need root for: $* (no sudo available)" >&2
    return 1
  fi
}

kamailio_modules_dir() {
  local dir
  # Where the installed package put them (dpkg knows), else the usual places.
  if command -v dpkg >/dev/null 2>&1; then
    dir=$(dpkg -L kamailio 2>/dev/null | grep -m1 '/kamailio/modules/websocket\.so$\|/kamailio/modules/tm\.so$' || true)
    if [[ -n $dir ]]; then
      dirname "$dir"
      return
    fi
  fi
  for dir in /usr/lib/*/kamailio/modules /usr/lib/kamailio/modules /usr/lib64/kamailio/modules; do
    if [[ -f $dir/tm.so ]]; then
      echo "$dir"
      return
    fi
  done
}

missing_pieces() {
  local missing=() bin dir mod
  for bin in kamailio rtpengine baresip sipp chromium Xvfb ip sqlite3 unshare openssl; do
    command -v "$bin" >/dev/null 2>&1 || missing+=("$bin")
  done
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=("initdb")
  dir=$(kamailio_modules_dir)
  for mod in "${KAMAILIO_MODULES[@]}"; do
    if [[ -z $dir ]]; then
      # Modules ship in separate packages; look across every known place.
      compgen -G "/usr/lib/*/kamailio/modules/$mod" >/dev/null || compgen -G "/usr/lib/kamailio/modules/$mod" >/dev/null || missing+=("kamailio:$mod")
    elif [[ ! -f $dir/$mod ]]; then
      missing+=("kamailio:$mod")
    fi
  done
  [[ -d /usr/lib/baresip/modules && -f /usr/lib/baresip/modules/ctrl_tcp.so ]] || missing+=("baresip:ctrl_tcp.so")
  [[ -f /usr/share/kamailio/db_sqlite/presence-create.sql ]] || missing+=("kamailio:db_sqlite schema")
  echo "${missing[*]-}"
}

provision() {
  local missing
  missing=$(missing_pieces)
  if [[ -z $missing ]]; then
    echo "peers present: kamailio, rtpengine, baresip, sipp, chromium, Xvfb, postgresql, iproute2, sqlite3"
  else
    echo "missing: $missing"
    echo "installing: ${APT_PACKAGES[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${APT_PACKAGES[@]}"
    missing=$(missing_pieces)
    if [[ -n $missing ]]; then
      echo "still missing after apt-get install: $missing" >&2
      return 1
    fi
  fi
  if [[ ! -d node_modules ]]; then
    echo "node_modules missing (fresh clone): npm ci"
    npm ci --no-audit --no-fund
  fi
}

rm -f test-results/failures.txt
note "provision"
if ! provision; then
  failed=$((failed + 1))
  results+=("FAIL provision")
  exit 1
fi

# ---------------------------------------------------------------------------
# Loopback-only network namespace.
# ---------------------------------------------------------------------------
NETNS_MODE=""
NETNS_WHY=""
detect_netns() {
  local probe='ip link set lo up && test "$(grep -c : /proc/self/net/dev)" -eq 1'
  if [[ $(id -u) -eq 0 ]]; then
    if unshare -n bash -c "$probe" 2>/dev/null; then NETNS_MODE="root"; return; fi
    NETNS_WHY="'unshare -n' failed as root (no CAP_SYS_ADMIN in this container?)"
  fi
  if unshare -rn bash -c "$probe" 2>/dev/null; then NETNS_MODE="user"; return; fi
  NETNS_WHY="${NETNS_WHY:+$NETNS_WHY; }'unshare -rn' failed (unprivileged user namespaces disabled? see sysctl kernel.unprivileged_userns_clone / user.max_user_namespaces)"
}

# Runs "$@" in a fresh namespace with only `lo`, after checking it is so.
in_netns() {
  local inner='ip link set lo up || exit 1
ifaces=$(sed -n "3,\$p" /proc/self/net/dev | cut -d: -f1 | tr -d " " | tr "\n" " ")
if [ "$ifaces" != "lo " ]; then echo "network namespace is not loopback-only: $ifaces" >&2; exit 1; fi
export TANDEM_NETNS=1
exec "$@"'
  case $NETNS_MODE in
    root) unshare -n bash -c "$inner" tandem-netns "$@" ;;
    user) unshare -rn bash -c "$inner" tandem-netns "$@" ;;
    *)
      echo "cannot create a loopback-only network namespace: $NETNS_WHY" >&2
      echo "refusing to run network tests on the real network" >&2
      return 1
      ;;
  esac
}

# ---------------------------------------------------------------------------
# Stages
# ---------------------------------------------------------------------------
stage() {
  local name=$1
  shift
  note "$name"
  local start=$SECONDS rc=0
  "$@" || rc=$?
  local took=$((SECONDS - start))
  if [[ $rc -eq 0 ]]; then
    passed=$((passed + 1))
    results+=("ok   $name (${took}s)")
  else
    failed=$((failed + 1))
    results+=("FAIL $name (exit $rc, ${took}s)")
    exit 1
  fi
}

stage "check (typecheck, lint, format, unit)" npm run check
stage "build" npm run build

detect_netns
if [[ -n $NETNS_MODE ]]; then
  echo "network tests run in a loopback-only namespace (${NETNS_MODE})"
fi
# Electronegativity tries to fetch its texts and Electron's release list; in the namespace it cannot.
stage "check:security (loopback netns)" in_netns npm run check:security
stage "integration (loopback netns)" in_netns npm run test:integration
stage "e2e (loopback netns)" in_netns npm run test:e2e
# Electron needs a display when its binary is there; Xvfb gives it one inside the namespace.
if command -v xvfb-run >/dev/null 2>&1; then
  stage "electron (loopback netns)" in_netns xvfb-run -a npm run test:electron
else
  stage "electron (loopback netns)" in_netns npm run test:electron
fi
