#!/usr/bin/env bash
# Builds a LOCAL JDK 25 base image for the Sigil service images, for machines that reach Debian's
# package mirrors but no container registry: a debootstrap --variant=minbase Debian bookworm root
# filesystem plus the local JDK 25 (found like ./mvnw finds it), imported with `docker import`.
#
#   docker/build-base-image.sh [--force]         # image name: $SIGIL_BASE_IMAGE or sigil-base:local
#
# Skips everything when the image already exists (--force rebuilds). Needs root (debootstrap
# chroots) and a running Docker engine. The mirror is $SIGIL_DEBIAN_MIRROR, default deb.debian.org.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${SIGIL_BASE_IMAGE:-sigil-base:local}"
mirror="${SIGIL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
force=false
[ "${1:-}" = "--force" ] && force=true

if ! $force && docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image $image already exists (docker/build-base-image.sh --force rebuilds it)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "building $image needs root (debootstrap); run as root or use a public base image" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "installing debootstrap"
  apt-get install -y -q debootstrap >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q debootstrap >/dev/null; }
fi
# shellcheck source=../.mvn/find-jdk.sh
. "$root/.mvn/find-jdk.sh"
jdk_version=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')

work=$(mktemp -d /tmp/sigil-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
echo "debootstrap --variant=minbase bookworm from $mirror into $rootfs"
started=$(date +%s)
debootstrap --variant=minbase --include=ca-certificates,libstdc++6 bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  echo "debootstrap failed (log above)" >&2
  exit 1
}
echo "debootstrap took $(( $(date +%s) - started )) s"

# The JDK, without what a runtime never reads (sources, jmods, headers, man pages).
echo "copying JDK $jdk_version from $JAVA_HOME"
mkdir -p "$rootfs/opt/java/openjdk"
tar -C "$JAVA_HOME" --exclude=./lib/src.zip --exclude=./jmods --exclude=./include --exclude=./man --exclude=./demo \
    -cf - . | tar -C "$rootfs/opt/java/openjdk" -xf -
# Smaller image: package caches and documentation are never read at run time.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
       "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*

echo "docker import as $image"
tar --numeric-owner -C "$rootfs" -cf - . | docker import \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change "LABEL io.sigil.base.jdk=$jdk_version io.sigil.base.debian=bookworm" \
    --change 'CMD ["/bin/bash"]' \
    - "$image" >/dev/null
docker image ls "$image"
echo "base image $image built in $(( $(date +%s) - started )) s"
