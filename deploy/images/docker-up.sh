#!/bin/sh
# Makes sure a Docker engine answers on this machine, as the image test and base-image.sh need:
# installs Debian's docker.io when there is no dockerd (as root, from the machine's apt sources),
# and starts dockerd in the background when none is running (log: /var/log/opis-dockerd.log).
# Machines with a system-managed engine (systemd, Docker Desktop) are left as they are.
# --compose: also a Compose implementation (Debian's docker-compose 1.29 where there is no
# `docker compose` plugin; the v2 plugin is not in Debian bookworm).
set -eu

if [ "${1:-}" = "--compose" ] && ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "docker-up: no Compose; as root: apt-get install -y docker-compose" >&2
    exit 1
  fi
  echo "docker-up: installing docker-compose (Debian's Compose 1.29)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi

if docker info >/dev/null 2>&1; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "docker-up: no Docker engine and no dockerd; as root: apt-get install -y docker.io" >&2
    exit 1
  fi
  echo "docker-up: installing docker.io (Debian's Docker engine)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

running() { [ -f /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null && grep -q dockerd "/proc/$(cat /var/run/docker.pid)/cmdline" 2>/dev/null; }
if ! running; then
  if [ "$(id -u)" != 0 ]; then
    echo "docker-up: dockerd is not running; start it as root: dockerd &" >&2
    exit 1
  fi
  echo "docker-up: starting dockerd in the background (log: /var/log/opis-dockerd.log)" >&2
  # Pid files left by an engine that was killed stop the new one (it waits for a containerd
  # that is gone).
  rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
  # setsid: the engine outlives the shell (and the test) that started it, like a system service.
  # nice: image builds on a shared machine yield to interactive work.
  setsid nice -n 10 dockerd >/var/log/opis-dockerd.log 2>&1 </dev/null &
fi

tries=0
until docker info >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -gt 60 ]; then
    echo "docker-up: dockerd did not answer within 60 s; see /var/log/opis-dockerd.log" >&2
    tail -n 20 /var/log/opis-dockerd.log >&2 || true
    exit 1
  fi
  sleep 1
done
