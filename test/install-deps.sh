#!/bin/sh
# install-deps.sh -- install the Debian 12 packages this project needs to build, test
# and benchmark.  Used by both README commands and by .ci/run.  Runs apt-get only
# when something is missing; needs root (or sudo).
#   test/install-deps.sh build   only what building needs
#   test/install-deps.sh all     everything (default): tests, interop peer, benchmarks
set -eu
what=${1:-all}

build_pkgs="build-essential autoconf automake autoconf-archive pkg-config g++ clang
  libclang-rt-14-dev liblzo2-dev zlib1g-dev libpopt-dev libavahi-client-dev libkrb5-dev
  libgtest-dev libgmock-dev make git ca-certificates"
test_pkgs="python3 python3-pytest distcc distcc-pump openssh-server openssh-client ccache
  cmake binutils iproute2 nftables iptables procps psmisc krb5-kdc krb5-admin-server
  krb5-user avahi-daemon avahi-utils dbus libnss-mdns valgrind hyperfine linux-perf
  time file zlib1g-dev binutils-source googletest libbenchmark-dev systemd groff-base man-db
  prometheus python3-prometheus-client chromium clang-tidy llvm-14"

case $what in
build) pkgs=$build_pkgs ;;
all) pkgs="$build_pkgs $test_pkgs" ;;
*) echo "usage: $0 [build|all]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to install:$missing" >&2; exit 1; }
    SUDO=sudo
else
    SUDO=
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# No daemon of a package we install should start and grab ports on this machine.
policy=/usr/sbin/policy-rc.d
created_policy=no
if [ ! -e $policy ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee $policy >/dev/null
    $SUDO chmod 755 $policy
    created_policy=yes
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
[ $created_policy = yes ] && $SUDO rm -f $policy
exit 0
