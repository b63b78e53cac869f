/// The scan that the commands' direct readers share (`SearchCommand.parsedDirectly` and the others): arguments
/// in order, an option as `--name value` or `--name=value`, a value that may start with '-' only for an option
/// ArgumentParser reads `.unconditional`ly. An option given twice, unless it may repeat, is `refused`: the
/// reader then hands the arguments to ArgumentParser, whose messages stay the only ones.
struct DirectArguments {
    enum Item: Equatable {
        case positional(String)
        case option(String)
        /// An option given a second time that may not repeat.
        case refused
    }

    private let arguments: [String]
    private let repeatable: Set<String>
    /// Short names read as their long ones ("-l" for "--limit"), a repeat of either counting as one.
    private let shortNames: [String: String]
    private var position = 0
    private var seen: Set<String> = []
    /// The value given after '=' to the option just read.
    private var attached: String?

    init(_ arguments: [String], repeatable: Set<String>, shortNames: [String: String] = [:]) {
        self.arguments = arguments
        self.repeatable = repeatable
        self.shortNames = shortNames
    }

    /// The next argument, nil after the last. An option comes with its name as written ("-l", not "--limit").
    mutating func next() -> Item? {
        guard position < arguments.count else { return nil }
        let argument = arguments[position]
        position += 1
        attached = nil
        guard argument.hasPrefix("-") else { return .positional(argument) }
        var name = argument
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
            name = String(argument[..<equals])
            attached = String(argument[argument.index(after: equals)...])
        }
        let canonical = shortNames[name] ?? name
        if !repeatable.contains(canonical) {
            guard seen.insert(canonical).inserted else { return .refused }
        }
        return .option(name)
    }

    /// The value of the option just read: after its '=', else the next argument, which may start with '-' only
    /// when `unconditional`.
    mutating func value(unconditional: Bool) -> String? {
        if let attached { return attached }
        guard position < arguments.count else { return nil }
        let next = arguments[position]
        if !unconditional, next.hasPrefix("-") { return nil }
        position += 1
        return next
    }

    /// Whether the option just read is a flag as written: no value after '='.
    var isFlag: Bool { attached == nil }
}

/// What a command's direct reader makes of its arguments: run as the ArgumentParser command would run it.
protocol DirectRequest {
    func run() throws
}

extension SearchRequest: DirectRequest {}
extension EntitiesRequest: DirectRequest {}
extension MentionsRequest: DirectRequest {}
extension RelatedRequest: DirectRequest {}
