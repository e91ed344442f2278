#!/usr/bin/env bash
# Reproducible benchmarks. Each subcommand prints ONE JSON object on stdout (progress on stderr);
# docs/benchmarks.md records the figures.
#
#   deploy/local/bench.sh startup   cold start of `serve` to ready (JVM), idle RSS, `join` of a new city
#   deploy/local/bench.sh catalog   catalog propagation city → national, catch-up after a restart and after a stall, search
#   deploy/local/bench.sh hierarchy [--per-city N]   21 nodes (1 + 4 + 16) on one PostgreSQL server: bring-up, memory,
#                                  N registrations at each city at once until every node has them all
#   deploy/local/bench.sh policies  detector precision/recall, decisions/s, masking values/s (JMH, one thread)
#   deploy/local/bench.sh exchange [--rows N] [--warmup K]   N rows (~200 B) city → city over 4 hops, vs raw SM4-GCM
#   deploy/local/bench.sh routing [--requests N] [--warmup W] [--rate R]   requests city → city over 4 hops, no data:
#                                  flat out (with CPU per request), then paced at R/s for latency
#   deploy/local/bench.sh calls [--calls N] [--warmup W] [--rate R]   data-service calls city → city over 4 hops under a
#                                  standing grant, to a local endpoint: flat out (CPU per call), then paced at R/s
#   deploy/local/bench.sh ledger [--entries N] [--producers P] [--rate R]   durable appends/s, append → signed head, proofs
#   deploy/local/bench.sh supervision [--alerts N] [--directives N]   alert city → national, directive at all 5 nodes,
#                                  and the trace figures below
#   deploy/local/bench.sh console [--reloads N]   the web console: initial bundle gzipped (what index.html loads),
#                                  time to the first page in headless chromium on loopback, cold and warm
#   deploy/local/bench.sh trace [--gamma G] [--trials T]   leak tracing (decision 0019): trace time over 1,000 deliveries
#                                  of 1,000 rows; rows needed to name one recipient among 1,000 at false accusation <= 1e-6
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
node_bin="$repo/deploy/bin/cascade-node"
base="${CASCADE_BENCH_PORT_BASE:-17600}"

say() { printf '%s\n' "$*" >&2; }
now_ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

ensure_built() {
  if [[ ! -f "$repo/node-runtime/target/quarkus-app/quarkus-run.jar" ]]; then
    say "building cascade-node..."; (cd "$repo" && mvn -B -q package -DskipTests)
  fi
}

# serve DIR HTTP_PORT LOG -> sets SERVE_PID and READY_MS (ms until /q/health/ready answers 200)
serve_until_ready() {
  local dir="$1" port="$2" log="$3" t0
  t0="$(now_ms)"
  "$node_bin" serve --data-dir "$dir" >>"$log" 2>&1 &
  SERVE_PID=$!
  STARTED="$SERVE_PID ${STARTED:-}"
  if curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then
    say "port $port already answers: another node is running there"; exit 1
  fi
  until curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$SERVE_PID" 2>/dev/null || { tail -n 20 "$log" >&2; say "node exited"; exit 1; }
    sleep 0.05
  done
  READY_MS=$(( $(now_ms) - t0 ))
}

stop_node() { kill -TERM "$1" 2>/dev/null || true; while kill -0 "$1" 2>/dev/null; do sleep 0.1; done; }

# The postmaster and its children of a node's embedded PostgreSQL: total RSS in kB.
pg_rss_kb() {
  local pidfile="$1/postgres/cluster/postmaster.pid" pm total=0
  [[ -f "$pidfile" ]] || { echo 0; return; }
  pm="$(head -n1 "$pidfile")"
  for p in "$pm" $(pgrep -P "$pm" || true); do total=$(( total + $(rss_kb "$p" || echo 0) )); done
  echo "$total"
}

# CPU ticks (utime + stime) a process has spent; with "reaped", also those of the children it has
# waited for (a PostgreSQL postmaster's ended backends). 0 for a process that is gone.
proc_ticks() {
  local f
  [[ -r "/proc/$1/stat" ]] || { echo 0; return; }
  f=($(sed 's/.*) //' "/proc/$1/stat")) # fields from the 3rd on: utime is f[11], stime f[12], cutime, cstime
  if [[ "${2:-}" == reaped ]]; then echo $(( f[11] + f[12] + f[13] + f[14] )); else echo $(( f[11] + f[12] )); fi
}

# CPU ticks spent so far by the node JVMs this script started and by the embedded PostgreSQL servers
# of the node directories in CPU_DIRS (postmaster, its live children, its reaped children). The load
# generator is not counted.
# CPU ticks of a PostgreSQL server: the postmaster, its ended backends and its live ones.
server_ticks() {
  local total p; total="$(proc_ticks "$1" reaped)"
  for p in $(pgrep -P "$1" || true); do total=$(( total + $(proc_ticks "$p") )); done
  echo "$total"
}

nodes_cpu_ticks() {
  local total=0 p dir
  for p in ${STARTED:-}; do total=$(( total + $(proc_ticks "$p") )); done
  for dir in ${CPU_DIRS:-}; do
    [[ -f "$dir/postgres/cluster/postmaster.pid" ]] || continue
    total=$(( total + $(server_ticks "$(head -n1 "$dir/postgres/cluster/postmaster.pid")") ))
  done
  echo "$total"
}

# CPU ticks the JIT compiler threads of the node JVMs this script started have spent: how much of a
# figure is still warm-up.
jit_ticks() {
  local total=0 p t
  for p in ${STARTED:-}; do
    for t in /proc/"$p"/task/*; do
      grep -q '^C[12] CompilerThre' "$t/comm" 2>/dev/null || continue
      total=$(( total + $(proc_ticks "$p/task/${t##*/}") ))
    done
  done
  echo "$total"
}

# "TID TICKS" for every thread of a process.
thread_ticks() {
  local t
  for t in /proc/"$1"/task/*; do echo "${t##*/} $(proc_ticks "$1/task/${t##*/}")"; done 2>/dev/null
}

# Per-node CPU over a span, for nodes started by five_nodes: snapshot_nodes FILE before, and again
# after; node_cpu_json BEFORE AFTER prints, per node, its CPU seconds (JVM and embedded PostgreSQL)
# and its busiest thread's seconds (a lower bound on its time however many cores it has).
snapshot_nodes() {
  local d
  for d in n p c j k; do
    echo "node $d $(STARTED="${NODE_PID[$d]}" CPU_DIRS="$RUN/$d" nodes_cpu_ticks)"
    thread_ticks "${NODE_PID[$d]}" | sed "s/^/thread $d /"
  done
}
node_cpu_json() {
  awk -v hz="$(getconf CLK_TCK)" '
    FNR == 1 { file++ }
    file == 1 && $1 == "node" { n0[$2] = $3 } file == 1 && $1 == "thread" { t0[$2 " " $3] = $4 }
    file == 2 && $1 == "node" { n1[$2] = $3 } file == 2 && $1 == "thread" { d = $4 - t0[$2 " " $3]; if (d > top[$2]) top[$2] = d }
    END {
      split("n p c j k", order, " "); split("100000 440000 440100 320000 320100", name, " ")
      for (i = 1; i <= 5; i++) {
        k = order[i]; printf "%s\"%s\":{\"cpu_s\":%.1f,\"busiest_thread_s\":%.1f}", (i > 1 ? "," : ""), name[i], (n1[k] - n0[k]) / hz, top[k] / hz
      }
    }' "$1" "$2"
}

