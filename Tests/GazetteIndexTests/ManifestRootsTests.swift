import Testing
@testable import GazetteIndex

@Suite("Manifest roots")
struct ManifestRootsTests {
    @Test(arguments: ["/srv/news", "/tmp/my groups", "/tmp/100%", "/tmp/tab\there", "/tmp/Zürich/日本", "/tmp/line\nbreak"])
    func rootsSurviveTheManifest(_ root: String) throws {
        var manifest = Manifest(generation: 3, nextSegmentNumber: 2, segments: [])
        manifest.roots = [root, "/other"]
        let bytes = manifest.serialized()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("root ") }.count == 2)
        let parsed = try bytes.withUnsafeBytes { raw in try Manifest.parse(raw, path: "gazette.manifest") }
        #expect(parsed.roots == [root, "/other"])
        #expect(parsed == manifest)
    }

    /// A manifest, intact but for `line`, with its checksum.
    static func manifest(with line: String) -> [UInt8] {
        let body = "gazette-index \(IndexFileFormat.version)\ngeneration 1\nnext-segment 1\n" + line + "\n"
        let crc = Array(body.utf8).withUnsafeBytes { CRC32.checksum($0) }
        return Array((body + "crc \(String(crc, radix: 16))\n").utf8)
    }

    @Test(arguments: ["root relative/path", "root /bad%2", "root /bad%zz", "root /a /b", "root /bad%FF"])
    func aMalformedRootLineIsDamage(_ line: String) throws {
        let bytes = Self.manifest(with: line)
        #expect(throws: IndexError.self) {
            try bytes.withUnsafeBytes { raw in try Manifest.parse(raw, path: "gazette.manifest") }
        }
    }
}
