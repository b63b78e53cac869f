/// Why a hit scored what it did (`--explain`): a tree whose root is the hit's score. A node's value is the sum of
/// its children's for `kind == "sum"`; a clause (`"term"`, `"phrase"`, `"entity"`) is `idf · saturation(weighted
/// tf)` with one `"field"` child per field it occurs in (whose values add up to the weighted tf); `"proximity"`
/// is the sum of its `"pair"` children.
public struct ScoreExplanation: Sendable, Equatable {
    public struct Factor: Sendable, Equatable {
        public var name: String
        public var value: Double

        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    public var value: Double
    /// The clause in query syntax, a field name, a word pair, or "all of" / "any of".
    public var label: String
    /// "sum", "term", "phrase", "entity", "field", "proximity" or "pair".
    public var kind: String
    public var factors: [Factor]
    public var children: [ScoreExplanation]

    public init(value: Double, label: String, kind: String, factors: [Factor] = [], children: [ScoreExplanation] = []) {
        self.value = value
        self.label = label
        self.kind = kind
        self.factors = factors
        self.children = children
    }

    public func factor(_ name: String) -> Double? {
        factors.first { $0.name == name }?.value
    }

    /// Every node of the tree, depth first, the root included.
    public var flattened: [ScoreExplanation] {
        [self] + children.flatMap(\.flattened)
    }
}