link_up() { # DIR: the node's parent link reports up
  "$node_bin" status --json --data-dir "$1" 2>/dev/null | grep -A3 '"parent"' | grep -q '"state" : "up"'
}

startup() {
  ensure_built
  run="$(mktemp -d "${TMPDIR:-/tmp}/cascade-bench.XXXXXX")"; chmod 711 "$run"
  # Whatever happens, every node this run started is stopped (newest first) and its files removed.
  trap 'for p in ${STARTED:-}; do stop_node "$p"; done; rm -rf "$run"' EXIT
  say "national: init + first start (unpacks and initialises its PostgreSQL)"
  "$node_bin" init --region 100000 --data-dir "$run/n" --tier-port $((base)) --http-port $((base+100)) >/dev/null
  serve_until_ready "$run/n" $((base+100)) "$run/n.log"; local first_ms=$READY_MS
  stop_node "$SERVE_PID"
  say "national: cold restart of serve on an existing data dir"
  local samples=() i
  for i in 1 2 3; do
    serve_until_ready "$run/n" $((base+100)) "$run/n.log"; samples+=("$READY_MS")
    if [[ $i -lt 3 ]]; then stop_node "$SERVE_PID"; fi
  done
  local nat_pid="$SERVE_PID"
  local sorted; sorted="$(printf '%s\n' "${samples[@]}" | sort -n | tr '\n' ' ')"
  local restart_median; restart_median="$(printf '%s\n' "${samples[@]}" | sort -n | sed -n 2p)"
  say "idle 10 s, then RSS"
  sleep 10
  local jvm_rss pg_rss; jvm_rss="$(rss_kb "$nat_pid")"; pg_rss="$(pg_rss_kb "$run/n")"

  say "province 440000 joins and serves"
  local tok; tok="$("$node_bin" token create --region 440000 --data-dir "$run/n")"
  "$node_bin" join --parent "127.0.0.1:$base" --token "$tok" --region 440000 --data-dir "$run/p" \
      --tier-port $((base+1)) --http-port $((base+101)) >/dev/null
  serve_until_ready "$run/p" $((base+101)) "$run/p.log"

  say "city 440100: token, join, serve, link up"
  local t0 t_join join_ms link_ms
  tok="$("$node_bin" token create --region 440100 --data-dir "$run/p" 2>/dev/null)"
  t0="$(now_ms)"
  "$node_bin" join --parent "127.0.0.1:$((base+1))" --token "$tok" --region 440100 --data-dir "$run/c" \
      --tier-port $((base+2)) --http-port $((base+102)) >/dev/null
  t_join="$(now_ms)"; join_ms=$(( t_join - t0 ))
  serve_until_ready "$run/c" $((base+102)) "$run/c.log"
  until link_up "$run/c"; do sleep 0.1; done
  link_ms=$(( $(now_ms) - t0 ))

  cat <<JSON
{"benchmark":"startup","machine":{"cores":$(nproc),"java":"$(java -version 2>&1 | head -n1 | sed 's/"/\\"/g')"},"serve_first_start_ms":$first_ms,"serve_cold_restart_ms":{"median":$restart_median,"samples":[$(echo ${sorted} | tr " " ",")]},"idle_rss_mb":{"node_jvm":$(( jvm_rss / 1024 )),"embedded_postgresql":$(( pg_rss / 1024 ))},"join_city_command_ms":$join_ms,"join_city_to_link_up_ms":$link_ms}
JSON
}

load() { # the single-file load tool, with the node's own PostgreSQL JDBC driver
  java --class-path "$(ls "$repo"/node-runtime/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar)" \
    "$here/tools/CatalogLoad.java" "$@"
}

json_field() { sed -E "s/.*\"$2\":([0-9.]+).*/\1/" <<<"$1"; }

# Per-node CPU ticks of a catch-up (province, national, city) as JSON members: each node's seconds,
# and the time the busiest node allows on one or two cores of its own (decision 0028).
cpu_json() {
  awk -v p="$1" -v n="$2" -v c="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {
      m = p; if (n > m) m = n; if (c > m) m = c
      printf "\"cpu_s\":{\"440000\":%.1f,\"100000\":%.1f,\"440100\":%.1f,\"all\":%.1f},\"projected_s_busiest_node\":{\"one_core\":%.1f,\"two_cores\":%.1f}",
        p / hz, n / hz, c / hz, (p + n + c) / hz, m / hz, m / hz / 2 }'
}

