import Foundation
import Testing

/// A copy of the sample corpus indexed in three stages, as an index lives through incremental runs: two folders;
/// four more and an article; two articles deleted. Each run indexes on one thread, so that each makes one
/// segment and the deletions stay in a segment of their own rather than being merged away (several threads'
/// segments may be merged).
struct StagedCorpus {
    let corpus: String
    let index: String
    private let files = FileManager.default

    init(root: String, index: String) throws {
        corpus = root + "/corpus"
        self.index = index
        try files.createDirectory(atPath: corpus, withIntermediateDirectories: true)
    }

    /// Stage 1: diplomacy and energy.
    func indexFirstFolders() throws {
        try copy(["diplomacy", "energy"])
        try indexCorpus()
    }

    /// Stage 2: four more folders and the seed article.
    func indexMoreFolders() throws {
        try copy(["sanctions", "courts", "elections", "tech", "lavrov-security-guarantees.txt"])
        try indexCorpus()
    }

    /// Stage 3: an article of each first folder deleted.
    func indexDeletions() throws {
        try files.removeItem(atPath: corpus + "/diplomacy/peskov-moscow-invitation.txt")
        try files.removeItem(atPath: corpus + "/energy/eu-lowers-oil-price-cap.txt")
        try indexCorpus()
    }

    private func copy(_ names: [String]) throws {
        for name in names {
            try files.copyItem(atPath: GazetteProcess.corpus + "/" + name, toPath: corpus + "/" + name)
        }
    }

    private func indexCorpus() throws {
        let run = try GazetteProcess.run(["index", corpus, "--index", index, "--quiet", "--threads", "1"])
        #expect(run.status == 0, "\(run.stderr)")
    }
}
