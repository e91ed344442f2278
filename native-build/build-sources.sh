#!/usr/bin/env bash
# Prepares everything native-image needs (node-runtime/target/native-sources: native-image.args,
# graalvm.version, the runner jar and lib/) without needing GraalVM itself. CI runs this on every
# change, so code that cannot go native (unregistered reflection, build-time init problems that
# Quarkus detects) fails the build here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B package -DskipTests -Dnative -Dquarkus.native.sources-only=true -pl node-runtime -am "$@"
test -s node-runtime/target/native-sources/native-image.args
echo "native sources ready: node-runtime/target/native-sources"