catalog() {
  ensure_built
  run="$(mktemp -d "${TMPDIR:-/tmp}/cascade-bench.XXXXXX")"; chmod 711 "$run"
  # A node left frozen (SIGSTOP) by the last phase is thawed first, or SIGTERM would wait for ever.
  trap 'for p in ${STARTED:-}; do kill -CONT "$p" 2>/dev/null || true; stop_node "$p"; done; rm -rf "$run"' EXIT
  local b=$((base + 10))
  say "national, province 440000, city 440100"
  "$node_bin" init --region 100000 --data-dir "$run/n" --tier-port $b --http-port $((b+100)) >/dev/null
  serve_until_ready "$run/n" $((b+100)) "$run/n.log"; local national_pid=$SERVE_PID
  local tok; tok="$("$node_bin" token create --region 440000 --data-dir "$run/n" 2>/dev/null)"
  "$node_bin" join --parent "127.0.0.1:$b" --token "$tok" --region 440000 --data-dir "$run/p" --tier-port $((b+1)) --http-port $((b+101)) >/dev/null
  # The province writes its class archive when it stops for the outage, so it restarts as any node
  # restarted before does (decision 0029); CASCADE_CDS=auto would write it one stop later.
  CASCADE_CDS=on serve_until_ready "$run/p" $((b+101)) "$run/p.log"; local province_pid=$SERVE_PID
  tok="$("$node_bin" token create --region 440100 --data-dir "$run/p" 2>/dev/null)"
  "$node_bin" join --parent "127.0.0.1:$((b+1))" --token "$tok" --region 440100 --data-dir "$run/c" --tier-port $((b+2)) --http-port $((b+102)) >/dev/null
  serve_until_ready "$run/c" $((b+102)) "$run/c.log"; local city_pid=$SERVE_PID
  "$node_bin" dept add --id bench-provider --name "Bench provider" --data-dir "$run/c" >/dev/null
  local provider; provider="$("$node_bin" dept token --dept bench-provider --roles provider --data-dir "$run/c" 2>/dev/null)"
  "$node_bin" dept add --id bench-reader --name "Bench reader" --data-dir "$run/n" >/dev/null
  local reader; reader="$("$node_bin" dept token --dept bench-reader --roles consumer --data-dir "$run/n" 2>/dev/null)"
  until link_up "$run/c" && link_up "$run/p"; do sleep 0.2; done

  say "warm-up: 200 registrations (JIT, connection pools), not measured"
  load register "http://127.0.0.1:$((b+102))" "$provider" 9 200 1 national >/dev/null
  local warm; warm="$(json_field "$(load head "$run/c" 440100)" lastSeq)"
  load await-head "$run/n" 440100 "$warm"
  say "propagation: 1,000 registrations at 440100, one at a time"
  local reg1; reg1="$(load register "http://127.0.0.1:$((b+102))" "$provider" 1 1000 1 national)"
  local head1; head1="$(json_field "$(load head "$run/c" 440100)" lastSeq)"
  load await-head "$run/n" 440100 "$head1"
  local propagation; propagation="$(load latency "$run/c" "$run/n" 440100 "$warm")"

  say "outage: 440000 down while 440100 queues 100,000 changes"
  stop_node "$province_pid"
  # CPU of the node JVMs and their PostgreSQL servers (the load tool excluded): registration is CPU-bound (decision 0015).
  CPU_DIRS="$run/n $run/c"
  local cpu0; cpu0="$(nodes_cpu_ticks)"
  local reg2; reg2="$(load register "http://127.0.0.1:$((b+102))" "$provider" 2 100000 8 national)"
  reg2="${reg2%\}},\"node_cpu_ms_per_registration\":$(awk -v t="$(( $(nodes_cpu_ticks) - cpu0 ))" \
      -v hz="$(getconf CLK_TCK)" -v n="$(json_field "$reg2" registered)" 'BEGIN { printf "%.2f", t * 1000 / hz / n }')}"
  local head2; head2="$(json_field "$(load head "$run/c" 440100)" lastSeq)"
  say "province back: catching up to change $head2"
  # CPU of each node over the catch-up (its JVM and its PostgreSQL): the restarted province's count
  # from zero. On a machine per tier the busiest node bounds the time (decision 0028).
  local n0 c0; n0="$(STARTED="$national_pid" CPU_DIRS="$run/n" nodes_cpu_ticks)"; c0="$(STARTED="$city_pid" CPU_DIRS="$run/c" nodes_cpu_ticks)"
  local t0; t0="$(now_ms)"
  serve_until_ready "$run/p" $((b+101)) "$run/p.log"; province_pid=$SERVE_PID
  load await-head "$run/n" 440100 "$head2"
  local catchup_ms=$(( $(now_ms) - t0 ))
  local pt nt ct; pt="$(STARTED="$province_pid" CPU_DIRS="$run/p" nodes_cpu_ticks)"
  nt=$(( $(STARTED="$national_pid" CPU_DIRS="$run/n" nodes_cpu_ticks) - n0 )); ct=$(( $(STARTED="$city_pid" CPU_DIRS="$run/c" nodes_cpu_ticks) - c0 ))
  local catchup_cpu; catchup_cpu="$(cpu_json "$pt" "$nt" "$ct")"

  say "search at national over $(( head2 )) entries"
  local search; search="$(load search "http://127.0.0.1:$((b+100))" "$reader" 1000)"

  # This time the province stalls rather than stops (SIGSTOP, as a hung host or a cut network: its
  # links time out), so it catches up warm: the catch-up's own cost, without a JVM's restart.
  say "outage again, the province frozen: 8 clients register 100,000 more in batches of 100 (POST /api/v1/resources/batch)"
  kill -STOP "$province_pid"
  CPU_DIRS="$run/n $run/c"
  cpu0="$(STARTED="$national_pid $city_pid" nodes_cpu_ticks)"
  local reg3; reg3="$(load register "http://127.0.0.1:$((b+102))" "$provider" 3 100000 8 national 100)"
  reg3="${reg3%\}},\"node_cpu_ms_per_registration\":$(awk -v t="$(( $(STARTED="$national_pid $city_pid" nodes_cpu_ticks) - cpu0 ))" \
      -v hz="$(getconf CLK_TCK)" -v n="$(json_field "$reg3" registered)" 'BEGIN { printf "%.2f", t * 1000 / hz / n }')}"
  local head3; head3="$(json_field "$(load head "$run/c" 440100)" lastSeq)"
  say "province thawed: catching up warm to change $head3"
  local p0; p0="$(STARTED="$province_pid" CPU_DIRS="$run/p" nodes_cpu_ticks)"
  n0="$(STARTED="$national_pid" CPU_DIRS="$run/n" nodes_cpu_ticks)"; c0="$(STARTED="$city_pid" CPU_DIRS="$run/c" nodes_cpu_ticks)"
  t0="$(now_ms)"
  kill -CONT "$province_pid"
  load await-head "$run/n" 440100 "$head3"
  local warm_ms=$(( $(now_ms) - t0 ))
  pt=$(( $(STARTED="$province_pid" CPU_DIRS="$run/p" nodes_cpu_ticks) - p0 ))
  nt=$(( $(STARTED="$national_pid" CPU_DIRS="$run/n" nodes_cpu_ticks) - n0 )); ct=$(( $(STARTED="$city_pid" CPU_DIRS="$run/c" nodes_cpu_ticks) - c0 ))
  local warm_cpu; warm_cpu="$(cpu_json "$pt" "$nt" "$ct")"
  cat <<JSON
{"benchmark":"catalog","machine":{"cores":$(nproc)},"propagation_city_to_national":$propagation,"registration_sequential":$reg1,"registration_8_clients":$reg2,"registration_8_clients_batches_of_100":$reg3,"catch_up":{"queued_changes":$(( head2 - head1 )),"ms_from_province_start":$catchup_ms,$catchup_cpu},"catch_up_warm":{"queued_changes":$(( head3 - head2 )),"ms_from_thaw":$warm_ms,$warm_cpu},"search_at_national":$search}
JSON
}

