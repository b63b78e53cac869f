// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: FileNames (lossless file names, terminal escaping) is a leaf shared by Ingest and
// Search; Ingest and Analysis know nothing of the index; Index knows Analysis only for its token type; Search
// reads the index; GazetteKit runs indexing over all of them; the CLI parses arguments and renders.

/// Release builds skip the dynamic exclusivity checks, which cost measurably on the hot per-token paths; the
/// test suite runs debug builds, where the checks stay on.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

/// Release builds of Gazette's own modules reach generic type metadata through direct accessors, not through
/// mangled type names the runtime demangles on first use: demangling a type with a requirement (`Set<String>`,
/// `[Range<Int>]`) makes the runtime scan every protocol conformance record of the binary — NIO's, Hummingbird's
/// and Foundation's included — about 0.35 M instructions a scan, several scans in a one-shot search. Every module
/// of ours, not only those a search runs through: a generic specialization that several modules emit is linked
/// from whichever the linker meets first, and with the flag on four modules the search's `[Range<Int>]` came
/// from GazetteEntities' copy and still made the runtime scan. (The dependencies keep their own settings.)
let startUp: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release))
]

/// Where Debian's libxml2-dev puts its headers. GazetteIngest imports them; every module built above it gets the
/// path too, since an optimised build of those modules loads GazetteIngest's C module to inline its code, and an
/// incremental release build that recompiled only them failed ("could not build C module 'CLibXML2'").
let libxml2Headers: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"])]

let package = Package(
    name: "Gazette",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gazette", targets: ["gazette"]),
        .library(name: "GazetteKit", targets: ["GazetteKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The web server of `gazette serve`. Its default traits (swift-configuration support, full Foundation)
        // are left off: nothing here uses them, and they add packages to every build.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        // libxml2's headers only: the library (and the ICU, lzma and zlib it brings, 1.4 ms of every process start)
        // is loaded with dlopen when HTML is first parsed (`LibXML2`). pkg-config would also link it, so the
        // target names no pkg-config package; GazetteIngest finds the headers where Debian's libxml2-dev puts them.
        .systemLibrary(name: "CLibXML2", providers: [.apt(["libxml2-dev"])]),
        // zstd and the Snowball stemmers are linked from Debian's static archives (the module maps link
        // ":libzstd.a" and ":libstemmer.a"): as shared libraries they cost every process start their loading and
        // relocation (libstemmer's 10,825 relocations wrote 91 pages before main). No pkg-config for zstd, whose
        // flags would link the shared library; both headers are in the default paths.
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CPrefetch"),
        .systemLibrary(name: "CChecksum"),
        .target(name: "GazetteFileNames", swiftSettings: startUp),
        .target(
            name: "GazetteIngest", dependencies: ["CLibXML2", "GazetteFileNames"],
            swiftSettings: hotPath + startUp + libxml2Headers),
        .target(name: "GazetteAnalysis", dependencies: ["CStemmer"], swiftSettings: hotPath + startUp),
        .target(name: "GazetteEntities", dependencies: ["GazetteAnalysis", "CPrefetch"], swiftSettings: hotPath + startUp),
        .target(
            name: "GazetteIndex", dependencies: ["GazetteAnalysis", "GazetteFileNames", "CZstd", "CPrefetch", "CChecksum"],
            swiftSettings: hotPath + startUp),
        .target(
            name: "GazetteSearch", dependencies: ["GazetteIndex", "GazetteAnalysis", "GazetteEntities", "GazetteFileNames"],
            swiftSettings: hotPath + startUp),
        // What a program does with an index — today the indexing pipeline — for the CLI and whatever else runs it.
        .target(
            name: "GazetteKit",
            dependencies: ["GazetteIngest", "GazetteAnalysis", "GazetteEntities", "GazetteIndex", "GazetteSearch", "CMalloc"],
            swiftSettings: hotPath + startUp + libxml2Headers),
        // `gazette serve`: routes, pages and the JSON API over GazetteKit's sessions, on Hummingbird.
        .target(
            name: "GazetteServer",
            dependencies: [
                "GazetteKit", "GazetteSearch", "GazetteIndex", "GazetteEntities",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: startUp + libxml2Headers),
        .executableTarget(
            name: "gazette",
            dependencies: [
                "GazetteKit", "GazetteIngest", "GazetteAnalysis", "GazetteEntities", "GazetteIndex", "GazetteSearch",
                "GazetteFileNames", "GazetteServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift driver links Linux executables with --export-dynamic, which puts every public symbol of
            // every package (23,000, NIO and Hummingbird's included) in the dynamic symbol table; nothing loads
            // `gazette` as a library, and the runtime's start-up `dladdr` walks that table on each process start.
            swiftSettings: startUp + libxml2Headers,
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux]))]
        ),
        .executableTarget(
            name: "entity-eval", dependencies: ["GazetteEntities", "GazetteAnalysis", "GazetteIngest"], path: "Sources/EntityEval",
            swiftSettings: libxml2Headers),
        // Test-only, and no product: what several test targets share (`TemporaryDirectory`, `TestPaths`, fault
        // injection through `FaultInjectingDirectory`), and the indexer the crash-safety test kills at chosen steps.
        // Nothing of either is in `gazette`.
        .target(name: "GazetteTestSupport", dependencies: ["GazetteIndex"], path: "Tests/GazetteTestSupport"),
        .executableTarget(
            name: "gazette-crash-harness",
            dependencies: ["GazetteKit", "GazetteIndex", "GazetteIngest", "GazetteEntities", "GazetteSearch", "GazetteTestSupport"],
            path: "Tests/CrashHarness", swiftSettings: libxml2Headers),
        .testTarget(name: "GazetteIngestTests", dependencies: ["GazetteIngest", "GazetteFileNames", "GazetteTestSupport"]),
        .testTarget(name: "GazetteEntitiesTests", dependencies: ["GazetteEntities", "GazetteAnalysis"]),
        .testTarget(name: "GazetteAnalysisTests", dependencies: ["GazetteAnalysis"]),
        .testTarget(name: "GazetteIndexTests", dependencies: ["GazetteIndex", "GazetteAnalysis", "GazetteTestSupport"]),
        .testTarget(
            name: "GazetteSearchTests", dependencies: ["GazetteSearch", "GazetteIndex", "GazetteAnalysis", "GazetteTestSupport"]),
        .testTarget(name: "GazetteCLITests", dependencies: ["gazette", "gazette-crash-harness", "GazetteIndex"]),
        .testTarget(
            name: "GazetteKitTests", dependencies: ["GazetteKit", "GazetteEntities", "GazetteIngest", "GazetteIndex", "GazetteSearch", "GazetteTestSupport"]),
        .testTarget(name: "GazetteServerTests", dependencies: ["GazetteServer", "GazetteIndex", "gazette"]),
    ],
    swiftLanguageModes: [.v6]
)
