#!/usr/bin/env bash
# Fuzzes every entry point that takes outside bytes with Jazzer, one target per JVM, and prints ONE
# JSON object on stdout (progress on stderr); docs/fuzzing.md describes the targets, docs/benchmarks.md
# records the figures.
#
#   deploy/local/fuzz.sh [--minutes M] [--target NAME[,NAME…]]   fuzz each target (or those named) for M minutes (default 1)
#   deploy/local/fuzz.sh --list                          the targets, one per line
#   deploy/local/fuzz.sh --write-seeds                   rewrite the seed corpora with the real encoders
#
# Without this script, `mvn verify` replays every committed input (seeds and regression cases) in
# seconds. A crash found here is written by Jazzer as crash-<sha1> into the target's inputs
# directory under src/test/resources; fix it, rename it regression-<what> and commit it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

say() { printf '%s\n' "$*" >&2; }

# name module test-class method
TARGETS="
join-csr           cascade-protocol       dev.cascade.protocol.trust.JoinRequestFuzzTest        a_csr_is_accepted_for_the_expected_region_or_refused_with_a_problem
join-token         cascade-protocol       dev.cascade.protocol.trust.JoinRequestFuzzTest        a_join_token_parses_or_is_refused_naming_its_rule
peer-chain         cascade-protocol       dev.cascade.protocol.trust.CertificateChainFuzzTest   a_peer_chain_is_decoded_and_trusted_or_refused_with_a_reason
join-answer        cascade-protocol       dev.cascade.protocol.trust.CertificateChainFuzzTest   a_join_answer_completes_the_join_or_is_refused_with_a_reason
policy-pack        policies/policy-engine dev.cascade.policy.pack.PackYamlFuzzTest               a_pack_file_reads_as_a_pack_or_is_refused_with_its_problems
cel-condition      policies/policy-engine dev.cascade.policy.condition.ConditionFuzzTest        a_condition_compiles_and_both_paths_agree_or_it_is_refused
exchange-frame     node-runtime           dev.cascade.node.exchange.routing.ExchangeFrameFuzzTest a_frame_arrives_or_is_refused_with_one_reason
directive          node-runtime           dev.cascade.node.supervision.directive.DirectiveFuzzTest a_directive_is_read_or_refused
call-answer        node-runtime           dev.cascade.node.calls.CallFrameFuzzTest              an_answer_opens_or_is_refused_with_a_status
call-body          node-runtime           dev.cascade.node.calls.CallFrameFuzzTest              a_call_body_reads_and_its_parameters_pass_or_are_named
catalog-change     node-runtime           dev.cascade.node.catalog.CatalogChangeFuzzTest        a_change_or_checkpoint_body_reads_or_is_refused_with_a_reason
anchor-request     node-runtime           dev.cascade.node.anchoring.AnchorRequestFuzzTest      an_anchor_request_is_judged_or_refused_with_a_reason
uploaded-file      node-runtime           dev.cascade.node.exchange.source.UploadedFileFuzzTest an_upload_is_accepted_and_reads_back_as_scanned_or_refused_at_a_line
source-config      node-runtime           dev.cascade.node.exchange.source.SourceConfigFuzzTest a_source_configuration_reads_and_survives_storage_or_names_every_violation
resource-body      node-runtime           dev.cascade.node.catalog.ResourceBodyFuzzTest         a_registration_body_reads_as_a_descriptor_or_names_every_violation
ledger-export      node-runtime           dev.cascade.node.ledger.export.LedgerExportFuzzTest   an_export_audits_to_a_report_or_is_refused_at_a_line
"

minutes=1
only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --target) only="$2"; shift 2 ;;
    --list) awk 'NF {print $1}' <<<"$TARGETS"; exit 0 ;;
    --write-seeds)
      cd "$repo"
      mvn -B -o -q -pl node-runtime,policies/policy-engine -am test -Dtest=FuzzSeedCorpus \
        -Dsurefire.failIfNoSpecifiedTests=false -Dcascade.fuzz.seeds=src/test/resources >&2
      say "seed corpora rewritten under */src/test/resources; review and commit them"
      exit 0 ;;
    *) say "usage: fuzz.sh [--minutes M] [--target NAME[,NAME…]] | --list | --write-seeds"; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+$ && "$minutes" -ge 1 ]] || { say "--minutes takes a whole number of minutes, at least 1"; exit 2; }