# JMH over one policies module's test classpath; prints "name score" lines (ops/s, one thread).
jmh_scores() {
  local module="$1" pattern="$2" cp csv
  cp="$(mktemp)"; csv="$(mktemp)"
  (cd "$repo" && mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=test -pl "$module" >&2)
  java -cp "$(cat "$cp"):$repo/$module/target/test-classes:$repo/$module/target/classes" org.openjdk.jmh.Main "$pattern" \
      -f 1 -wi 2 -w 2s -i 3 -r 3s -t 1 -rf csv -rff "$csv" >&2
  # "Benchmark","Mode","Threads","Samples","Score",...: keep the method name and the score.
  awk -F, 'NR > 1 { gsub(/"/, "", $1); n = split($1, parts, "."); printf "%s %d\n", parts[n], $5 }' "$csv"
  rm -f "$cp" "$csv"
}

as_json_object() { awk 'BEGIN { printf "{" } { printf "%s\"%s\":%s", (NR > 1 ? "," : ""), $1, $2 } END { printf "}" }'; }

policies() {
  say "building the policies modules and their tests..."
  (cd "$repo" && mvn -B -o -q install -DskipTests -pl cascade-protocol,policies/sensitive-data,policies/masking,policies/policy-engine >&2 \
      && mvn -B -o -q test-compile -pl policies/sensitive-data,policies/masking,policies/policy-engine >&2)
  say "detector precision/recall on the generated labelled corpus"
  # The corpus and MeasureDetection are test sources (kept out of the main jar): run from test-classes.
  local cp sd="$repo/policies/sensitive-data/target"; cp="$(mktemp)"
  (cd "$repo" && mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$cp" -pl policies/sensitive-data >&2)
  local detection; detection="$(java -cp "$(cat "$cp"):$sd/test-classes:$sd/classes" dev.cascade.policy.detect.MeasureDetection | tr -d "\n")"
  rm -f "$cp"
  say "decisions/s (JMH)"
  local decisions; decisions="$(jmh_scores policies/policy-engine PolicyEngineBenchmark | as_json_object)"
  say "masking values/s (JMH)"
  local masking; masking="$(jmh_scores policies/masking MaskingBenchmark | as_json_object)"
  cat <<JSON
{"benchmark":"policies","machine":{"cores":$(nproc)},"detection":$detection,"decisions_per_second":$decisions,"masking_values_per_second":$masking}
JSON
}

xload() { # the exchange load tool
  java --class-path "$(ls "$repo"/node-runtime/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar)" \
    "$here/tools/ExchangeLoad.java" "$@"
}

# Five nodes, 440100 → 440000 → 100000 → 320000 → 320100, a provider department at 320100 and a
# consumer department at 440100; sets RUN, B, PROVIDER, CONSUMER, and NODE_PID by data directory
# (n national, p 440000, c 440100, j 320000, k 320100).
declare -A NODE_PID
five_nodes() {
  ensure_built
  RUN="$(mktemp -d "${TMPDIR:-/tmp}/cascade-bench.XXXXXX")"; chmod 711 "$RUN"
  trap 'for p in ${STARTED:-}; do stop_node "$p"; done; rm -rf "$RUN"' EXIT
  B=$((base + 20))
  say "five nodes: 100000, 440000, 440100, 320000, 320100"
  "$node_bin" init --region 100000 --data-dir "$RUN/n" --tier-port $B --http-port $((B+100)) >/dev/null
  serve_until_ready "$RUN/n" $((B+100)) "$RUN/n.log"; NODE_PID[n]=$SERVE_PID
  local i=1 parent_dir parent_port region dir tok
  for spec in "440000 n $B p" "440100 p $((B+1)) c" "320000 n $B j" "320100 j $((B+3)) k"; do
    read -r region parent_dir parent_port dir <<<"$spec"
    tok="$("$node_bin" token create --region "$region" --data-dir "$RUN/$parent_dir" 2>/dev/null)"
    "$node_bin" join --parent "127.0.0.1:$parent_port" --token "$tok" --region "$region" --data-dir "$RUN/$dir" \
        --tier-port $((B+i)) --http-port $((B+100+i)) >/dev/null
    serve_until_ready "$RUN/$dir" $((B+100+i)) "$RUN/$dir.log"; NODE_PID[$dir]=$SERVE_PID
    i=$((i+1))
  done
  until link_up "$RUN/c" && link_up "$RUN/k" && link_up "$RUN/p" && link_up "$RUN/j"; do sleep 0.2; done
  "$node_bin" dept add --id bench-provider --name "Bench provider" --data-dir "$RUN/k" >/dev/null
  PROVIDER="$("$node_bin" dept token --dept bench-provider --roles provider --data-dir "$RUN/k" 2>/dev/null)"
  "$node_bin" dept add --id bench-consumer --name "Bench consumer" --data-dir "$RUN/c" >/dev/null
  CONSUMER="$("$node_bin" dept token --dept bench-consumer --roles consumer --data-dir "$RUN/c" 2>/dev/null)"
  # Policies reach the cities over the tier links before registrations are accepted.
  until curl -sS -o /dev/null -X POST "http://127.0.0.1:$((B+104))/api/v1/resources" -H "Authorization: Bearer $PROVIDER" \
      -H 'Content-Type: application/json' -d '{}' -w '%{http_code}' 2>/dev/null | grep -q 400; do sleep 0.3; done
}

exchange() {
  local rows=1000000 warmups=8
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --rows) rows="$2"; shift 2 ;;
      --warmup) warmups="$2"; shift 2 ;;
      *) say "unknown option $1"; exit 2 ;;
    esac
  done
  five_nodes
  say "provider data: $rows rows"
  local csv="$RUN/data.csv" made bytes
  made="$(xload csv "$csv" "$rows")"; bytes="$(json_field "$made" bytes)"
  xload resource "http://127.0.0.1:$((B+104))" "$PROVIDER" 3.01.001.002-000001 unconditional "$csv" >/dev/null
  # The shipped baseline caps a grant at 100,000 rows: the national operator publishes a version
  # allowing more, as an operator would for a bulk exchange, and waits until the owner enforces it.
  sed -e 's/^version: 1$/version: 2/' -e 's/^  row-limit: 100000$/  row-limit: 5000000/' \
      "$repo/policies/packs/national-baseline/pack.yaml" > "$RUN/baseline-v2.yaml"
  "$node_bin" policy publish "$RUN/baseline-v2.yaml" --data-dir "$RUN/n" >/dev/null
  until "$node_bin" policy show --json --data-dir "$RUN/k" 2>/dev/null | grep -q '"version" : 2'; do sleep 0.3; done
  # Five JVMs share two cores: with two warm-up exchanges the relays' C2 compiled the TLS record
  # decryption 6-10 s into the measured run, which ran its GHASH as plain Java until then.
  say "warm-up: $warmups exchanges of 100,000 rows (JIT of the TLS, crypto and relay paths), not measured"
  xload csv "$RUN/warm.csv" 100000 >/dev/null
  xload resource "http://127.0.0.1:$((B+104))" "$PROVIDER" 3.01.001.002-000003 unconditional "$RUN/warm.csv" >/dev/null
  local warm w
  for ((w = 0; w < warmups; w++)); do
    warm="$(xload request "http://127.0.0.1:$((B+102))" "$CONSUMER" 320100 3.01.001.002-000003 | sed -E 's/.*"id":"([^"]+)".*/\1/')"
    xload await "$RUN/c" "$warm" DELIVERED 300 >/dev/null
  done
  say "measured exchange: 440100 asks 320100 for $rows rows"
  snapshot_nodes > "$RUN/cpu.before"
  local id; id="$(xload request "http://127.0.0.1:$((B+102))" "$CONSUMER" 320100 3.01.001.002-000001 | sed -E 's/.*"id":"([^"]+)".*/\1/')"
  local delivered closed
  delivered="$(json_field "$(xload await "$RUN/c" "$id" DELIVERED 1800)" ms)"
  snapshot_nodes > "$RUN/cpu.after"
  local per_node; per_node="$(node_cpu_json "$RUN/cpu.before" "$RUN/cpu.after")"
  closed="$(json_field "$(xload await "$RUN/c" "$id" CLOSED 300)" ms)"
  # What was sealed: the consumer node keeps the sealed chunks as received (plaintext + 16-byte tag
  # + header and signature per 512 KiB chunk), so its spool size is the plaintext volume to within 0.1%.
  local sealed; sealed="$(stat -c %s "$RUN/c/exchange-spool/$id.chunks")"
  say "raw BouncyCastle SM4-GCM on the same byte count, one thread"
  local lib="$repo/node-runtime/target/quarkus-app/lib/main"
  local raw; raw="$(java -cp "$lib/dev.cascade.cascade-protocol-0.1.0-SNAPSHOT.jar:$lib/org.bouncycastle.bcprov-jdk18on-1.87.jar" \
      dev.cascade.protocol.envelope.MeasureSeal "$sealed" 524288 | tail -n 1)"
  local sm4; sm4="$(json_field "$raw" sm4_gcm_raw_MBps)"
  # Every node on a machine of its own (issue 19): the busiest node's CPU bounds the throughput on one
  # core per node; on two, the larger of half its CPU and its busiest thread's (which cannot split).
  awk -v rows="$rows" -v bytes="$bytes" -v sealed="$sealed" -v ms="$delivered" -v closed="$closed" -v sm4="$sm4" -v raw="$raw" -v cores="$(nproc)" -v per_node="$per_node" 'BEGIN {
    mbps = sealed / 1e6 / (ms / 1000); src = bytes / 1e6 / (ms / 1000);
    rest = per_node; one = 0; two = 0; relay = 0
    while (match(rest, /"[0-9]+":\{"cpu_s":[0-9.]+,"busiest_thread_s":[0-9.]+\}/)) {
      item = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
      region = substr(item, 2, 6); split(item, f, /[:,}]/); cpu = f[3] + 0; thread = f[5] + 0
      if (cpu > one) { one = cpu; one_node = region }
      t2 = (cpu / 2 > thread ? cpu / 2 : thread); if (t2 > two) { two = t2; two_node = region }
      if (region != "440100" && region != "320100" && cpu > relay) relay = cpu
    }
    printf "{\"benchmark\":\"exchange\",\"machine\":{\"cores\":%d},\"rows\":%d,\"source_csv_bytes\":%d,\"sealed_bytes\":%d,\"hops\":4,", cores, rows, bytes, sealed;
    printf "\"request_to_delivered_ms\":%d,\"request_to_closed_ms\":%d,\"rows_per_s\":%.0f,\"end_to_end_MBps\":%.1f,\"source_csv_MBps\":%.1f,", ms, closed, rows / (ms / 1000), mbps, src;
    printf "\"raw\":%s,\"ratio_to_raw_sm4_gcm\":%.2f,\"ratio_source_csv_to_raw\":%.2f,", raw, mbps / sm4, src / sm4;
    printf "\"per_node\":{%s},\"busiest_node\":{\"one_core\":\"%s\",\"two_cores\":\"%s\"},", per_node, one_node, two_node;
    printf "\"projected_ratio_to_raw_sm4_gcm\":{\"one_core\":%.2f,\"two_cores\":%.2f},", sealed / 1e6 / one / sm4, sealed / 1e6 / two / sm4;
    printf "\"relay_cpu_s_per_million_rows\":%.2f}\n", relay / (rows / 1e6) }'
}

