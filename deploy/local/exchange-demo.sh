# Sourced by deploy/local/demo.sh and deploy/containers/demo.sh: the demo exchange, over REST.
# Needs say and die from the caller.
#
# demo_exchange OWNER_URL PROVIDER_TOKEN CONSUMER_URL CONSUMER_TOKEN OWNER_REGION SCOPE TITLE ID_PREFIX ROUTE
#   The provider registers an unconditional L3 resource of enterprises (id number, name, capital) with
#   SCOPE and uploads 20 rows whose id numbers start with ID_PREFIX (14 digits); the consumer requests
#   it from OWNER_REGION (ROUTE only describes the way) until its node knows the resource, waits for
#   the exchange to end, prints its history and the first rows it receives.
demo_exchange() {
  local owner="$1" provider="$2" consumer_url="$3" consumer="$4" region="$5" scope="$6" title="$7" prefix="$8" route="$9"
  local id body ex xid state i
  id="3.01.001.002-$(printf '%06d' $((RANDOM % 900000 + 1)))"
  say "$region: the provider registers $id ($title, unconditional, $scope scope) and uploads its rows"
  demo_send POST "$owner/api/v1/resources" "$provider" application/json '{
    "id":"'"$id"'","title":"'"$title"'","abstract":"'"$title"'（演示）","category":"enterprise","format":"csv",
    "dataItems":[{"name":"id_no","type":"string","description":"法定代表人身份证号","sensitiveType":"citizen-id","level":"L3"},
                 {"name":"name","type":"string","description":"企业名称","level":"L1"},
                 {"name":"capital","type":"decimal","description":"注册资本（万元）","level":"L1"}],
    "level":"L3","sharingType":"unconditional","openType":"conditional","updateCycle":"daily",
    "publishDate":"2026-11-01","scope":"'"$scope"'","source":"upload"}' || die "registration refused"
  # The decimal column carries the per-recipient watermark (decision 0008).
  body="id_no,name,capital"$'\n'
  for i in $(seq 1 20); do body+="${prefix}$(printf '%03d' "$i")X,示范企业${i},$((100 + i)).$((i % 9 + 1))5"$'\n'; done
  demo_send PUT "$owner/api/v1/resources/$id/data" "$provider" 'text/csv; charset=UTF-8' "$body" || die "upload refused"
  say "the consumer requests it (signed by its node, routed $route)"
  # The catalog change climbs the tiers first; until the consumer's route knows it, the request is refused.
  for i in $(seq 1 60); do
    ex="$(curl -fsS -X POST "$consumer_url/api/v1/exchanges" -H "Authorization: Bearer $consumer" -H 'Content-Type: application/json' \
         -d '{"origin":"'"$region"'","resource":"'"$id"'","purpose":"企业登记核验","legalBasis":"演示"}' 2>/dev/null)" && break
    sleep 0.5
  done
  [[ -n "${ex:-}" ]] || die "request refused"
  xid="$(sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/' <<<"$ex")"
  for i in $(seq 1 120); do
    state="$(curl -fsS "$consumer_url/api/v1/exchanges/$xid" -H "Authorization: Bearer $consumer" | sed -E 's/.*"state":"([A-Z_]+)".*/\1/')"
    [[ "$state" == CLOSED || "$state" == DENIED || "$state" == FAILED || "$state" == EXPIRED ]] && break
    sleep 0.5
  done
  say "exchange $xid: $state; its history at the consumer's node:"
  curl -fsS "$consumer_url/api/v1/exchanges/$xid" -H "Authorization: Bearer $consumer" \
    | grep -o '"state":"[A-Z_]*","detail":"[^"]*"' | sed -E 's/"state":"([A-Z_]*)","detail":"(.*)"/  \1  \2/' >&2
  [[ "$state" == CLOSED ]] || die "the exchange ended $state"
  say "the rows the consumer receives (id numbers masked or pseudonymised as the policies in force require; watermarked for this exchange):"
  curl -fsS "$consumer_url/api/v1/exchanges/$xid/data?format=csv" -H "Authorization: Bearer $consumer" | head -n 6
}

# METHOD URL TOKEN CONTENT-TYPE BODY: fails with the node's problem+json on stderr.
demo_send() {
  local out; out="$(mktemp)"
  if curl -sS --fail-with-body -o "$out" -X "$1" "$2" -H "Authorization: Bearer $3" -H "Content-Type: $4" --data-binary "$5"; then
    rm -f "$out"
  else
    cat "$out" >&2; echo >&2; rm -f "$out"; return 1
  fi
}
