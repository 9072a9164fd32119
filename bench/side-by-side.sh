#!/usr/bin/env bash
# Two gateways loaded AT THE SAME TIME on one core, CPU per request of each from /proc: an A/B that the machine's
# drift hits in the same seconds (docs/benchmarks.md, "What was changed"). Either two builds, or one build with two
# configurations (e.g. plain against keys + in-memory limit):
#   bash bench/side-by-side.sh --a <publish dir> --b <publish dir>                 two builds, same configuration
#   bash bench/side-by-side.sh --a <dir> --b <dir> --b-profile keys-memory         B with bench/profiles/keys-memory.json
#   (a profile naming Redis, keys-redis, gets a redis-server of its own on core 0: apt-get install -y redis-server)
# Options: --rounds N (8)  --seconds S per round (5)  --concurrency C per gateway (16)  --path /api/chat | /v1/chat/completions
#          --warmup S alone per gateway before the rounds (20)
# A publish dir holds ModelGateway.dll (dotnet publish gateway -c Release -o <dir>). Needs wrk (apt-get install -y wrk).
# Traffic goes only to 127.0.0.1; the simulator, Redis if started and both gateways are stopped by PID when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

a=""; b=""; a_profile=""; b_profile=""; rounds=8; seconds=5; conc=16; path=/api/chat; warmup=20
while [ $# -gt 0 ]; do
  case "$1" in
    --a) a="$2"; shift ;;
    --b) b="$2"; shift ;;
    --a-profile) a_profile="$2"; shift ;;
    --b-profile) b_profile="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --concurrency) conc="$2"; shift ;;
    --path) path="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    *) echo "bench/side-by-side.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
for dir in "$a" "$b"; do
  [ -f "$dir/ModelGateway.dll" ] || { echo "bench/side-by-side.sh: '$dir' holds no ModelGateway.dll; publish one: dotnet publish gateway -c Release -o <dir>" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "bench/side-by-side.sh: wrk is not installed: apt-get install -y wrk" >&2; exit 3; }

work=$(mktemp -d)
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; echo "servers' logs: $work" >&2; }
trap stop EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 300); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

# The simulator of the benchmark's short replies, published once into the work directory.
dotnet publish tests/OllamaSim -c Release -o "$work/sim" --nologo -v q >/dev/null
sim_port=$(free_port)
taskset -c 0 dotnet "$work/sim/OllamaSim.dll" --port "$sim_port" --models short:1b --preload '*' --quiet \
  --reply-tokens 12 --ttft-ms 0 --token-ms 0 --parallel 10000 --max-queue 20000 > "$work/sim.log" 2>&1 &
pids+=($!)
wait_port "$sim_port"

# A profile that names Redis (keys-redis) gets one redis-server of its own, on core 0 with the simulator.
redis_port=""
if grep -qs '{{REDIS_ENDPOINT}}' "bench/profiles/${a_profile:-none}.json" "bench/profiles/${b_profile:-none}.json"; then
  command -v redis-server >/dev/null || { echo "bench/side-by-side.sh: the profile needs Redis, which is not installed: apt-get install -y redis-server" >&2; exit 3; }
  redis_port=$(free_port)
  taskset -c 0 redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
  pids+=($!)
  wait_port "$redis_port"
fi

# The benchmark's plain gateway configuration, with a profile from bench/profiles laid over it.
config() {
  python3 - "$sim_port" "$1" "$root/bench/profiles" "$redis_port" <<'PY'
import hashlib, json, sys
port, profile, profiles, redis_port = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
config = {
  "Logging": {"LogLevel": {"Default": "Information", "Microsoft.AspNetCore": "Warning", "Microsoft.AspNetCore.Hosting.Diagnostics": "None",
                           "Yarp": "Warning", "Yarp.ReverseProxy.Health": "Error", "Microsoft.AspNetCore.DataProtection": "Error"},
              "Console": {"FormatterName": "json"}},
  "ReverseProxy": {"Clusters": {"short": {"Destinations": {"w1": {"Address": f"http://127.0.0.1:{port}"}}}}},
  "Models": [{"Name": "short:1b", "Cluster": "short"}],
  "Authentication": {"Anonymous": {"Enabled": True}},
  "ResponseCache": {"Enabled": False},
}
def merge(into, over):
  for key, value in over.items():
    if isinstance(value, dict) and isinstance(into.get(key), dict): merge(into[key], value)
    else: into[key] = value
if profile:
  text = open(f"{profiles}/{profile}.json").read()
  text = text.replace("{{API_KEY_HASH}}", "sha256:" + hashlib.sha256(b"mgw-bench-0123456789abcdef").hexdigest())
  text = text.replace("{{REDIS_ENDPOINT}}", f"127.0.0.1:{redis_port}")
  merge(config, json.loads(text))
print(json.dumps(config, indent=1))
PY
}