routing() {
  local n=5000 warm=12000 rate=50
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --requests) n="$2"; shift 2 ;;
      --warmup) warm="$2"; shift 2 ;;
      --rate) rate="$2"; shift 2 ;;
      *) say "unknown option $1"; exit 2 ;;
    esac
  done
  five_nodes
  # A conditional resource: the owner answers every request at once (awaiting approval), no data moves.
  xload resource "http://127.0.0.1:$((B+104))" "$PROVIDER" 3.01.001.002-000009 conditional >/dev/null
  # Five JVMs share two cores: their JIT compilers need about this many requests before the
  # figures stop rising (3,000 left C2 busy with a third of each node's CPU).
  say "warm-up: $warm requests (JIT), not measured"
  xload routing "http://127.0.0.1:$((B+102))" "$CONSUMER" 320100 3.01.001.002-000009 "$warm" 16 "$RUN/c" >/dev/null
  xload resource "http://127.0.0.1:$((B+104))" "$PROVIDER" 3.01.001.002-000010 conditional >/dev/null
  say "1) as fast as they can: $n requests from 16 clients at 440100"
  # CPU per routed request over this fixed amount of work: steadier on a shared machine than requests/s.
  CPU_DIRS="$RUN/n $RUN/p $RUN/c $RUN/j $RUN/k"
  local cpu0; cpu0="$(nodes_cpu_ticks)"
  local fast; fast="$(xload routing "http://127.0.0.1:$((B+102))" "$CONSUMER" 320100 3.01.001.002-000010 "$n" 16 "$RUN/c")"
  local cpu_ms; cpu_ms="$(awk -v t="$(( $(nodes_cpu_ticks) - cpu0 ))" -v hz="$(getconf CLK_TCK)" -v n="$n" \
      'BEGIN { printf "%.1f", t * 1000 / hz / n }')"
  xload resource "http://127.0.0.1:$((B+104))" "$PROVIDER" 3.01.001.002-000011 conditional >/dev/null
  say "2) paced at $rate requests/s for 20 s: latency at a load the route sustains"
  local paced; paced="$(xload routing "http://127.0.0.1:$((B+102))" "$CONSUMER" 320100 3.01.001.002-000011 \
      "$(awk -v r="$rate" 'BEGIN { printf "%d", r * 20 }')" 16 "$RUN/c" "$rate")"
  printf '{"benchmark":"routing","machine":{"cores":%d},"hops":4,"warmup_requests":%d,"max_throughput":%s,"cpu_ms_per_request":%s,"paced":%s}\n' \
      "$(nproc)" "$warm" "$fast" "$cpu_ms" "$paced"
}

