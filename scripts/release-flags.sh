#!/usr/bin/env bash
# Prints the `swift build` flags of every release build of gazette (Makefile, bench/run.sh, bench/memory.sh), so
# that what is timed is what a user runs.
#
# - The Swift runtime is linked statically and the binary is not position-independent: no dynamic symbol lookup
#   for the runtime and none of its ~39,000 start-up relocations.
# - libstdc++ too, from the toolchain's static archive: a `-lstdc++` of swiftc's static-stdlib link line otherwise
#   loads libstdc++.so.6, whose own relocations are looked up symbol by symbol at every start (1.6 M of a static
#   Swift hello world's 1.9 M instructions). swiftc names `-lstdc++` itself, so the archive is offered in a
#   folder searched before the compiler's own (.build-link/, made here); libxml2, loaded with dlopen for HTML,
#   brings its own libstdc++.so.6 through ICU, and neither copy sees the other's symbols (`--exclude-libs ALL`).
#   Without the archive (no libstdc++ development files), the build links libstdc++.so.6 as before.
# - No `$ORIGIN` run path (`--disable-local-rpath`): nothing is loaded from beside the binary, and with it the
#   loader first looked for libm, libgcc_s and libc in a dozen folders there (24 failed system calls a start).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
flags="-c release --static-swift-stdlib --disable-local-rpath -Xlinker -no-pie"
archive=""
for compiler in clang gcc; do
    archive="$("$compiler" -print-file-name=libstdc++.a 2>/dev/null || true)"
    [ -n "$archive" ] && [ "$archive" != "libstdc++.a" ] && [ -f "$archive" ] && break
    archive=""
done
if [ -n "$archive" ]; then
    mkdir -p "$repo/.build-link"
    ln -sfn "$archive" "$repo/.build-link/libstdc++.a"
    flags="$flags -Xswiftc -L -Xswiftc $repo/.build-link"
fi
echo "$flags"
