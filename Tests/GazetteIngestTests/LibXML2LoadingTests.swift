import Testing
@testable import GazetteIngest

/// libxml2 is loaded on first use, not linked (`LibXML2`): a missing library is an error naming the file that
/// needed it, never a crash.
@Suite struct LibXML2LoadingTests {
    @Test func theInstalledLibraryLoadsWithEveryFunction() {
        guard case .success = LibXML2.load(LibXML2.soname) else {
            Issue.record("\(LibXML2.soname) did not load")
            return
        }
    }

    @Test func aMissingLibraryIsAnErrorThatSaysWhichAndWhy() {
        guard case .failure(let error) = LibXML2.load("libxml2-gazette-missing.so.9") else {
            Issue.record("a missing library loaded")
            return
        }
        #expect(error.message.contains("libxml2-gazette-missing.so.9"), "\(error.message)")
        let ingest = IngestError.htmlParserUnavailable(path: "corpus/page.html", reason: error.message)
        #expect(ingest.description.hasPrefix("corpus/page.html: cannot parse HTML: libxml2 could not be loaded ("))
        #expect(ingest.path == "corpus/page.html")
        #expect(ingest.reason == "no HTML parser")
    }
}