cload() { # the service-call load tool
  java "$here/tools/CallLoad.java" "$@"
}

calls() {
  local n=20000 warm=20000 rate=100 secs=20
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --calls) n="$2"; shift 2 ;;
      --warmup) warm="$2"; shift 2 ;;
      --rate) rate="$2"; shift 2 ;;
      *) say "unknown option $1"; exit 2 ;;
    esac
  done
  five_nodes
  local ep=$((B+200))
  # Started directly (not through cload) so that $! is the endpoint's JVM and the trap stops it.
  java "$here/tools/CallLoad.java" endpoint "$ep" & local ep_pid=$!
  trap 'kill '"$ep_pid"' 2>/dev/null; for p in ${STARTED:-}; do stop_node "$p"; done; rm -rf "$RUN"' EXIT
  until curl -s -o /dev/null "http://127.0.0.1:$ep/verify?id_no=1&name=x"; do sleep 0.2; done
  cload service "http://127.0.0.1:$((B+104))" "$PROVIDER" 3.01.001.002-000201 "http://127.0.0.1:$ep/verify"
  local grant; grant="$(cload grant "http://127.0.0.1:$((B+102))" "$CONSUMER" 320100 3.01.001.002-000201)"
  say "warm-up: $warm calls (JIT), not measured"
  cload calls "http://127.0.0.1:$((B+102))" "$CONSUMER" "$grant" "$warm" 16 >/dev/null
  CPU_DIRS="$RUN/n $RUN/p $RUN/c $RUN/j $RUN/k"
  say "0) idle for 10 s: what five nodes and their databases spend with no call (heartbeats, reports, anchoring)"
  local idle0 t0 t1; idle0="$(nodes_cpu_ticks)"; t0="$(date +%s%N)"; sleep 10; t1="$(date +%s%N)"
  local idle_ms_per_s; idle_ms_per_s="$(awk -v t="$(( $(nodes_cpu_ticks) - idle0 ))" -v hz="$(getconf CLK_TCK)" \
      -v ns="$(( t1 - t0 ))" 'BEGIN { printf "%.1f", t * 1000 / hz / (ns / 1e9) }')"
  say "1) as fast as they can: $n calls from 16 clients at 440100"
  local cpu0 jit0; cpu0="$(nodes_cpu_ticks)"; jit0="$(jit_ticks)"; t0="$(date +%s%N)"
  local fast; fast="$(cload calls "http://127.0.0.1:$((B+102))" "$CONSUMER" "$grant" "$n" 16)"
  sleep 1 # the usage writers commit what queued during the run; their CPU belongs to the calls
  t1="$(date +%s%N)"
  local ticks=$(( $(nodes_cpu_ticks) - cpu0 ))
  local cpu_ms; cpu_ms="$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$n" 'BEGIN { printf "%.2f", t * 1000 / hz / n }')"
  local jit_ms; jit_ms="$(awk -v t="$(( $(jit_ticks) - jit0 ))" -v hz="$(getconf CLK_TCK)" -v n="$n" 'BEGIN { printf "%.2f", t * 1000 / hz / n }')"
  # The same, less what the nodes spend idle over the run's wall time: the calls' own cost.
  local above_idle; above_idle="$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$n" -v idle="$idle_ms_per_s" \
      -v ns="$(( t1 - t0 ))" 'BEGIN { printf "%.2f", (t * 1000 / hz - idle * ns / 1e9) / n }')"
  say "2) paced at $rate calls/s for $secs s: latency at a load the route sustains"
  local paced; paced="$(cload calls "http://127.0.0.1:$((B+102))" "$CONSUMER" "$grant" "$(( rate * secs ))" 16 "$rate")"
  printf '{"benchmark":"calls","machine":{"cores":%d},"hops":4,"warmup_calls":%d,"max_throughput":%s,"cpu_ms_per_call":%s,"cpu_ms_per_call_above_idle":%s,"of_which_jit_ms_per_call":%s,"idle_cpu_ms_per_s":%s,"paced":%s}\n' \
      "$(nproc)" "$warm" "$fast" "$cpu_ms" "$above_idle" "$jit_ms" "$idle_ms_per_s" "$paced"
}

ledger() {
  local entries=1000000 producers=256 rate=10000
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --entries) entries="$2"; shift 2 ;;
      --producers) producers="$2"; shift 2 ;;
      --rate) rate="$2"; shift 2 ;;
      *) say "unknown option $1"; exit 2 ;;
    esac
  done
  ensure_built
  LRUN="$(mktemp -d "${TMPDIR:-/tmp}/cascade-bench.XXXXXX")"; chmod 711 "$LRUN"
  trap 'for p in ${STARTED:-}; do stop_node "$p"; done; rm -rf "$LRUN"' EXIT
  say "a national node: init, one serve (creates and migrates its PostgreSQL), stop"
  "$node_bin" init --region 100000 --data-dir "$LRUN/n" --tier-port $((base+40)) --http-port $((base+140)) >/dev/null
  serve_until_ready "$LRUN/n" $((base+140)) "$LRUN/n.log"
  stop_node "$SERVE_PID"
  local app="$repo/node-runtime/target/quarkus-app"
  lload() { java -Xmx1g --class-path "$app/app/*:$app/lib/main/*:$app/lib/boot/*" "$here/tools/LedgerLoad.java" "$@" \
      2>"$LRUN/load.err" || { cat "$LRUN/load.err" >&2; exit 1; }; }
  say "1) as fast as they can: $entries entries from $producers concurrent producers, sequencer every 200 ms"
  local fast; fast="$(lload "$LRUN/n" "$producers" "$entries")"
  say "2) paced at $rate appends/s for 20 s, on the ledger of step 1"
  local paced; paced="$(lload "$LRUN/n" "$producers" "$(( rate * 20 ))" "$rate")"
  printf '{"benchmark":"ledger","machine":{"cores":%d},"hash":"SM3","signature":"SM2","max_throughput":%s,"paced":%s}\n' \
      "$(nproc)" "$fast" "$paced"
}

sload() { # the supervision measurement tool
  java "$here/tools/SupervisionLoad.java" "$@"
}

