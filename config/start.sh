#!/usr/bin/env bash
# Starts ModelGateway on http://127.0.0.1:8080 (no Redis needed: cache and limits live in memory).
# If an Ollama answers on 127.0.0.1:11434 the gateway fronts it (config/ollama-local.json); otherwise two simulated
# Ollama workers are started on :11435 and :11436 and the gateway uses its embedded default (appsettings.json),
# so you can see it work without Ollama. Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build -c Release ModelGateway.sln -nologo -clp:ErrorsOnly >/dev/null
# Optimise hot code sooner under load (docs/configuration.md, "Runtime settings").
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-10}"
gateway=gateway/bin/Release/net10.0/ModelGateway.dll
sim=tests/OllamaSim/bin/Release/net10.0/OllamaSim.dll

# A local single-user demo: no API keys needed (anonymous access is off in every shipped configuration).
demo=(--Authentication:Anonymous:Enabled=true)
echo "Anonymous access is enabled for this local demo; mint keys for real use: dotnet $gateway keys new --name <team>"

if (exec 3<>/dev/tcp/127.0.0.1/11434) 2>/dev/null; then
  echo "Ollama found on 127.0.0.1:11434: fronting it. Gateway on http://127.0.0.1:8080"
  exec dotnet "$gateway" --config config/ollama-local.json "${demo[@]}" "$@"
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
for port in 11435 11436; do
  dotnet "$sim" --port "$port" --name "worker-$((port - 11434))" --token-ms 25 --ttft-ms 80 --load-ms 400 --quiet &
  pids+=($!)
done
cat <<TXT
No Ollama on 127.0.0.1:11434: started two simulated workers (127.0.0.1:11435, 127.0.0.1:11436).
Gateway on http://127.0.0.1:8080 — try:
  curl http://127.0.0.1:8080/api/tags
  curl http://127.0.0.1:8080/v1/chat/completions -H 'Content-Type: application/json' \\
       -d '{"model":"llama3.2","messages":[{"role":"user","content":"Hello"}],"stream":true}'
TXT
dotnet "$gateway" "${demo[@]}" "$@" &
pids+=($!)
wait "${pids[-1]}"
