#!/usr/bin/env bash
# Build InterviewHub's images from nothing, without an image registry:
#   interviewhub-base:bookworm    Debian 12 minbase by debootstrap from the Debian mirror, `docker import`ed
#   interviewhub-platform:latest  shared layers (packages, .venv, node_modules, the checkout)
#   interviewhub-hub:latest       JupyterHub + proxy + interview service + DockerSpawner
#   interviewhub-room:latest      one room: JupyterLab, collaboration, our extensions, all kernels
#   interviewhub-postgres:latest  PostgreSQL 15 from Debian
# Needs a running Docker engine, and root + debootstrap for the base (once; kept as an image).
# Usage: spawner_images/build.sh [base|platform|hub|room|postgres ...]   (default: all)
# Env: DOCKER (client, default Debian's /usr/bin/docker: its BuildKit needs no buildx plugin),
#      DEBIAN_MIRROR, REBUILD_BASE=1 to debootstrap again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DOCKER:-}" ]; then
    DOCKER=docker
    [ -x /usr/bin/docker ] && DOCKER=/usr/bin/docker
fi
export DOCKER_BUILDKIT=1  # cache mounts for apt, pip and npm downloads
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
BASE=interviewhub-base:bookworm

timed() {  # timed NAME CMD...: run, then print how long it took
    local name=$1 start=$SECONDS
    shift
    "$@"
    echo "build.sh: $name built in $((SECONDS - start)) s"
}

base() {
    if [ -z "${REBUILD_BASE:-}" ] && "$DOCKER" image inspect "$BASE" >/dev/null 2>&1; then
        echo "build.sh: $BASE exists (REBUILD_BASE=1 to make it again)"
        return
    fi
    command -v debootstrap >/dev/null || { echo "build.sh: debootstrap is not installed" >&2; exit 1; }
    rootfs=$(mktemp -d /tmp/interviewhub-rootfs.XXXXXX)
    trap 'rm -rf "$rootfs"' EXIT
    debootstrap --variant=minbase --include=ca-certificates,curl bookworm "$rootfs" "$MIRROR" >/dev/null
    # what an image does not need: downloaded packages, package lists, docs
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
        "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
    mkdir -p "$rootfs"/usr/share/man/man1  # some post-install scripts (the JDK's) link into it
    # the build machine's own CAs (a TLS-intercepting egress proxy): PyPI and npm are https
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$rootfs"/usr/local/share/ca-certificates/
        chroot "$rootfs" update-ca-certificates >/dev/null
    fi
    # keep docs and man pages out of every later apt install too
    printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
        'path-exclude /usr/share/man/*' 'path-exclude /usr/share/locale/*' \
        > "$rootfs"/etc/dpkg/dpkg.cfg.d/01-interviewhub-nodoc
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
        > "$rootfs"/etc/apt/apt.conf.d/01-interviewhub-norecommends
    # no fsync per unpacked file: a failed build is thrown away anyway (as Docker's own images do)
    echo force-unsafe-io > "$rootfs"/etc/dpkg/dpkg.cfg.d/01-interviewhub-unsafe-io
    tar -C "$rootfs" -c . | "$DOCKER" import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$BASE" >/dev/null
    rm -rf "$rootfs"
}

build() {  # build NAME DOCKERFILE [ARGS...]
    local name=$1 file=$2
    shift 2
    "$DOCKER" build --progress=plain -f "$file" -t "interviewhub-$name:latest" "$@" .
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(base platform hub room postgres)
for target in "${targets[@]}"; do
    case $target in
        base) timed base base ;;
        platform) timed platform build platform spawner_images/platform/Dockerfile --build-arg BASE_IMAGE=$BASE \
            --build-arg APT_PACKAGES="$(sed -n 's/^APT_PACKAGES *:= *//p' Makefile)" ;;
        hub) timed hub build hub spawner_images/hub/Dockerfile ;;
        room) timed room build room spawner_images/room/Dockerfile ;;
        postgres) timed postgres build postgres spawner_images/postgres/Dockerfile --build-arg BASE_IMAGE=$BASE ;;
        *) echo "build.sh: unknown image $target" >&2; exit 2 ;;
    esac
done
"$DOCKER" image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' 'interviewhub-*'