supervision() {
  local alerts=50 rounds=20
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --alerts) alerts="$2"; shift 2 ;;
      --directives) rounds="$2"; shift 2 ;;
      *) say "unknown option $1"; exit 2 ;;
    esac
  done
  five_nodes
  local dir sup pairs="" tokens=()
  for dir in n p c j k; do
    "$node_bin" dept add --id "sup-$dir" --name "Bench supervisor" --data-dir "$RUN/$dir" >/dev/null
    tokens+=("$("$node_bin" dept token --dept "sup-$dir" --roles supervisor --data-dir "$RUN/$dir" 2>/dev/null)")
  done
  local i=0 port
  for dir in n p c j k; do
    port=$((B + 100 + i)); pairs="$pairs http://127.0.0.1:$port=${tokens[$i]}"; i=$((i + 1))
  done
  say "alert propagation: $alerts refused directives at 440100, each timed until national lists its alert"
  local a; a="$(sload alerts "$alerts" "http://127.0.0.1:$((B+102))" "${tokens[2]}" "http://127.0.0.1:$((B+100))" "${tokens[0]}")"
  say "directive spread: $rounds suspend-resource directives of 100000 for its subtree, each timed until all five nodes hold it"
  # shellcheck disable=SC2086
  local d; d="$(sload directives "$rounds" 3.01.001.002-009999 "http://127.0.0.1:$((B+100))" "${tokens[0]}" 100000 $pairs)"
  say "leak tracing (pure computation, no node)"
  local t; t="$(trace)"
  printf '{"benchmark":"supervision","machine":{"cores":%d},"alert_city_to_national":%s,"directive_effective_five_nodes":%s,"trace":%s}\n' \
      "$(nproc)" "$a" "$d" "$t"
}

trace() { # pure computation on the node's own classes: no node runs
  local gamma=3 trials=200
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --gamma) gamma="$2"; shift 2 ;;
      --trials) trials="$2"; shift 2 ;;
      *) say "unknown option $1"; exit 2 ;;
    esac
  done
  ensure_built
  say "trace: 1,000 candidate deliveries; detection curve over $trials copies per row count (gamma $gamma)"
  java -Xmx1g --class-path "$repo/node-runtime/target/quarkus-app/lib/main/*" "$here/tools/TraceBench.java" "$gamma" "$trials"
}

console() {
  local reloads=10
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --reloads) reloads="$2"; shift 2 ;;
      *) say "unknown option $1"; exit 2 ;;
    esac
  done
  ensure_built
  local web="$repo/node-runtime/target/classes/META-INF/resources/console"
  [[ -f "$web/index.html" ]] || { say "no console build in $web (built by 'mvn package' without -Dconsole.skip)"; exit 1; }
  # The initial bundle: index.html and every script, module preload and stylesheet it names, each gzipped.
  local initial=0 all=0 f
  initial=$(gzip -9c "$web/index.html" | wc -c)
  for f in $(grep -oE '(src|href)="/console/[^"]+\.(js|css)"' "$web/index.html" | sed -E 's/.*"\/console\/([^"]+)"/\1/' | sort -u); do
    initial=$(( initial + $(gzip -9c "$web/$f" | wc -c) ))
  done
  for f in $(cd "$web" && find . -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' \)); do
    all=$(( all + $(gzip -9c "$web/$f" | wc -c) ))
  done
  run="$(mktemp -d "${TMPDIR:-/tmp}/cascade-bench.XXXXXX")"; chmod 711 "$run"
  trap 'for p in ${STARTED:-}; do stop_node "$p"; done; rm -rf "$run"' EXIT
  say "national: init and serve"
  "$node_bin" init --region 100000 --data-dir "$run/n" --tier-port $((base)) --http-port $((base+100)) >/dev/null
  serve_until_ready "$run/n" $((base+100)) "$run/n.log"
  "$node_bin" dept add --id bench-dept --name "基准测试部门" --data-dir "$run/n" >/dev/null
  local link; link="$("$node_bin" console-login --dept bench-dept --roles consumer,auditor --data-dir "$run/n" 2>/dev/null)"
  local cp="$run/test-classpath"
  (cd "$repo" && mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=test -pl node-runtime >&2)
  say "first page: cold (fresh profile), then $reloads warm reloads"
  local page; page="$(java -cp "$(cat "$cp")" "$here/tools/ConsoleFirstPage.java" "$link" "$reloads" 2>"$run/page.err")" \
      || { cat "$run/page.err" >&2; exit 1; }
  printf '{"benchmark":"console","machine":{"cores":%d},"initial_bundle_gzip_kb":%d,"all_assets_gzip_kb":%d,"first_page":%s}\n' \
      "$(nproc)" $(( initial / 1024 )) $(( all / 1024 )) "$page"
}

# 21 nodes: national, four provinces, four cities under each, every node on its own database of one
# shared PostgreSQL server (Debian's PostgreSQL 15, a supported deployment: operator guide §5).
HIERARCHY=("100000 -"
  "440000 100000" "320000 100000" "330000 100000" "510000 100000"
  "440100 440000" "440300 440000" "440400 440000" "440600 440000"
  "320100 320000" "320200 320000" "320500 320000" "320600 320000"
  "330100 330000" "330200 330000" "330300 330000" "330400 330000"
  "510100 510000" "510300 510000" "510400 510000" "510500 510000")

# 0 for national (no parent), 1 for a province (REGION ends in 0000), 2 for a city.
tier_level() { if [[ "$2" == - ]]; then echo 0; elif [[ "$1" == ??0000 ]]; then echo 1; else echo 2; fi; }

# Proportional set size (kB) of a process: shared pages counted once across a server's processes.
pss_kb() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

