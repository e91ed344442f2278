#!/usr/bin/env bash
# Chaos on a live hierarchy (issue 20). Five real nodes (100000; 440000 with 440100, the consumer;
# 320000 with 320100, the owner), each child joined through a TCP forwarder the harness controls,
# under mixed load: concurrent exchanges of different sizes over four hops, approvals, catalog
# changes. Meanwhile the seed's plan kills nodes (JVM, postmaster, or both) with SIGKILL and cuts
# tier links; then everything must end within a bound, and the proof runs. Prints ONE JSON object
# on stdout (progress and the fault timeline on stderr); docs/operator-guide.md "Chaos testing".
#
#   deploy/local/chaos.sh [--seed S] [--minutes M]   M minutes of faults (default 3), then the proof
#   deploy/local/chaos.sh --soak MINUTES [--seed S]  steady load without faults: the same proof, plus
#                                                    RSS, file descriptors and ERROR lines per minute
#   --settle SECONDS   the bound for everything to end after the load (default 150; a soak's load
#                      is larger, give it more)
#   --keep             keep the nodes' data directories (the timeline names where)
#
# A run is replayed with the same --seed: the seed fixes the faults (which node or link, what is
# killed, when, for how long), the requests, approvals and catalog changes, and the data.
# Environment: CASCADE_CHAOS_PORT_BASE (default 18200; 200 ports from there), CASCADE_CHAOS_NO_BUILD=1
# to reuse node-runtime/target/quarkus-app as built.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

seed=""
minutes=3
soak=0
settle=150
keep=false
while (($#)); do
  case "$1" in
    --seed) seed="$2"; shift 2 ;;
    --minutes) minutes="$2"; shift 2 ;;
    --soak) soak="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    *) printf 'unknown argument %s (see the header of %s)\n' "$1" "$0" >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+$ && "$soak" =~ ^[0-9]+$ && "$settle" =~ ^[0-9]+$ ]] \
  || { echo "--minutes, --soak and --settle take whole numbers" >&2; exit 2; }
if [[ -z "$seed" ]]; then
  seed="$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')"
fi
[[ "$seed" =~ ^-?[0-9]+$ ]] || { echo "--seed takes an integer" >&2; exit 2; }

report="$(mktemp "${TMPDIR:-/tmp}/cascade-chaos-report.XXXXXX")"
trap 'rm -f "$report"' EXIT
if ((soak > 0)); then
  printf 'chaos.sh: soak of %s min, seed %s (replay: %s --soak %s --seed %s)\n' "$soak" "$seed" "$0" "$soak" "$seed" >&2
else
  printf 'chaos.sh: %s min of faults, seed %s (replay: %s --minutes %s --seed %s)\n' "$minutes" "$seed" "$0" "$minutes" "$seed" >&2
fi

build=()
if [[ "${CASCADE_CHAOS_NO_BUILD:-}" == 1 && -f "$repo/node-runtime/target/quarkus-app/quarkus-run.jar" ]]; then
  build=(-Dquarkus.build.skip=true)
fi
status=0
(cd "$repo" && mvn -B -o -pl node-runtime -am verify "${build[@]}" \
   -Dit.test=ChaosIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
   -Dchaos.seed="$seed" -Dchaos.seconds="$((minutes * 60))" -Dchaos.soak="$soak" -Dchaos.settle="$settle" \
   -Dchaos.keep="$keep" -Dchaos.ports="${CASCADE_CHAOS_PORT_BASE:-18200}" -Dchaos.report="$report" >&2) || status=$?
if [[ -s "$report" ]]; then
  cat "$report"
else
  echo "chaos.sh: the harness wrote no report (setup failed?); see the output above" >&2
  status=${status/#0/1}
fi
exit "$status"