for t in ${only//,/ }; do
  awk 'NF {print $1}' <<<"$TARGETS" | grep -qx "$t" || { say "unknown target '$t'; --list names them"; exit 2; }
done

logs="$(mktemp -d /tmp/cascade-fuzz.XXXXXX)"
say "logs in $logs"
cd "$repo"
say "compiling the modules with fuzz targets..."
mvn -B -o -q -pl node-runtime,policies/policy-engine -am test-compile >&2

inputs_dir() { # module class method -> the target's inputs directory in the source tree
  local module="$1" class="$2" method="$3"
  printf '%s/%s/src/test/resources/%sInputs/%s' "$repo" "$module" "${class//.//}" "$method"
}

declare -A executions seconds outcome
names=()
new_findings=()
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
while read -r name module class method; do
  [[ -z "$name" ]] && continue
  [[ -n "$only" && ",$only," != *",$name,"* ]] && continue
  names+=("$name")
  log="$logs/$name.log"
  dir="$(inputs_dir "$module" "$class" "$method")"
  before="$(ls "$dir" 2>/dev/null | grep -c '^crash-' || true)"
  say "fuzzing $name for ${minutes}m ($class#$method)..."
  t0="$(date +%s)"
  set +e
  # A target's @Timeout(10) becomes libFuzzer's -timeout=10 (a hang per input); JUnit must not
  # also apply it to the fuzzing run as a whole, which lasts the M minutes.
  # Everything was compiled above: skipping the main compile here spares node-runtime a full
  # recompile per target (its generated gRPC sources count as changed on every build).
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${minutes}m" mvn -B -o -pl "$module" -am test -Dmaven.main.skip=true \
    -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.max_duration="${minutes}m" -Djunit.jupiter.execution.timeout.mode=disabled >"$log" 2>&1
  rc=$?
  set -e
  seconds[$name]=$(( $(date +%s) - t0 ))
  # libFuzzer's last word: "Done N runs in S second(s)"; after a crash, the "#N" of its last status line.
  runs="$(grep -oE 'Done [0-9]+ runs' "$log" | tail -n1 | grep -oE '[0-9]+' || true)"
  [[ -z "$runs" ]] && runs="$(grep -oE '^#[0-9]+' "$log" | tail -n1 | tr -d '#' || true)"
  executions[$name]="${runs:-0}"
  after="$(ls "$dir" 2>/dev/null | grep -c '^crash-' || true)"
  if (( after > before )); then
    outcome[$name]="finding"
    while read -r f; do new_findings+=("$name/$f"); done < <(ls -t "$dir" | grep '^crash-' | head -n $(( after - before )))
  elif (( rc != 0 )); then
    outcome[$name]="error"
  else
    outcome[$name]="clean"
  fi
  say "  $name: ${executions[$name]} executions, ${outcome[$name]} (${seconds[$name]} s wall, log $log)"
done <<<"$TARGETS"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# Fixed findings are the regression inputs kept beside the seeds: regression-<what>.
fixed="$(find "$repo" -path '*/src/test/resources/*Inputs/*' -name 'regression-*' -type f | wc -l)"

json_list() { local first=1 x; printf '['; for x in "$@"; do ((first)) || printf ','; first=0; printf '"%s"' "$x"; done; printf ']'; }
json_map() { # name of an associative array, numeric values unless quoted=1
  local -n m="$1"; local quoted="${2:-0}" first=1 k
  printf '{'
  for k in "${names[@]}"; do
    ((first)) || printf ','; first=0
    if ((quoted)); then printf '"%s":"%s"' "$k" "${m[$k]}"; else printf '"%s":%s' "$k" "${m[$k]}"; fi
  done
  printf '}'
}
total=0; for k in "${names[@]}"; do total=$(( total + executions[$k] )); done
printf '{"targets":%s,"minutes_per_target":%s,"executions_per_target":%s,"total_executions":%s,' \
  "$(json_list "${names[@]}")" "$minutes" "$(json_map executions)" "$total"
printf '"wall_seconds_per_target":%s,"outcome_per_target":%s,"new_findings":%s,"findings_fixed":%s,' \
  "$(json_map seconds)" "$(json_map outcome 1)" "$(json_list "${new_findings[@]}")" "$fixed"
printf '"cores":%s,"load_average_before":"%s","load_average_after":"%s","logs":"%s"}\n' \
  "$(nproc)" "$load_before" "$load_after" "$logs"
