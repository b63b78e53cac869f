/// What a recognition pass learns of capitalisation by reading the described tokens in order: which words
/// appear capitalised (and how often in mid-sentence), and which blocks are written in capitals or title case
/// ("shouting", marked on their tokens). Apart from the pass so that `EntityTokens.fill` can take the census
/// in the loop that writes the tokens, rather than the pass reading all of them again.
struct CapitalisationCensus: Sendable {
    /// Words seen capitalised, whose lowercase sightings matter (sentence-initial and lone-word decisions).
    var capitalised: HashTable<Bool>
    /// How often each word was seen capitalised where capitals are not explained by position.
    var capitalisedMidSentence: HashTable<UInt16>
    private var blockStart = 0
    // Letter counts of the current block, for the shouting test at its end.
    private var letters = 0, caps = 0, allCaps = 0

    init(tokenCount n: Int) {
        // Sized for what a document usually has (a few capitalised words in a hundred tokens); the tables grow
        // past that. Sized for the worst case, a long document's tables were mappings of their own, zeroed
        // afresh by the kernel and then again by the array, for each document.
        capitalised = HashTable(capacity: n / 16 + 16, empty: false)
        capitalisedMidSentence = HashTable(capacity: n / 16 + 16, empty: 0)
    }

    /// Takes in token `i`, whose shape is written; `endsBlock` when the next token starts another block or
    /// there is none. Tokens must come in order, from 0.
    @inline(__always)
    mutating func add(_ tp: UnsafeMutableBufferPointer<Token>, _ i: Int, endsBlock: Bool) {
        let shape = tp[i].shape
        if shape.contains(.hasLetter) {
            letters += 1
            if shape.contains(.capitalized) {
                caps += 1
                let hash = tp[i].hash
                capitalised.update(hash) { $0 = true }
                if !shape.contains(.ambiguousStart) {
                    capitalisedMidSentence.update(hash) { $0 &+= 1 }
                }
            }
            if shape.contains(.allCaps) { allCaps += 1 }
        }
        if endsBlock {
            // Blocks written in capitals or title case (headlines, hostile input) get gazetteer look-ups only.
            let shouting = (letters >= 3 && allCaps * 10 >= letters * 6) || (letters >= 6 && caps * 10 >= letters * 8)
            if shouting {
                for k in blockStart..<(i + 1) { tp[k].shape.insert(.shouting) }
            }
            letters = 0; caps = 0; allCaps = 0
            blockStart = i + 1
        }
    }
}
