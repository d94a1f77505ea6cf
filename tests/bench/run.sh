#!/usr/bin/env bash
# `npm run bench`: the softphone benches (tests/bench/softphone.bench.ts) in a
# loopback-only network namespace. Builds first if the build is missing or
# stale. Prints a table of figures; exits non-zero only if a scenario broke.
#
#   bash tests/bench/run.sh                 # everything (~3-4 min on 2 cores)
#   BENCH_CALLS=30 bash tests/bench/run.sh  # fewer inbound calls (min 21)
#   bash tests/bench/run.sh context.bench.ts  # customer context only (100k customers, 1M interactions: ~5 min)
#   bash tests/bench/run.sh social.bench.ts   # social desk only (Bluesky PDS, 1 000-mention ingest, 100k conversations: ~3 min)
#   bash tests/bench/run.sh socialDay.bench.ts  # memory over a compressed day of social traffic (2 400 items, the agent answering: ~10 min)
#   bash tests/bench/run.sh team.bench.ts     # team database only (PostgreSQL: NOTIFY fan-out to 50/200 desks, 10 000-change catch-up, claims: ~1 min)
#   bash tests/bench/run.sh supervisor.bench.ts   # supervisor view: 500 members, 50 changes/s for a minute, the volume chart's redraw (~2 min)
#   bash tests/bench/run.sh contextTeam.bench.ts  # screen pop in team mode, with team changes streaming (20k customers; BENCH_TEAM_POP_CUSTOMERS=100000 for the full figure)
#
# Inside: Kamailio + rtpengine + two baresip phones + the browser host + Chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

for bin in kamailio rtpengine baresip chromium ip unshare; do
  command -v "$bin" >/dev/null 2>&1 || { echo "bench: '$bin' is missing (tests/run-all.sh provisions the peers)" >&2; exit 1; }
done

node scripts/build.mjs --if-needed

# The command that runs inside the namespace: checks it is loopback-only first.
inner='ip link set lo up || exit 1
ifaces=$(sed -n "3,\$p" /proc/self/net/dev | cut -d: -f1 | tr -d " " | tr "\n" " ")
if [ "$ifaces" != "lo " ]; then echo "bench: network namespace is not loopback-only: $ifaces" >&2; exit 1; fi
export TANDEM_NETNS=1
exec node_modules/.bin/playwright test --config tests/bench/playwright.bench.config.ts "$@"'

probe='ip link set lo up && test "$(grep -c : /proc/self/net/dev)" -eq 1'
if [[ $(id -u) -eq 0 ]] && unshare -n bash -c "$probe" 2>/dev/null; then
  exec unshare -n bash -c "$inner" tandem-bench "$@"
elif unshare -rn bash -c "$probe" 2>/dev/null; then
  exec unshare -rn bash -c "$inner" tandem-bench "$@"
else
  echo "bench: cannot create a loopback-only network namespace (unshare -n as root, or unshare -rn); refusing to run on the real network" >&2
  exit 1
fi
