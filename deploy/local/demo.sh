#!/usr/bin/env bash
# Local multi-tier demo: national 100000, provinces 440000 and 320000, cities 440100, 440300 and
# 320100, all on loopback, each with its own data dir and embedded PostgreSQL, onboarded with the CLI.
#
#   deploy/local/demo.sh up       build if needed, start and onboard all six nodes, write topology.json
#   deploy/local/demo.sh status   print every node's status
#   deploy/local/demo.sh exchange a department in Guangzhou (440100) takes data of Nanjing (320100):
#                                 register + upload at 320100, request at 440100, show states and rows
#   deploy/local/demo.sh call     a department in Guangzhou (440100) verifies an id number through a data service
#                                 (身份核验) of Nanjing (320100) under a standing grant; shows the masked answer
#   deploy/local/demo.sh audit    an auditor at 440100 exports its ledger and verifies it offline with
#                                 the node's certificate; shows the head anchored at 440000
#   deploy/local/demo.sh down     stop everything `up` started
#
# Run dir: $CASCADE_DEMO_DIR (default deploy/local/run). Ports: $CASCADE_DEMO_PORT_BASE (default 17400):
# node i listens on tier port BASE+i and HTTP port BASE+100+i.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
run="${CASCADE_DEMO_DIR:-$here/run}"
base="${CASCADE_DEMO_PORT_BASE:-17400}"
node_bin="$repo/deploy/bin/cascade-node"
source "$here/exchange-demo.sh"

# region parent (in start order)
TOPOLOGY=("100000 -" "440000 100000" "320000 100000" "440100 440000" "440300 440000" "320100 320000")

say() { printf '%s\n' "$*" >&2; }
die() { say "demo: $*"; exit 1; }
index_of() { local i=0; for e in "${TOPOLOGY[@]}"; do [[ "${e%% *}" == "$1" ]] && { echo "$i"; return; }; i=$((i+1)); done; die "unknown region $1"; }
tier_port() { echo $((base + $(index_of "$1"))); }
http_port() { echo $((base + 100 + $(index_of "$1"))); }
tier_of() { case "$1" in 100000) echo national;; ??0000) echo provincial;; *) echo municipal;; esac; }

wait_ready() {
  local region="$1" port; port="$(http_port "$1")"
  for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$(cat "$run/pids/$region.pid")" 2>/dev/null; then
      tail -n 30 "$run/logs/$region.log" >&2; die "node $region exited during start (log: $run/logs/$region.log)"
    fi
    sleep 0.5
  done
  die "node $region not ready after 120 s (log: $run/logs/$region.log)"
}

serve() {
  local region="$1"
  nohup "$node_bin" serve --data-dir "$run/nodes/$region" >>"$run/logs/$region.log" 2>&1 &
  echo $! >"$run/pids/$region.pid"
  wait_ready "$region"
  say "  $region ($(tier_of "$region")) serving: tier 127.0.0.1:$(tier_port "$region"), http 127.0.0.1:$(http_port "$region")"
}

links_up() {
  local region="$1" parent="$2" s
  s="$("$node_bin" status --json --data-dir "$run/nodes/$region")" || return 1
  if [[ "$parent" != "-" ]]; then
    grep -A3 '"parent"' <<<"$s" | grep -q '"state" : "up"' || return 1
  fi
  # the node enforces its policy packs (below national: its parent's lineage arrived)
  grep -q '"inForce" : true' <<<"$s" || return 1
  # every child listed must be up
  ! grep -A3 '"region" : "[0-9]*",' <<<"$(sed -n '/"children"/,$p' <<<"$s")" | grep '"state"' | grep -vq '"up"'
}

