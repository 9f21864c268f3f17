#!/usr/bin/env bash
# Installs and starts a Docker engine, and makes the local debian:bookworm base image, when they are
# missing. Safe to run again: each step checks first.
set -euo pipefail

log() { printf '[setup-docker] %s\n' "$*"; }

apt_updated=false
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$apt_updated" = false ]; then
    apt-get update -qq
    apt_updated=true
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

apt_install docker.io debootstrap zstd shellcheck ca-certificates unzip

if ! engine_answers; then
  log "starting dockerd"
  # Debian's docker.io puts dockerd in /usr/sbin; the client may be a newer one elsewhere on PATH.
  setsid /usr/sbin/dockerd >/var/log/dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    engine_answers && break
    sleep 1
  done
  engine_answers || { log "dockerd did not start; see /var/log/dockerd.log"; tail -n 30 /var/log/dockerd.log; exit 1; }
fi
log "engine $(docker version --format '{{.Server.Version}}')"

if ! docker image inspect debian:bookworm >/dev/null 2>&1; then
  # No registry is reachable here, so the base image is made from Debian's own mirror.
  mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / && $2 ~ /debian$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  root=$(mktemp -d /tmp/bookworm-root.XXXXXX)
  log "debootstrap bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >/tmp/debootstrap.log 2>&1 \
    || { tail -n 30 /tmp/debootstrap.log; exit 1; }
  tar -C "$root" -c . | docker import - debian:bookworm >/dev/null
  rm -rf "$root"
fi
log "base image debian:bookworm $(docker image inspect --format '{{.Id}}' debian:bookworm)"
