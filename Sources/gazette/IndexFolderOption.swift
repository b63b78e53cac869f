import ArgumentParser

/// `--index DIR` for the commands that work on one index: given twice it is an error, not the last value
/// silently kept (`search`, `mentions`, `entities` and `verify` take several).
struct IndexFolderOption: ParsableArguments {
    @Option(
        name: .customLong("index"),
        help: ArgumentHelp("Index folder (default: ./index).", valueName: "dir"),
        completion: .directory)
    var folders: [String] = []

    func validate() throws {
        guard folders.count <= 1 else {
            throw ValidationError("--index is given \(folders.count) times; this command works on one index")
        }
    }

    var folder: String { folders.first ?? "index" }
}
