#!/bin/bash
# run-demo.sh -- README command 1: install what is needed, build distcc, start two
# throwaway distccd servers on 127.0.0.1 and 127.0.0.2, build the bundled demo
# project with `make -j8 CC="distcc gcc" CXX="distcc g++"`, show which server
# compiled each file and distcc-report's summary of the build (from the clients' job
# journal, DISTCC_JOURNAL), then stop the servers.  Nothing is installed outside the demo
# work area (default /tmp/distcc-demo, set DCC_DEMO_ROOT to change it).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
work=${DCC_DEMO_ROOT:-/tmp/distcc-demo}
prefix=$work/prefix
jobs=$(nproc 2>/dev/null || echo 2)

echo "== installing build dependencies"
"$src/test/install-deps.sh" build

echo "== building distcc into $prefix"
rm -rf "$work"
mkdir -p "$work/build"
chmod 755 "$work"
(cd "$src" && autoreconf -fi >/dev/null 2>&1)
cd "$work/build"
"$src/configure" -q --prefix="$prefix" --enable-werror
make -s -j"$jobs"
make -s install >/dev/null

if [ ! -x "$prefix/bin/distcc" ] || [ ! -x "$prefix/bin/distccd" ]; then
    echo "distcc and distccd are not built yet; the demo stops after the build."
    exit 0
fi

# The masquerade directory <prefix>/lib/distcc is also the daemon's compiler
# whitelist (update-distcc-symlinks maintains it on a real installation).
mkdir -p "$prefix/lib/distcc"
triple=$(gcc -dumpmachine)
for c in gcc g++ cc c++ "$triple-gcc" "$triple-g++"; do
    ln -sf ../../bin/distcc "$prefix/lib/distcc/$c"
done
chmod -R a+rX "$work"

pids=""
cleanup() {
    for pid in $pids; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

# A port nobody listens on right now (bounded search upwards from a random start).
free_port() {
    local p=$((20000 + RANDOM % 20000)) i
    for i in $(seq 1 200); do
        (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }
        p=$((p + 1))
    done
    echo "no free port found" >&2
    exit 1
}

hosts=""
for addr in 127.0.0.1 127.0.0.2; do
    port=$(free_port)
    log="$work/distccd-$addr.log"
    : > "$log"
    chmod 666 "$log"
    "$prefix/bin/distccd" --daemon --no-detach --listen "$addr" --port "$port" \
        --allow 127.0.0.0/8 --jobs 4 --log-file "$log" --log-level notice &
    pids="$pids $!"
    tries=0
    until (exec 3<>/dev/tcp/$addr/$port) 2>/dev/null; do
        tries=$((tries + 1))
        [ $tries -gt 100 ] && { echo "distccd on $addr:$port did not start"; cat "$log"; exit 1; }
        sleep 0.1
    done
    echo "== distccd listening on $addr:$port (log $log)"
    hosts="$hosts $addr:$port/4,lzo"
done

echo "== building demo/project with DISTCC_HOSTS='$hosts'"
cp -r "$src/demo/project" "$work/project"
cd "$work/project"
mkdir -p "$work/distcc-dir"
journal=$work/journal.jsonl
rm -f "$journal"
env DISTCC_HOSTS="$hosts" DISTCC_DIR="$work/distcc-dir" DISTCC_JOURNAL="$journal" PATH="$prefix/bin:$PATH" \
    make -j8 CC="distcc gcc" CXX="distcc g++"

echo
echo "== where each file was compiled (from the servers' job summaries)"
for log in "$work"/distccd-*.log; do
    server=$(basename "$log" .log | sed 's/^distccd-//')
    grep -o 'COMPILE_OK .*' "$log" | awk -v s="$server" '{ printf "  %-20s compiled on %s by %s\n", $NF, s, $(NF-1) }'
done | sort

echo
echo "== the build's report (distcc-report $journal; --html shows a timeline)"
"$prefix/bin/distcc-report" --html "$work/report.html" "$journal"
echo "  HTML timeline: $work/report.html"

echo
echo "== running the result"
./wordstats
