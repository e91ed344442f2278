#!/usr/bin/env bash
# Three tiers in containers on one host (issue 19, item 2), played from the Kubernetes manifests:
#   deploy/containers/demo.sh up       build the image if needed; national 100000, province 440000 and
#                                      cities 440100 and 440300, each a pod of its own with its own volume
#                                      on the podman network `cascade`, joined with the normal token flow
#   deploy/containers/demo.sh exchange a Shenzhen (440300) department registers a resource and uploads rows;
#                                      a Guangzhou (440100) department requests them across the province
#                                      (440100 → 440000 → 440300) and receives the masked, watermarked rows
#   deploy/containers/demo.sh status   `cascade-node status` inside each container
#   deploy/containers/demo.sh down     remove the pods, their volumes and the network
# Each node is deploy/kubernetes/podman/REGION (the tier's overlay, adapted to one podman host) rendered
# with `kubectl kustomize` and played with `podman kube play`. Before that, the image's cascade-onboard
# step (the manifests' init container) runs once in a throwaway container on the node's volume. The
# nodes reach each other by pod name (podman's DNS on a user network); each node's HTTP port is
# published on 127.0.0.1 (national 18480, 440000 18481, 440100 18482, 440300 18483).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
manifests="$(cd "$here/../kubernetes" && pwd)"
source "$here/engine.sh"
source "$here/../local/exchange-demo.sh"
image="${CASCADE_IMAGE:-localhost/cascade-node:dev}"
net=cascade
# region parent: the order is the order of joining
TOPOLOGY=("100000 -" "440000 100000" "440100 440000" "440300 440000")
DATA=/var/lib/cascade/node

say() { printf '%s\n' "$*" >&2; }
die() { say "demo: $*"; exit 1; }
volume() { echo "cascade-$1"; }
pod() { echo "cascade-node-$1-pod-0"; }
container() { echo "$(pod "$1")-node"; }
http_port() { local i=0 e; for e in "${TOPOLOGY[@]}"; do [[ "${e%% *}" == "$1" ]] && { echo $((18480 + i)); return; }; i=$((i + 1)); done; }
rendered() { kubectl kustomize "$manifests/podman/$1"; }
# One CLI command inside the node's running container, as an operator would run it.
in_node() { local region="$1"; shift; podman exec "$(container "$region")" cascade-node "$@"; }

wait_ready() {
  local region="$1" port; port="$(http_port "$1")"
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && return 0
    [[ "$(podman inspect -f '{{.State.Running}}' "$(container "$region")" 2>/dev/null)" == true ]] \
      || { podman logs --tail 30 "$(container "$region")" >&2 || true; die "node $region stopped during start"; }
    sleep 0.5
  done
  die "node $region not ready after 120 s (podman logs $(container "$region"))"
}

# The manifests' init container, run once: `init` or `join` on the node's volume.
onboard() { # REGION PARENT
  local region="$1" parent="$2" env=(-e "CASCADE_REGION=$1")
  if [[ "$parent" != "-" ]]; then
    env+=(-e "CASCADE_PARENT=$(pod "$parent"):7443"
          -e "CASCADE_JOIN_TOKEN=$(in_node "$parent" token create --region "$region" --ttl 10m --data-dir "$DATA" 2>/dev/null)")
  fi
  podman volume create "$(volume "$region")" >/dev/null
  podman run --rm --network "$net" -v "$(volume "$region"):/var/lib/cascade" "${env[@]}" \
    --entrypoint /usr/local/bin/cascade-onboard "$image" >/dev/null
}

serve() {
  local region="$1"
  # kube play's own chatter (no systemd here for its health-check timers) shows only when it fails.
  local out; out="$(rendered "$region" | podman kube play --network "$net" - 2>&1)" || { say "$out"; die "podman kube play of $region failed"; }
  wait_ready "$region"
  say "  $region serving in pod $(pod "$region"): tier $(pod "$region"):7443, http 127.0.0.1:$(http_port "$region")"
}

parent_up() { # REGION: its parent link reports up
  in_node "$1" status --json --data-dir "$DATA" 2>/dev/null | grep -A3 '"parent"' | grep -q '"state" : "up"'
}

up() {
  command -v kubectl >/dev/null || die "kubectl is needed to render deploy/kubernetes (its built-in kustomize)"
  podman network exists "$net" && die "a demo network '$net' exists; run '$0 down' first"
  podman image exists "$image" || "$here/image.sh" "$image" >/dev/null
  podman network create "$net" >/dev/null
  local e
  for e in "${TOPOLOGY[@]}"; do
    onboard "${e%% *}" "${e##* }"
    serve "${e%% *}"
  done
  say "waiting for every parent link to come up..."
  for _ in $(seq 1 90); do
    local all=1
    for e in "${TOPOLOGY[@]:1}"; do parent_up "${e%% *}" || { all=0; break; }; done
    if [[ $all == 1 ]]; then say "all links up"; return 0; fi
    sleep 1
  done
  status
  die "not every link came up within 90 s"
}

status() {
  local e
  for e in "${TOPOLOGY[@]}"; do
    echo "== ${e%% *} ($(container "${e%% *}"))"
    in_node "${e%% *}" status --data-dir "$DATA" || true
  done
}

exchange() {
  podman container exists "$(container 440300)" || die "no demo running; run '$0 up' first"
  local provider consumer
  in_node 440300 dept add --id sz-market --name "深圳市市场监督管理局" --data-dir "$DATA" >/dev/null 2>&1 || true
  in_node 440100 dept add --id gz-tax --name "广州市税务局" --data-dir "$DATA" >/dev/null 2>&1 || true
  provider="$(in_node 440300 dept token --dept sz-market --roles provider --data-dir "$DATA" 2>/dev/null)"
  consumer="$(in_node 440100 dept token --dept gz-tax --roles consumer --data-dir "$DATA" 2>/dev/null)"
  demo_exchange "http://127.0.0.1:$(http_port 440300)" "$provider" "http://127.0.0.1:$(http_port 440100)" "$consumer" \
    440300 province 深圳市企业登记信息 44030319900202 "440100 → 440000 → 440300, container to container"
}

down() {
  local i
  for ((i = ${#TOPOLOGY[@]} - 1; i >= 0; i--)); do
    local region="${TOPOLOGY[$i]%% *}"
    if podman pod exists "$(pod "$region")"; then
      podman pod stop -t 30 "$(pod "$region")" >/dev/null 2>&1 || true
      rendered "$region" | podman kube play --down - >/dev/null 2>&1 || podman pod rm -f "$(pod "$region")" >/dev/null 2>&1 || true
    fi
    podman volume rm -f "$(volume "$region")" >/dev/null 2>&1 || true
  done
  podman network rm -f "$net" >/dev/null 2>&1 || true
  say "removed the demo's pods, volumes and network"
}

case "${1:-}" in
  up) up ;;
  exchange) exchange ;;
  status) status ;;
  down) down ;;
  *) say "usage: $0 up|exchange|status|down"; exit 2 ;;
esac