hierarchy() {
  local per_city=625
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --per-city) per_city="$2"; shift 2 ;;
      *) say "usage: $0 hierarchy [--per-city N]"; exit 2 ;;
    esac
  done
  ensure_built
  local pgbin=/usr/lib/postgresql/15/bin
  [[ -x "$pgbin/postgres" ]] || { say "needs Debian's postgresql-15 server ($pgbin)"; exit 1; }
  run="$(mktemp -d "${TMPDIR:-/tmp}/cascade-bench.XXXXXX")"; chmod 711 "$run"
  local b=$((base + 200)) pgport=$((base + 190))
  # Global, not local: the EXIT trap runs after this function has returned.
  PG_PID=""
  trap 'for p in ${STARTED:-}; do stop_node "$p"; done; [[ -n "$PG_PID" ]] && stop_node "$PG_PID"; rm -rf "$run"' EXIT
  # The shared server runs as nobody when this script runs as root (PostgreSQL refuses root).
  local as_pg=(); [[ "$(id -u)" == 0 ]] && as_pg=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  mkdir -p "$run/pg" "$run/pg-sock"; [[ "$(id -u)" == 0 ]] && chown 65534:65534 "$run/pg" "$run/pg-sock"
  export CASCADE_DB_PASSWORD; CASCADE_DB_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  echo "$CASCADE_DB_PASSWORD" > "$run/pg-password"; chmod 644 "$run/pg-password"
  "${as_pg[@]}" "$pgbin/initdb" -D "$run/pg" -U cascade --auth=scram-sha-256 --pwfile="$run/pg-password" >/dev/null
  "${as_pg[@]}" "$pgbin/postgres" -D "$run/pg" -p "$pgport" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories="$run/pg-sock" -c max_connections=400 -c shared_buffers=512MB >"$run/pg.log" 2>&1 &
  PG_PID=$!
  until PGPASSWORD="$CASCADE_DB_PASSWORD" psql -h 127.0.0.1 -p "$pgport" -U cascade -d postgres -qAtc 'select 1' >/dev/null 2>&1; do
    kill -0 "$PG_PID" 2>/dev/null || { cat "$run/pg.log" >&2; say "PostgreSQL did not start"; exit 1; }
    sleep 0.2
  done
  local e r parent i=0 t0; t0="$(now_ms)"
  declare -A tier http
  for e in "${HIERARCHY[@]}"; do
    r="${e%% *}"; tier[$r]=$((b + i)); http[$r]=$((b + 50 + i)); i=$((i + 1))
    PGPASSWORD="$CASCADE_DB_PASSWORD" psql -h 127.0.0.1 -p "$pgport" -U cascade -d postgres -qc "create database n$r" >/dev/null
  done
  say "21 nodes on one PostgreSQL server: national, then 4 provinces, then 16 cities (each level started together)"
  local level dirs=()
  for level in 0 1 2; do
    local starting=()
    for e in "${HIERARCHY[@]}"; do
      r="${e%% *}"; parent="${e##* }"
      [[ "$(tier_level "$r" "$parent")" == "$level" ]] || continue
      local db=(--database-url "jdbc:postgresql://127.0.0.1:$pgport/n$r" --database-user cascade --database-password-env CASCADE_DB_PASSWORD)
      if [[ "$parent" == - ]]; then
        "$node_bin" init --region "$r" --data-dir "$run/$r" --tier-port "${tier[$r]}" --http-port "${http[$r]}" "${db[@]}" >/dev/null
      else
        local tok; tok="$("$node_bin" token create --region "$r" --data-dir "$run/$parent" 2>/dev/null)"
        "$node_bin" join --parent "127.0.0.1:${tier[$parent]}" --token "$tok" --region "$r" --data-dir "$run/$r" \
          --tier-port "${tier[$r]}" --http-port "${http[$r]}" "${db[@]}" >/dev/null
      fi
      "$node_bin" serve --data-dir "$run/$r" >>"$run/$r.log" 2>&1 &
      STARTED="$! ${STARTED:-}"; starting+=("$r"); dirs+=("$run/$r")
    done
    for r in "${starting[@]}"; do
      until curl -fsS "http://127.0.0.1:${http[$r]}/q/health/ready" >/dev/null 2>&1; do sleep 0.2; done
    done
    say "  level $level ready: ${starting[*]}"
  done
  for e in "${HIERARCHY[@]:1}"; do until link_up "$run/${e%% *}"; do sleep 0.5; done; done
  local up_ms=$(( $(now_ms) - t0 ))
  say "all 20 links up after $((up_ms / 1000)) s"

  local jvm_kb=0 pg_kb=0 p
  for p in ${STARTED:-}; do jvm_kb=$(( jvm_kb + $(pss_kb "$p") )); done
  for p in "$PG_PID" $(pgrep -P "$PG_PID" || true); do pg_kb=$(( pg_kb + $(pss_kb "$p") )); done

  say "a provider department at each city"
  local targets=() cities=() origins=()
  for e in "${HIERARCHY[@]:5}"; do
    r="${e%% *}"; cities+=("$r")
    "$node_bin" dept add --id bench-provider --name "Bench provider $r" --data-dir "$run/$r" >/dev/null
    targets+=("http://127.0.0.1:${http[$r]}=$("$node_bin" dept token --dept bench-provider --roles provider --data-dir "$run/$r" 2>/dev/null)")
    origins+=("$r=$run/$r")
  done
  local all_dirs; all_dirs="$(IFS=,; echo "${dirs[*]}")"
  local origin_list; origin_list="$(IFS=,; echo "${origins[*]}")"
  say "warm-up: 100 registrations at each city, national scope, until every node has them (not measured)"
  load register-spread 100 100 national 50 "${targets[@]}" >/dev/null
  load converge "$(now_ms)" "$all_dirs" "$origin_list" >/dev/null
  say "measured: $per_city registrations at each of the 16 cities at once (batches of 100, 2 clients per city), national scope"
  local cpu0 pg0 jit0; cpu0="$(nodes_cpu_ticks)"; pg0="$(server_ticks "$PG_PID")"; jit0="$(jit_ticks)"
  local t1; t1="$(now_ms)"
  local reg; reg="$(load register-spread "$per_city" 100 national 10 "${targets[@]}")"
  local conv; conv="$(load converge "$t1" "$all_dirs" "$origin_list")"
  local hz; hz="$(getconf CLK_TCK)"
  local cpu=$(( $(nodes_cpu_ticks) - cpu0 )) pgcpu=$(( $(server_ticks "$PG_PID") - pg0 )) jit=$(( $(jit_ticks) - jit0 ))
  cat <<JSON
{"benchmark":"hierarchy","machine":{"cores":$(nproc)},"nodes":${#HIERARCHY[@]},"links":$(( ${#HIERARCHY[@]} - 1 )),"up_ms":$up_ms,"idle_pss_mb":{"node_jvms":$(( jvm_kb / 1024 )),"postgresql":$(( pg_kb / 1024 ))},"registration":$reg,"convergence":${conv%\}},"changes":$(( per_city * ${#cities[@]} ))},"cpu_s":{"node_jvms":$(awk -v t="$cpu" -v h="$hz" 'BEGIN { printf "%.1f", t / h }'),"postgresql":$(awk -v t="$pgcpu" -v h="$hz" 'BEGIN { printf "%.1f", t / h }'),"node_jit_compilers":$(awk -v t="$jit" -v h="$hz" 'BEGIN { printf "%.1f", t / h }')}}
JSON
}

case "${1:-}" in
  startup) startup ;;
  console) shift; console "$@" ;;
  catalog) catalog ;;
  policies) policies ;;
  exchange) shift; exchange "$@" ;;
  routing) shift; routing "$@" ;;
  calls) shift; calls "$@" ;;
  ledger) shift; ledger "$@" ;;
  supervision) shift; supervision "$@" ;;
  trace) shift; trace "$@" ;;
  hierarchy) shift; hierarchy "$@" ;;
  *) say "usage: $0 startup|catalog|hierarchy [--per-city N]|policies|exchange [--rows N] [--warmup K]|routing [--requests N] [--warmup W] [--rate R]|calls [--calls N] [--warmup W] [--rate R]|ledger [--entries N] [--producers P] [--rate R]|supervision [--alerts N] [--directives N]|trace [--gamma G] [--trials T]|console [--reloads N]"; exit 2 ;;
esac