start_gateway() { # dir profile name: sets port_<name> and pid_<name>
  local port; port=$(free_port)
  mkdir -p "$work/$3"
  config "$2" > "$work/$3/gateway.json"
  # Its own working directory: the content root it watches holds nothing that changes. exec: the PID is dotnet's.
  (cd "$work/$3" && exec env DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-10}" taskset -c 1 \
    dotnet "$(realpath "$1")/ModelGateway.dll" --config "$work/$3/gateway.json" --urls "http://127.0.0.1:$port" > "$work/$3.log" 2>&1) &
  pids+=($!)
  printf -v "pid_$3" '%s' "$!"
  printf -v "port_$3" '%s' "$port"
  wait_port "$port"
}
start_gateway "$a" "$a_profile" a
start_gateway "$b" "$b_profile" b

body="$work/body.json"
if [ "$path" = /v1/chat/completions ]; then
  echo '{"model":"short:1b","messages":[{"role":"user","content":"Tell me something short about harbors."}]}' > "$body"
else
  echo '{"model":"short:1b","messages":[{"role":"user","content":"Tell me something short about harbors."}],"stream":false}' > "$body"
fi
lua() { # profile -> wrk script (a keys profile sends the bench's key)
  local script="$work/wrk-$1.lua"
  { echo 'wrk.method = "POST"'; echo 'wrk.headers["Content-Type"] = "application/json"'
    case "$1" in keys-*) echo 'wrk.headers["Authorization"] = "Bearer mgw-bench-0123456789abcdef"' ;; esac
    echo "local f = io.open(\"$body\"); wrk.body = f:read(\"*a\"); f:close()"; } > "$script"
  echo "$script"
}
lua_a=$(lua "${a_profile:-plain}"); lua_b=$(lua "${b_profile:-plain}")
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
load() { taskset -c 0 wrk -t1 -c"$conc" -d"$1"s -s "$2" "http://127.0.0.1:$3$path"; }
count() { # wrk output -> successful requests, or fail on any error
  if grep -q "Non-2xx\|Socket errors" "$1"; then echo "bench/side-by-side.sh: errors in $1:" >&2; cat "$1" >&2; exit 1; fi
  grep "requests in" "$1" | awk '{print $1}'
}

echo "warming up: ${warmup}s alone each, then ${seconds}s together" >&2
load "$warmup" "$lua_a" "$port_a" > "$work/warm-a.out"; count "$work/warm-a.out" >/dev/null
load "$warmup" "$lua_b" "$port_b" > "$work/warm-b.out"; count "$work/warm-b.out" >/dev/null
load "$seconds" "$lua_a" "$port_a" > /dev/null & wa=$!
load "$seconds" "$lua_b" "$port_b" > /dev/null & wb=$!
wait "$wa" "$wb"

echo "A: $a ${a_profile:+(profile $a_profile)}"
echo "B: $b ${b_profile:+(profile $b_profile)}"
echo "$path, ${conc} callers each, ${rounds} rounds of ${seconds}s, both gateways on core 1, load generator and simulator on core 0"
results="$work/rounds.txt"; : > "$results"
for round in $(seq 1 "$rounds"); do
  a0=$(cpu "$pid_a"); b0=$(cpu "$pid_b")
  load "$seconds" "$lua_a" "$port_a" > "$work/round-a.out" &
  wa=$!
  load "$seconds" "$lua_b" "$port_b" > "$work/round-b.out" &
  wb=$!
  wait "$wa" "$wb"
  a1=$(cpu "$pid_a"); b1=$(cpu "$pid_b")
  echo "$((a1 - a0)) $(count "$work/round-a.out") $((b1 - b0)) $(count "$work/round-b.out")" >> "$results"
done
python3 - "$results" "$(getconf CLK_TCK)" <<'PY'
import statistics, sys
tick = 1e6 / int(sys.argv[2])
pairs = []
for line in open(sys.argv[1]):
    ca, na, cb, nb = map(float, line.split())
    a, b = ca * tick / na, cb * tick / nb
    pairs.append((a, b))
    print(f"round {len(pairs)}: A {a:6.1f} µs/req ({na:.0f} requests)   B {b:6.1f} µs/req ({nb:.0f})   B/A {b / a - 1:+.1%}")
ratios = [b / a - 1 for a, b in pairs]
print(f"B against A: median {statistics.median(ratios):+.1%}, mean {statistics.mean(ratios):+.1%}, "
      f"range {min(ratios):+.1%} to {max(ratios):+.1%} (A median {statistics.median(a for a, _ in pairs):.1f}, B {statistics.median(b for _, b in pairs):.1f} µs/req)")
PY
