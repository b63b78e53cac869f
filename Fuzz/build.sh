#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/Targets (one binary each, in .build-fuzz/bin/).
#
# The library modules are compiled by SwiftPM with -sanitize=fuzzer (coverage for libFuzzer) and address
# (AddressSanitizer), and with GAZETTE_FUZZING (checksums read as 0, see CRC32.checksum), into their own scratch
# path .build-fuzz; the normal .build, `swift build`, `swift test` and `make build` never see any of it. Each
# harness is then compiled by swiftc against those modules and linked with libFuzzer, which provides `main`.
# Usage: Fuzz/build.sh [target...]   (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
SWIFTC=${SWIFTC:-swiftc}
SCRATCH=.build-fuzz
BUILD=$SCRATCH/release
MODULES=(GazetteAnalysis GazetteEntities GazetteFileNames GazetteIndex GazetteIngest GazetteSearch GazetteKit)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(html text tokenizer query index)

# One -sanitize=fuzzer,address, not SwiftPM's --sanitize=fuzzer --sanitize=address: swiftc keeps only the last
# -sanitize= it is given, and the modules would get AddressSanitizer without any coverage for libFuzzer.
SPM_FLAGS=(-c release --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address -Xswiftc -DGAZETTE_FUZZING)
# GazetteKit brings every library module the harnesses use (the sample index recognises entities through its
# EntityRecognitionObserver, as `gazette index` does).
"$SWIFT" build "${SPM_FLAGS[@]}" --target GazetteKit

OBJECTS=()
for module in "${MODULES[@]}"; do OBJECTS+=("$BUILD/$module.build"/*.o); done
mkdir -p "$SCRATCH/bin"
for target in "${TARGETS[@]}"; do
    binary="$SCRATCH/bin/fuzz-$target"
    sources=(Fuzz/Shared/*.swift "Fuzz/Targets/$target.swift")
    # Relink only when a harness file or a library object is newer than the binary.
    if [ -x "$binary" ] && [ -z "$(find "${sources[@]}" "${OBJECTS[@]}" -newer "$binary" 2>/dev/null | head -1)" ]; then
        continue
    fi
    echo "linking $binary"
    "$SWIFTC" -O -use-ld=lld -parse-as-library -swift-version 6 -sanitize=fuzzer,address -DGAZETTE_FUZZING \
        -module-name "Fuzz_$target" -module-cache-path "$BUILD/ModuleCache" \
        -I "$BUILD/Modules" -I /usr/include/libxml2 \
        -Xcc -fmodule-map-file=Sources/CLibXML2/module.modulemap -Xcc -fmodule-map-file=Sources/CZstd/module.modulemap \
        -Xcc -fmodule-map-file=Sources/CPrefetch/module.modulemap -Xcc -fmodule-map-file=Sources/CMalloc/module.modulemap \
        -Xcc -fmodule-map-file=Sources/CStemmer/module.modulemap -Xcc -fmodule-map-file=Sources/CChecksum/module.modulemap \
        "${sources[@]}" "${OBJECTS[@]}" -lxml2 -lzstd -lstemmer -o "$binary"
done
