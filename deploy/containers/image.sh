#!/usr/bin/env bash
# Builds the cascade-node JVM image with podman, without a registry or a Docker daemon:
#   deploy/containers/image.sh [TAG]        (default localhost/cascade-node:dev)
# 1. the base image localhost/cascade-jre-base:17 from Debian packages (mmdebstrap, once);
# 2. the node image from the packaged node (node-runtime/target/quarkus-app) and its launcher.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tag="${1:-localhost/cascade-node:dev}"
# shellcheck source=engine.sh
source "$here/engine.sh"

if ! podman image exists localhost/cascade-jre-base:17; then
  mirror="${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)}"
  mirror="${mirror:-http://deb.debian.org/debian}"
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  echo "base image: Debian bookworm + OpenJDK 17 JRE from $mirror (once, about a minute)" >&2
  mmdebstrap --quiet --variant=apt --include=openjdk-17-jre-headless,util-linux,ca-certificates,curl,passwd \
    --customize-hook='chroot "$1" useradd --system --uid 10001 --user-group --home-dir /var/lib/cascade --create-home --shell /usr/sbin/nologin cascade' \
    --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
    bookworm "$work/rootfs.tar" "$mirror"
  podman import --quiet "$work/rootfs.tar" localhost/cascade-jre-base:17 >/dev/null
fi

if [[ ! -f "$repo/node-runtime/target/quarkus-app/quarkus-run.jar" ]]; then
  echo "packaging the node (mvn -B package -DskipTests)" >&2
  (cd "$repo" && mvn -B -q package -DskipTests)
fi
ctx="$(mktemp -d)"; trap 'rm -rf "$ctx" ${work:-}' EXIT
cp -r "$repo/node-runtime/target/quarkus-app" "$ctx/app"
cp "$repo/deploy/bin/cascade-node" "$ctx/cascade-node"
cp "$here/cascade-onboard" "$ctx/cascade-onboard"
podman build --quiet --file "$here/Containerfile" --tag "$tag" "$ctx" >/dev/null
echo "$tag"
