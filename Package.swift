// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: FileNames (lossless file names, terminal escaping) is a leaf shared by Ingest and
// Search; Ingest and Analysis know nothing of the index; Index knows Analysis only for its token type; Search
// reads the index; GazetteKit runs indexing over all of them; the CLI parses arguments and renders.

/// Release builds skip the dynamic exclusivity checks: they cost about 5 % of indexing time on the hot
/// per-token paths, and the test suite runs debug builds, where the checks stay on.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Gazette",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gazette", targets: ["gazette"]),
        .library(name: "GazetteKit", targets: ["GazetteKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CPrefetch"),
        .target(name: "GazetteFileNames"),
        .target(name: "GazetteIngest", dependencies: ["CLibXML2", "GazetteFileNames"], swiftSettings: hotPath),
        .target(name: "GazetteAnalysis", swiftSettings: hotPath),
        .target(name: "GazetteEntities", dependencies: ["GazetteAnalysis", "CPrefetch"], swiftSettings: hotPath),
        .target(name: "GazetteIndex", dependencies: ["GazetteAnalysis", "CZstd", "CPrefetch"], swiftSettings: hotPath),
        .target(
            name: "GazetteSearch", dependencies: ["GazetteIndex", "GazetteAnalysis", "GazetteEntities", "GazetteFileNames"],
            swiftSettings: hotPath),
        // What a program does with an index — today the indexing pipeline — for the CLI and whatever else runs it.
        .target(
            name: "GazetteKit",
            dependencies: ["GazetteIngest", "GazetteAnalysis", "GazetteEntities", "GazetteIndex", "GazetteSearch", "CMalloc"],
            swiftSettings: hotPath),
        .executableTarget(
            name: "gazette",
            dependencies: [
                "GazetteKit", "GazetteIngest", "GazetteAnalysis", "GazetteEntities", "GazetteIndex", "GazetteSearch",
                "GazetteFileNames", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "entity-eval", dependencies: ["GazetteEntities", "GazetteAnalysis"], path: "Sources/EntityEval"),
        .testTarget(name: "GazetteIngestTests", dependencies: ["GazetteIngest", "GazetteFileNames"]),
        .testTarget(name: "GazetteEntitiesTests", dependencies: ["GazetteEntities", "GazetteAnalysis"]),
        .testTarget(name: "GazetteAnalysisTests", dependencies: ["GazetteAnalysis"]),
        .testTarget(name: "GazetteIndexTests", dependencies: ["GazetteIndex", "GazetteAnalysis"]),
        .testTarget(name: "GazetteSearchTests", dependencies: ["GazetteSearch", "GazetteIndex", "GazetteAnalysis"]),
        .testTarget(name: "GazetteCLITests", dependencies: ["gazette", "GazetteIndex"]),
        .testTarget(name: "GazetteKitTests", dependencies: ["GazetteKit", "GazetteIngest", "GazetteIndex", "GazetteSearch"]),
    ],
    swiftLanguageModes: [.v6]
)
