#!/usr/bin/env bash
# Runs every test of ModelGateway on a fresh Debian machine: installs what the tests need when it is missing
# (redis-server, nginx, the node client packages), builds the solution in Release, runs the NUnit suite (which also
# drives the official node clients and the benchmark smoke run), and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "could not install ${missing[*]}: run 'apt-get install -y ${missing[*]}' as root"; echo "0 passed, 1 failed"; exit 1; }
fi

if [ ! -d tests/node/node_modules ] || [ tests/node/package-lock.json -nt tests/node/node_modules/.package-lock.json ]; then
  echo "== npm ci (tests/node)"
  (cd tests/node && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed in tests/node"; echo "0 passed, 1 failed"; exit 1; }
fi

echo "== dotnet build -c Release"
if ! dotnet build -c Release ModelGateway.sln -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

results="$root/artifacts/test-results"
rm -rf "$results"
echo "== dotnet test"
dotnet test tests/ModelGateway.Tests -c Release --no-build -nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

trx="$results/results.trx"
if [ ! -f "$trx" ]; then
  echo "no test results were written (dotnet test exit code $status)"
  echo "0 passed, 1 failed"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
passed=$(value passed); failed=$(value failed); total=$(value total); executed=$(value executed)
passed=${passed:-0}; failed=${failed:-0}; total=${total:-0}; executed=${executed:-0}
skipped=$((total - executed))
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