write_topology() {
  local out="$run/topology.json" first=1
  {
    echo '{'
    echo '  "nodes": ['
    for e in "${TOPOLOGY[@]}"; do
      local region="${e%% *}" parent="${e##* }" dir="$run/nodes/${e%% *}"
      [[ $first == 1 ]] || echo '    ,'
      first=0
      cat <<JSON
    {
      "region": "$region",
      "tier": "$(tier_of "$region")",
      "parent": $([[ "$parent" == "-" ]] && echo null || echo "\"$parent\""),
      "grpcPort": $(tier_port "$region"),
      "httpPort": $(http_port "$region"),
      "dataDir": "$dir",
      "caCertificate": "$dir/pki/ca-chain.pem",
      "tlsCertificateChain": "$dir/pki/tls-chain.pem",
      "tlsKey": "$dir/pki/tls.key",
      "rootCertificate": "$dir/pki/root.pem"
    }
JSON
    done
    echo '  ]'
    echo '}'
  } >"$out"
  say "topology: $out"
}

up() {
  [[ -d "$run/nodes" ]] && die "$run already holds a demo; run '$0 down' first (it keeps nothing)"
  if [[ ! -f "$repo/node-runtime/target/quarkus-app/quarkus-run.jar" ]]; then
    say "building cascade-node (first run only)..."
    (cd "$repo" && mvn -B -q package -DskipTests) || die "build failed"
  fi
  mkdir -p "$run/nodes" "$run/logs" "$run/pids"
  for e in "${TOPOLOGY[@]}"; do
    local region="${e%% *}" parent="${e##* }" dir="$run/nodes/${e%% *}"
    local listen=(--data-dir "$dir" --tier-port "$(tier_port "$region")" --http-port "$(http_port "$region")")
    if [[ "$parent" == "-" ]]; then
      "$node_bin" init --region "$region" "${listen[@]}" >>"$run/logs/cli.log"
    else
      local token
      token="$("$node_bin" token create --region "$region" --ttl 10m --data-dir "$run/nodes/$parent" 2>>"$run/logs/cli.log")"
      "$node_bin" join --parent "127.0.0.1:$(tier_port "$parent")" --token "$token" --region "$region" "${listen[@]}" >>"$run/logs/cli.log"
    fi
    serve "$region"
  done
  write_topology
  say "waiting for every link to come up and every node to hold its policy packs..."
  for _ in $(seq 1 60); do
    local all=1
    for e in "${TOPOLOGY[@]}"; do links_up "${e%% *}" "${e##* }" || { all=0; break; }; done
    if [[ $all == 1 ]]; then say "all links up"; status; console; return 0; fi
    sleep 1
  done
  status
  die "not every link came up within 60 s"
}

status() {
  for e in "${TOPOLOGY[@]}"; do
    local dir="$run/nodes/${e%% *}"
    [[ -d "$dir" ]] || continue
    echo "== ${e%% *}"
    "$node_bin" status --data-dir "$dir" || true
  done
}

