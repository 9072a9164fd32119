#!/usr/bin/env bash
# The gateway benchmark, side by side with a direct connection, nginx and the smallest .NET proxy (docs/benchmarks.md).
#   bash bench/run.sh                 full run (about 20 minutes): publishes Release builds, then measures
#   bash bench/run.sh --smoke         a few seconds, tiny counts: checks every target answers correctly
# Options: --no-build [--configuration Debug|Release]  use the solution's built binaries instead of publishing
#          --out <dir>   where results.md / results.json go (default artifacts/bench/<UTC time>)
#          anything else is passed to the benchmark program (--no-pin, --open-streams N, --rounds N, --no-features,
#          --phases load,open,features, --scenarios realistic-c256,...)
# Traffic goes only to 127.0.0.1; every process started is stopped by PID when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

smoke=0; build=1; configuration=Release; out=""; pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1; pass+=(--smoke) ;;
    --no-build) build=0 ;;
    --configuration) configuration="$2"; shift ;;
    --out) out="$2"; shift ;;
    *) pass+=("$1") ;;
  esac
  shift
done

nginx_bin=$(command -v nginx 2>/dev/null || true)
[ -z "$nginx_bin" ] && [ -x /usr/sbin/nginx ] && nginx_bin=/usr/sbin/nginx
if [ -z "$nginx_bin" ]; then
  echo "bench/run.sh: nginx is not installed; the benchmark compares the gateway with it. Install it: apt-get install -y nginx" >&2
  exit 3
fi

# Thousands of open streams need thousands of descriptors in every process (children inherit this limit).
want=65536
ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open-file limit: $(ulimit -n)" >&2

stamp=$(date -u +%Y%m%d-%H%M%S)
[ -z "$out" ] && out="$root/artifacts/bench/$stamp$([ $smoke = 1 ] && echo -smoke || true)"
mkdir -p "$out"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || commit="$commit+uncommitted"

if [ $build = 1 ]; then
  publish="$root/artifacts/bench/publish"
  for project in gateway:gateway bench/ForwarderFloor:floor tests/OllamaSim:sim bench/ModelGateway.Bench:bench; do
    echo "== dotnet publish ${project%%:*} -c Release" >&2
    dotnet publish "$root/${project%%:*}" -c Release -o "$publish/${project##*:}" -nologo -clp:ErrorsOnly >&2
  done
  gateway_dll="$publish/gateway/ModelGateway.dll"
  floor_dll="$publish/floor/ForwarderFloor.dll"
  sim_dll="$publish/sim/OllamaSim.dll"
  bench_dll="$publish/bench/ModelGateway.Bench.dll"
else
  gateway_dll="$root/gateway/bin/$configuration/net10.0/ModelGateway.dll"
  floor_dll="$root/bench/ForwarderFloor/bin/$configuration/net10.0/ForwarderFloor.dll"
  sim_dll="$root/tests/OllamaSim/bin/$configuration/net10.0/OllamaSim.dll"
  bench_dll="$root/bench/ModelGateway.Bench/bin/$configuration/net10.0/ModelGateway.Bench.dll"
  for dll in "$gateway_dll" "$floor_dll" "$sim_dll" "$bench_dll"; do
    [ -f "$dll" ] || { echo "bench/run.sh: $dll is missing: run 'dotnet build -c $configuration ModelGateway.sln' first" >&2; exit 2; }
  done
fi

# The load generator shares core 0 with the simulators; the proxies get core 1 (the program pins what it starts).
pin=()
[ "$(nproc --all)" -ge 2 ] && [[ " ${pass[*]-} " != *" --no-pin "* ]] && pin=(taskset -c 0)

bench_pid=""
stop_all() {
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$bench_pid" 2>/dev/null || true
  fi
  # Servers the program started, in case it died before stopping them (only our own programs, by PID).
  if [ -f "$out/pids" ]; then
    while read -r pid; do
      [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || continue
      tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qE 'ModelGateway|ForwarderFloor|OllamaSim|nginx|redis-server' && kill -KILL "$pid" 2>/dev/null || true
    done < "$out/pids"
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

"${pin[@]}" dotnet "$bench_dll" --gateway-dll "$gateway_dll" --floor-dll "$floor_dll" --simulator-dll "$sim_dll" --profiles "$root/bench/profiles" \
  --nginx "$nginx_bin" --out "$out" --commit "$commit" ${pass[@]+"${pass[@]}"} &
bench_pid=$!
set +e
wait "$bench_pid"
status=$?
set -e
bench_pid=""
exit $status
