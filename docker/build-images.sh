#!/usr/bin/env bash
# Builds the three Sigil service images from this checkout:
#   sigil/signing-client, sigil/committee-leader, sigil/communication-manager  (tag: the project version)
#
#   docker/build-images.sh               # package the services (no tests), then build the images
#   docker/build-images.sh --no-package  # reuse what `./mvnw package` already left in */target
#
# The base image is $BASE_IMAGE when set. Otherwise: sigil-base:local when it exists (see
# docker/build-base-image.sh), else the public eclipse-temurin:25-jre when it is present or can be
# pulled, else this script builds sigil-base:local itself (needs root and Debian's mirror).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
public_base="eclipse-temurin:25-jre"
local_base="${SIGIL_BASE_IMAGE:-sigil-base:local}"
package=true
[ "${1:-}" = "--no-package" ] && package=false

services=(signing-client committee-leader communication-manager)
main_class() {
  case "$1" in
    signing-client) echo io.sigil.node.SigningClientApplication ;;
    committee-leader) echo io.sigil.leader.CommitteeLeaderApplication ;;
    communication-manager) echo io.sigil.manager.CommunicationManagerApplication ;;
  esac
}

docker info >/dev/null 2>&1 || { echo "no Docker engine reachable (docker info failed)" >&2; exit 1; }

if [ -n "${BASE_IMAGE:-}" ]; then
  base="$BASE_IMAGE"
elif docker image inspect "$local_base" >/dev/null 2>&1; then
  base="$local_base"
elif docker image inspect "$public_base" >/dev/null 2>&1 || timeout 120 docker pull -q "$public_base" >/dev/null 2>&1; then
  base="$public_base"
else
  echo "no registry reachable for $public_base: building the local base image $local_base"
  "$root/docker/build-base-image.sh"
  base="$local_base"
fi
echo "base image: $base"

if $package; then
  echo "packaging the services (./mvnw package -DskipTests)"
  ./mvnw -B -q -pl "$(IFS=,; echo "${services[*]}")" -am package -DskipTests
fi

# unpack_native CONTEXT JAR_GLOB MEMBER NAME: copies MEMBER of CONTEXT/lib/JAR_GLOB to
# CONTEXT/native/NAME (nothing when the jar or the member's name is missing).
unpack_native() {
  local context=$1 jar member=$3 name=$4
  jar=$(ls "$context"/lib/$2 2>/dev/null | head -n 1 || true)
  if [ -z "$jar" ] || [ "$member" = "" ] || [ "${member%/}" != "$member" ]; then
    return 0
  fi
  if command -v unzip >/dev/null 2>&1; then
    unzip -p "$jar" "$member" >"$context/native/$name"
  else
    (. "$root/.mvn/find-jdk.sh" && cd "$context/native" && "$JAVA_HOME/bin/jar" xf "$root/$jar" "$member" \
        && mv "$member" "$name" && rm -rf META-INF)
  fi
}

# Sigil's own modules (the reactor) go into their own image layer, third-party jars into another.
modules=$(sed -n 's:^ *<module>\(.*\)</module>.*:\1:p' pom.xml)
for service in "${services[@]}"; do
  target="$service/target"
  jar=$(ls "$target/$service"-*.jar 2>/dev/null | grep -v -e '-sources.jar$' -e '-tests.jar$' | head -n 1 || true)
  if [ -z "$jar" ] || [ ! -d "$target/lib" ]; then
    echo "$target has no packaged jar and lib/: run ./mvnw package (or this script without --no-package)" >&2
    exit 1
  fi
  version=$(basename "$jar" .jar); version=${version#"$service"-}
  context="$target/image"
  rm -rf "$context"
  mkdir -p "$context/lib" "$context/sigil"
  cp "$jar" "$context/sigil/"
  for dependency in "$target"/lib/*.jar; do
    name=$(basename "$dependency")
    destination=lib
    for module in $modules; do
      [ "$name" = "$module-$version.jar" ] && destination=sigil
    done
    cp "$dependency" "$context/$destination/"
  done
  # Native libraries, unpacked now so that the service never extracts one into /tmp at start (a
  # tmpfs there is usually noexec): loaded from /app/native through java.library.path. RocksDB's,
  # and Conscrypt's (BoringSSL under Tink, io.sigil.identity.NativeCrypto, found by its platform
  # name).
  mkdir -p "$context/native"
  case "$(docker info --format '{{.Architecture}}')" in
    x86_64|amd64) rocksdb_native=librocksdbjni-linux64.so conscrypt_native=libconscrypt_openjdk_jni-linux-x86_64.so ;;
    aarch64|arm64) rocksdb_native=librocksdbjni-linux-aarch64.so conscrypt_native=libconscrypt_openjdk_jni-linux-aarch_64.so ;;
    *) rocksdb_native= conscrypt_native= ;;
  esac
  unpack_native "$context" "rocksdbjni-*.jar" "$rocksdb_native" librocksdbjni.so
  unpack_native "$context" "conscrypt-openjdk-uber-*.jar" "META-INF/native/$conscrypt_native" "$conscrypt_native"
  image="sigil/$service:$version"
  started=$(date +%s)
  docker build -q -f docker/Dockerfile \
      --build-arg BASE_IMAGE="$base" --build-arg SERVICE="$service" \
      --build-arg MAIN_CLASS="$(main_class "$service")" --build-arg VERSION="$version" \
      -t "$image" "$context" >/dev/null
  echo "built $image ($(( $(date +%s) - started )) s)"
done
