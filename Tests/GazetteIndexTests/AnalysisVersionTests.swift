import Testing
@testable import GazetteIndex

/// The manifest records what analysed the documents, and a reader refuses an index whose positions another
/// text analysis wrote.
@Suite("Analysis version")
struct AnalysisVersionTests {
    @Test func theAnalysisSurvivesTheManifest() throws {
        var manifest = Manifest(generation: 2, nextSegmentNumber: 1, segments: [])
        #expect(manifest.analysis == nil)
        manifest.analysis = AnalysisVersion(text: 7, entities: 0)
        let bytes = manifest.serialized()
        #expect(String(decoding: bytes, as: UTF8.self).contains("\nanalysis 7 0\n"))
        let parsed = try bytes.withUnsafeBytes { raw in try Manifest.parse(raw, path: "gazette.manifest") }
        #expect(parsed.analysis == AnalysisVersion(text: 7, entities: 0))
        #expect(parsed == manifest)
    }

    @Test(arguments: ["analysis 1", "analysis 0 1", "analysis x 1", "analysis 1 -1", "analysis 1 1 1", "analysis 1 1\nanalysis 1 1"])
    func aMalformedAnalysisLineIsDamage(_ line: String) throws {
        let bytes = ManifestRootsTests.manifest(with: line)
        #expect(throws: IndexError.self) {
            try bytes.withUnsafeBytes { raw in try Manifest.parse(raw, path: "gazette.manifest") }
        }
    }

    @Test func aReaderRefusesAnotherTextAnalysis() throws {
        let directory = MemoryDirectory()
        func commit(_ analysis: AnalysisVersion) throws {
            let writer = try IndexWriter(directory: directory, rebuild: true)
            writer.setAnalysis(analysis)
            _ = try writer.commit()
        }
        try commit(AnalysisVersion(text: AnalysisVersion.currentText + 1, entities: 3))
        #expect {
            _ = try IndexReader(directory: directory)
        } throws: { error in
            guard case .analysisChanged(_, let found, let current) = error as? IndexError else { return false }
            return found == AnalysisVersion.currentText + 1 && current == AnalysisVersion.currentText
        }
        // Another recogniser is no reason to refuse: its spans are older, not misplaced.
        try commit(AnalysisVersion(entities: 99))
        #expect(try IndexReader(directory: directory).manifest.analysis == AnalysisVersion(entities: 99))
    }
}
