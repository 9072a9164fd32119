#!/usr/bin/env bash
# The gateway soak, for as long as you like (docs/benchmarks.md#soak): the test suite's soak (tests/ModelGateway.Tests/Soak)
# run in rounds of 30 s until the time is up, sampling the gateway's RSS, descriptors, threads, heap, timers, in-flight
# counts and requests served every 5 s.
#   bash bench/soak.sh                  10 minutes, Release build
#   bash bench/soak.sh --minutes 60     an hour
# Options: --minutes N (default 10), --out <dir> (default artifacts/soak/<UTC time>), --no-build,
#          --configuration Debug|Release (default Release)
# Writes <out>/samples.csv (one row per sample), <out>/report.md (figures per round, outcomes by kind, findings) and
# <out>/test.log. Exit code 0 when every invariant held. Traffic goes only to 127.0.0.1; everything the run started is
# stopped by PID when the script ends, also on Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

minutes=10; out=""; build=1; configuration=Release
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift ;;
    --out) out="$2"; shift ;;
    --no-build) build=0 ;;
    --configuration) configuration="$2"; shift ;;
    *) echo "bench/soak.sh: unknown option $1 (see the header of this script)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$minutes" =~ ^[0-9]+([.][0-9]+)?$ ]] && [ "$minutes" != 0 ] || { echo "bench/soak.sh: --minutes must be a positive number, not '$minutes'" >&2; exit 2; }
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || {
  echo "bench/soak.sh: redis-server is not installed; the soak restarts it under load. Install it: apt-get install -y redis-server" >&2; exit 3; }

[ -z "$out" ] && out="$root/artifacts/soak/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ $build = 1 ]; then
  echo "== dotnet build -c $configuration" >&2
  dotnet build "$root/ModelGateway.sln" -c "$configuration" -nologo -clp:ErrorsOnly -nodeReuse:false >&2
fi
[ -f "$root/tests/ModelGateway.Tests/bin/$configuration/net10.0/ModelGateway.Tests.dll" ] || {
  echo "bench/soak.sh: the $configuration build is missing: run 'dotnet build -c $configuration ModelGateway.sln' first" >&2; exit 2; }

run_pid=""
# Every descendant of the test run (test host, gateway, simulators, redis-server), children first, by PID.
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}
stop_all() {
  [ -n "$run_pid" ] || return 0
  local pids
  pids="$(descendants "$run_pid") $run_pid"
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 2
  for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
  run_pid=""
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

echo "== soak for $minutes minutes; results in $out" >&2
set +e
MODELGATEWAY_SOAK_MINUTES="$minutes" MODELGATEWAY_SOAK_OUT="$out" \
  dotnet test "$root/tests/ModelGateway.Tests" -c "$configuration" --no-build \
    --filter "FullyQualifiedName~ModelGateway.Tests.Soak.SoakTests" --logger "console;verbosity=detailed" > "$out/test.log" 2>&1 &
run_pid=$!
wait "$run_pid"
status=$?
run_pid=""
set -e

grep -E "^soak |^  at rest" "$out/test.log" >&2 || true
[ -f "$out/report.md" ] && cat "$out/report.md"
if [ $status -ne 0 ]; then
  echo "bench/soak.sh: the soak FAILED (exit $status); see $out/test.log" >&2
  grep -A12 "Error Message" "$out/test.log" >&2 || true
fi
exit $status