down() {
  [[ -d "$run/pids" ]] || { say "nothing to stop in $run"; return 0; }
  local pids=()
  for ((i=${#TOPOLOGY[@]}-1; i>=0; i--)); do
    local region="${TOPOLOGY[$i]%% *}" f="$run/pids/${TOPOLOGY[$i]%% *}.pid"
    [[ -f "$f" ]] || continue
    local pid; pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; pids+=("$pid"); say "  stopping $region (pid $pid)"; fi
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { say "  pid $pid did not stop; killing"; kill -KILL "$pid" || true; }
  done
  # A node killed hard leaves its embedded PostgreSQL behind: stop any that still run.
  if [[ -f "$run/pids/endpoint.pid" ]]; then kill -TERM "$(cat "$run/pids/endpoint.pid")" 2>/dev/null || true; fi
  for pidfile in "$run"/nodes/*/postgres/cluster/postmaster.pid; do
    [[ -f "$pidfile" ]] || continue
    local pg; pg="$(head -n1 "$pidfile")"
    kill -0 "$pg" 2>/dev/null && { say "  stopping leftover PostgreSQL $pg"; kill -INT "$pg" || true; }
  done
  rm -rf "$run"
  say "demo stopped; $run removed"
}

# The main job end to end, with curl as the two department systems would use the REST API.
exchange() {
  [[ -d "$run/nodes/320100" ]] || die "no demo running; run '$0 up' first"
  local provider consumer nj gz
  nj="http://127.0.0.1:$(http_port 320100)"; gz="http://127.0.0.1:$(http_port 440100)"
  "$node_bin" dept add --id nj-market --name "南京市市场监管局" --data-dir "$run/nodes/320100" >/dev/null 2>&1 || true
  "$node_bin" dept add --id gz-health --name "广州市卫生健康委" --data-dir "$run/nodes/440100" >/dev/null 2>&1 || true
  provider="$("$node_bin" dept token --dept nj-market --roles provider --data-dir "$run/nodes/320100" 2>/dev/null)"
  consumer="$("$node_bin" dept token --dept gz-health --roles consumer --data-dir "$run/nodes/440100" 2>/dev/null)"
  demo_exchange "$nj" "$provider" "$gz" "$consumer" 320100 national 南京市企业登记信息 32010219800101 \
    "440100 → 440000 → 100000 → 320000 → 320100"
}

# A data service (接口) across provinces: Nanjing's identity check, behind its node, called by a Guangzhou
# department system through its own node under a standing grant.
call() {
  [[ -d "$run/nodes/320100" ]] || die "no demo running; run '$0 up' first"
  local provider consumer nj gz ep=$((base + 300)) id grant state answer
  nj="http://127.0.0.1:$(http_port 320100)"; gz="http://127.0.0.1:$(http_port 440100)"
  "$node_bin" dept add --id nj-police --name "南京市公安局" --data-dir "$run/nodes/320100" >/dev/null 2>&1 || true
  "$node_bin" dept add --id gz-social --name "广州市人力资源和社会保障局" --data-dir "$run/nodes/440100" >/dev/null 2>&1 || true
  provider="$("$node_bin" dept token --dept nj-police --roles provider --data-dir "$run/nodes/320100" 2>/dev/null)"
  consumer="$("$node_bin" dept token --dept gz-social --roles consumer --data-dir "$run/nodes/440100" 2>/dev/null)"
  if [[ ! -f "$run/pids/endpoint.pid" ]] || ! kill -0 "$(cat "$run/pids/endpoint.pid")" 2>/dev/null; then
    say "320100: nj-police's identity check endpoint (a stand-in department system) on 127.0.0.1:$ep"
    java "$here/tools/CallLoad.java" endpoint "$ep" >>"$run/logs/endpoint.log" 2>&1 &
    echo $! >"$run/pids/endpoint.pid"
    for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$ep/verify?id_no=1&name=x" && break; sleep 0.5; done
  fi
  id="3.01.001.002-$(printf '%06d' $((RANDOM % 900000 + 1)))"
  say "320100: nj-police registers data service $id (身份核验: id_no + name → verified) and its endpoint"
  curl -fsS -o /dev/null -X POST "$nj/api/v1/resources" -H "Authorization: Bearer $provider" -H 'Content-Type: application/json' -d '{
    "id":"'"$id"'","title":"居民身份核验接口","abstract":"核验身份证号与姓名是否一致（演示）","category":"identity","format":"api",
    "dataItems":[{"name":"id_no","type":"string","description":"身份证号","sensitiveType":"citizen-id","level":"L3"},
                 {"name":"name","type":"string","description":"姓名","level":"L2"},
                 {"name":"verified","type":"boolean","description":"是否一致","level":"L1"},
                 {"name":"address","type":"string","description":"住址","level":"L3"}],
    "level":"L3","sharingType":"unconditional","openType":"conditional","updateCycle":"realtime",
    "publishDate":"2026-11-01","scope":"national","source":"service",
    "service":{"parameters":[{"name":"id_no","title":"身份证号","required":true,"pattern":"^[0-9]{17}[0-9X]$"},
                             {"name":"name","title":"姓名","required":true}]}}' || die "registration refused"
  curl -fsS -o /dev/null -X PUT "$nj/api/v1/resources/$id/source" -H "Authorization: Bearer $provider" -H 'Content-Type: application/json' \
       -d '{"kind":"service","url":"http://127.0.0.1:'"$ep"'/verify","timeoutMillis":2000}' || die "endpoint refused"
  say "440100: gz-social asks for a standing service grant (fields id_no, name, verified; 1000 calls a day)"
  grant="$(curl -fsS -X POST "$gz/api/v1/exchanges" -H "Authorization: Bearer $consumer" -H 'Content-Type: application/json' \
       -d '{"origin":"320100","resource":"'"$id"'","fields":["id_no","name","verified"],"purpose":"社保待遇资格核验",
            "legalBasis":"《政务数据共享条例》第十条","standing":{"mode":"service","quotaPerDay":1000,"ratePerSecond":20}}' \
       | sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/')" || die "request refused"
  for _ in $(seq 1 60); do
    state="$(curl -fsS "$gz/api/v1/exchanges/$grant" -H "Authorization: Bearer $consumer" | sed -E 's/.*"state":"([A-Z_]+)".*/\1/')"
    [[ "$state" != REQUESTED && "$state" != PENDING_APPROVAL ]] && break
    sleep 0.5
  done
  [[ "$state" == GRANTED ]] || die "the grant ended $state"
  say "grant $grant: GRANTED. 440100 calls it for id 320102198001010011 / 张三 (sealed end to end; 4 hops):"
  answer="$(curl -fsS -X POST "$gz/api/v1/calls/$grant" -H "Authorization: Bearer $consumer" -H 'Content-Type: application/json' \
       -d '{"params":{"id_no":"320102198001010011","name":"张三"}}')" || die "the call failed"
  printf '%s\n' "$answer"
  say "(the id number comes back pseudonymised; the endpoint's address field was never granted and never left 320100)"
}

# One-time console login links (usable once, within 2 minutes) for a consumer at Guangzhou and an approver
# at Nanjing; run again for fresh ones.
console() {
  [[ -d "$run/nodes/440100" ]] || die "no demo running; run '$0 up' first"
  "$node_bin" dept add --id gz-health --name "广州市卫生健康委" --data-dir "$run/nodes/440100" >/dev/null 2>&1 || true
  "$node_bin" dept add --id nj-market --name "南京市市场监管局" --data-dir "$run/nodes/320100" >/dev/null 2>&1 || true
  say "web console logins (each link works once, within 2 minutes; '$0 console' prints fresh ones):"
  say "  consumer gz-health at 440100:  $("$node_bin" console-login --dept gz-health --roles consumer,auditor --data-dir "$run/nodes/440100" 2>/dev/null)"
  say "  approver nj-market at 320100:  $("$node_bin" console-login --dept nj-market --roles provider,approver --data-dir "$run/nodes/320100" 2>/dev/null)"
}

audit() {
  [[ -d "$run/nodes/440100" ]] || die "no demo running; run '$0 up' first"
  local gz auditor head
  gz="http://127.0.0.1:$(http_port 440100)"
  "$node_bin" dept add --id gz-audit --name "广州市审计局" --data-dir "$run/nodes/440100" >/dev/null 2>&1 || true
  auditor="$("$node_bin" dept token --dept gz-audit --roles auditor --data-dir "$run/nodes/440100" 2>/dev/null)"
  head="$(curl -fsS "$gz/api/v1/audit/head" -H "Authorization: Bearer $auditor")" || die "no signed head yet"
  say "440100's newest signed head: $(sed -E 's/.*"treeSize":([0-9]+),"rootHash":"([0-9a-f]{16}).*/\1 entries, root \2…/' <<<"$head")"
  say "  $("$node_bin" status --data-dir "$run/nodes/440100" | grep '^ledger')"
  say "exporting it and verifying offline with 440100's application certificate (pki/app.pem):"
  curl -fsS "$gz/api/v1/audit/export" -H "Authorization: Bearer $auditor" > "$run/ledger-440100.jsonl" || die "export refused"
  "$node_bin" audit verify --export "$run/ledger-440100.jsonl" --cert "$run/nodes/440100/pki/app.pem"
}

case "${1:-}" in
  up) up ;;
  exchange) exchange ;;
  audit) audit ;;
  call) call ;;
  console) console ;;
  down) down ;;
  status) status ;;
  *) say "usage: $0 up|status|exchange|call|audit|console|down"; exit 2 ;;
esac
