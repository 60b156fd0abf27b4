#!/usr/bin/env bash
# Makes a local stand-in for the official node:20-bookworm-slim image, for machines that reach no
# image registry but do reach Debian's packages: Debian bookworm (debootstrap minbase) with this
# machine's Node and npm in /usr/local, and a `node` user (uid 1000), as the official image has.
#
#   sudo scripts/make-local-base-image.sh [image-name]        (default: mimicus-base)
#   podman build --build-arg BASE=mimicus-base -t mimicus .
#
# Needs root, podman and debootstrap (installed with apt-get when missing). MIRROR overrides the
# Debian mirror. The Node copied in is whatever `node` is on PATH; it must be a build that runs on
# bookworm's glibc (the official tarballs and nodesource packages do). Two things of this machine
# go in as well, so that a build inside the image reaches what the machine reaches: its CA bundle
# (a TLS-intercepting egress proxy signs with a CA of its own) and Node's C++ headers (node-gyp
# compiles better-sqlite3 when no prebuilt binary can be downloaded, and would download them too).
set -euo pipefail

image=${1:-mimicus-base}
mirror=${MIRROR:-http://deb.debian.org/debian}

if [ "$(id -u)" -ne 0 ]; then
  echo "make-local-base-image: run as root (debootstrap and podman import need it)" >&2
  exit 1
fi
missing=()
for tool in podman debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  # runc too: crun, podman's default runtime on bookworm, fails on hosts with hybrid cgroups.
  echo "make-local-base-image: installing ${missing[*]} runc" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman debootstrap runc >/dev/null
fi

node_bin=$(readlink -f "$(command -v node)")
node_version=$("$node_bin" --version)
case "$node_version" in
  v20.*) ;;
  *) echo "make-local-base-image: node is $node_version; the image is meant for Node 20 (continuing)" >&2 ;;
esac
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
if [ ! -f "$npm_dir/package.json" ]; then
  echo "make-local-base-image: cannot find npm's folder (looked at $npm_dir)" >&2
  exit 1
fi

work=$(mktemp -d)
rootfs=$work/rootfs
cleanup() {
  # debootstrap mounts /proc (and more) inside the tree while it works: never rm -rf through a mount.
  for mount in $(awk -v root="$rootfs" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$mount" || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

echo "make-local-base-image: debootstrap bookworm (minbase) into $rootfs" >&2
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  exit 1
}

install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
# A distribution's npm may carry a global npmrc naming files of that machine (cafile=...).
rm -f "$rootfs/usr/local/lib/node_modules/npm/npmrc"
node_include=$(dirname "$(dirname "$node_bin")")/include/node
extra_env=()
if [ -f "$node_include/node_version.h" ]; then
  mkdir -p "$rootfs/usr/local/include"
  cp -a "$node_include" "$rootfs/usr/local/include/node"
  extra_env+=(--change 'ENV npm_config_nodedir=/usr/local')
fi
ca_bundle=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
if [ -f "$ca_bundle" ]; then
  install -D -m 0644 "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  extra_env+=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
fi
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
# The package lists are fetched again by whoever installs something; the .deb cache is debootstrap's.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/log/*.log

tar -C "$rootfs" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${node_version#v}" \
  --change 'CMD ["node"]' \
  "${extra_env[@]}" \
  - "$image" >/dev/null
echo "make-local-base-image: $image ready (Debian bookworm, Node $node_version)" >&2
podman image ls "$image"
