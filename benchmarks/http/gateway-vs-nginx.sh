#!/usr/bin/env bash
# PERF-3 load driver: one backend, measured in the same run
#   1. directly, 2. through nginx as a reverse proxy with an upstream keep-alive pool,
#   3. through the ACF gateway (plaintext listener, default pipeline: validation, tracing,
#      metrics, audit), the agent resolved by ANS name.
# Needs wrk, nginx, openssl, curl, jq (Debian: apt-get install wrk nginx-light openssl curl jq)
# and a built launcher: ./mvnw -B -ntp package -DskipTests
# Usage: benchmarks/http/gateway-vs-nginx.sh [seconds per run, default 15] [connections, default 64]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-64}
JAR=examples/acf-cli/target/acf.jar
for tool in wrk nginx openssl curl jq java; do
    command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 1; }
done
[ -f "$JAR" ] || { echo "error: $JAR is missing; run ./mvnw -B -ntp package -DskipTests" >&2; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
BACKEND=$(free_port); PROXY=$(free_port); ANS=$(free_port); GATEWAY=$(free_port)
TOKEN=bench-bootstrap-token-0001

cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy; fastcgi_temp_path $WORK/fcgi;
    uwsgi_temp_path $WORK/uwsgi; scgi_temp_path $WORK/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$BACKEND;
        location /a2a { default_type application/json; return 200 '{"jsonrpc":"2.0","id":1,"result":{"message":{"role":"ROLE_AGENT","messageId":"r1","parts":[{"text":"ok"}]}}}'; }
    }
    upstream backend { server 127.0.0.1:$BACKEND; keepalive 64; }
    server {
        listen 127.0.0.1:$PROXY;
        location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
CONF
nginx -c "$WORK/nginx.conf" -g 'daemon off;' &
PIDS+=($!)

java -jar "$JAR" ans --domain ops.example.net --data "$WORK/ans" --port "$ANS" --bootstrap-token "$TOKEN" > "$WORK/ans.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$ANS/.well-known/ans" >/dev/null && break; sleep 0.2; done

NAME=ans://v1.0.0.bench.ops.example.net
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/key.pem"
openssl req -new -key "$WORK/key.pem" -subj "/CN=bench.ops.example.net" \
    -addext "subjectAltName=URI:$NAME,DNS:bench.ops.example.net" -out "$WORK/csr.pem" 2>/dev/null
jq -n --arg csr "$(cat "$WORK/csr.pem")" --arg url "http://127.0.0.1:$BACKEND/a2a" --arg name "$NAME" '{name: $name,
    agentCard: {name: "Bench", description: "Answers at once.", version: "1.0.0",
      supportedInterfaces: [{url: $url, protocolBinding: "JSONRPC", protocolVersion: "1.0"}], capabilities: {},
      defaultInputModes: ["text/plain"], defaultOutputModes: ["application/json"], skills: []},
    endpoints: [{url: $url, transport: "JSONRPC"}], csr: $csr}' > "$WORK/register.json"
curl -sf -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" --data @"$WORK/register.json" \
    "http://127.0.0.1:$ANS/v1/agents" >/dev/null

java -jar "$JAR" gateway --ans "http://127.0.0.1:$ANS" --plaintext-port "$GATEWAY" --audit-dir "$WORK/audit" \
    > "$WORK/gateway.log" 2>&1 &
PIDS+=($!)
ENCODED=$(jq -rn --arg n "$NAME" '$n|@uri')
for _ in $(seq 1 100); do curl -sf -o /dev/null -X POST -H "Content-Type: application/json" \
    -d '{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{}}' "http://127.0.0.1:$GATEWAY/agents/$ENCODED" && break; sleep 0.2; done

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"role":"ROLE_USER","messageId":"m1","parts":[{"text":"line test please"}]}}}'
LUA

run() {
    local label=$1 url=$2
    wrk -t2 -c8 -d3s -s "$WORK/post.lua" "$url" >/dev/null   # warm-up
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$WORK/post.lua" "$url")
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    printf '%-10s %12s req/s   p50 %8s   p99 %8s\n' "$label" "$rps" "$p50" "$p99" >&2
    echo "$rps"
}

echo "wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s, POST of a JSON-RPC SendMessage, on $(nproc) cores"
direct=$(run direct "http://127.0.0.1:$BACKEND/a2a")
nginx_rps=$(run nginx "http://127.0.0.1:$PROXY/a2a")
gateway_rps=$(run gateway "http://127.0.0.1:$GATEWAY/agents/$ENCODED")
awk -v g="$gateway_rps" -v n="$nginx_rps" -v d="$direct" 'BEGIN { printf "gateway/nginx %.2f   nginx/direct %.2f   (PERF-3 goal: gateway/nginx >= 0.80)\n", g/n, n/d }'
