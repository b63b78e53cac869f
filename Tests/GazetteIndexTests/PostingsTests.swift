import GazetteTestSupport
import Testing
@testable import GazetteIndex

/// Deterministic generator for the codec tests.
typealias CodecRandom = SeededRandom

/// One posting of the reference model.
struct ModelPosting: Equatable {
    var document: UInt32
    var positions: [UInt32]
}

/// Postings and positions files built by the real writer, with the reference model of every term.
struct BuiltPostings {
    var postings: [UInt8]
    var positions: [UInt8]
    var infos: [TermInfo]
    var model: [[ModelPosting]]

    init(_ model: [[ModelPosting]]) {
        var writer = PostingsWriter()
        var infos: [TermInfo] = []
        for term in model {
            writer.beginTerm()
            for posting in term {
                posting.positions.withUnsafeBufferPointer { writer.add(document: posting.document, positions: $0) }
            }
            infos.append(writer.endTerm())
        }
        do {
            (postings, positions) = try writer.finish()
        } catch {
            preconditionFailure("files in memory cannot fail to finish: \(error)")
        }
        self.infos = infos
        self.model = model
    }

    func withCursor<R>(_ term: Int, postings: [UInt8]? = nil, positions: [UInt8]? = nil, info: TermInfo? = nil,
                       _ body: (inout PostingsCursor) -> R) -> R {
        (postings ?? self.postings).withUnsafeBytes { post in
            (positions ?? self.positions).withUnsafeBytes { pos in
                var cursor = PostingsCursor(
                    postings: post, positions: pos, info: info ?? infos[term],
                    postingsPath: "s1.post", positionsPath: "s1.pos", documentCount: Int(UInt32.max))
                return body(&cursor)
            }
        }
    }
}

enum PostingsModel {
    /// A list of `count` postings: gaps drawn so that some blocks are dense (gap 0) and some sparse, frequencies
    /// mostly 1 with a long tail (some over 128 so that one document spans positions blocks).
    static func randomList(count: Int, random: inout CodecRandom, maxGap: Int = 50, largeFrequencies: Bool = true) -> [ModelPosting] {
        var list: [ModelPosting] = []
        list.reserveCapacity(count)
        var document = UInt32(random.below(maxGap + 1))
        let dense = random.below(4) == 0
        for i in 0..<count {
            if i > 0 { document += 1 + UInt32(dense ? (random.below(10) == 0 ? random.below(3) : 0) : random.below(maxGap)) }
            let roll = random.below(100)
            let frequency = roll < 70 ? 1 : roll < 95 ? 2 + random.below(6) : (largeFrequencies && roll == 99 ? 100 + random.below(300) : 8 + random.below(40))
            var positions: [UInt32] = []
            var position = UInt32(random.below(3) == 0 ? random.below(5) : random.below(5000))
            for _ in 0..<frequency {
                positions.append(position)
                position += 1 + UInt32(random.below(random.below(5) == 0 ? 2000 : 40))
            }
            list.append(ModelPosting(document: document, positions: positions))
        }
        return list
    }

    /// `keepPositions(of:shiftedBy:)` on a copy of `targets`: the targets kept.
    static func keep(_ targets: [Int], shift: Int, _ cursor: inout PostingsCursor) -> [Int] {
        var buffer = targets
        let kept = buffer.withUnsafeMutableBufferPointer { cursor.keepPositions(of: $0, shiftedBy: shift) }
        return Array(buffer[0..<kept])
    }

    /// 1 / (1 + moves) for moves up to 99, as a proximity table holds them.
    static let closeness: [Double] = (0..<100).map { 1 / Double(1 + $0) }

    /// The model of `sumCloseness`: each of `others` paired with the fewer moves of the last of `positions` before
    /// it and the first at or after it (that one not when equal: two words never share a position in an index,
    /// and the proximity counts none there), summed below and from `split` in `others`' order.
    static func closeness(
        of others: [UInt32], to positions: [UInt32], othersComeFirst: Bool, window: Int, split: UInt32
    ) -> (below: Double, from: Double) {
        var below = 0.0, from = 0.0
        for s in others {
            var best = Int.max
            let left = positions.last { $0 < s }, right = positions.first { $0 >= s }
            for p in [left, right].compactMap({ $0 }) where p != s {
                // Sloppy distance in query order: "a b" 0 moves, "a x b" 1, "b a" 2.
                let (a, b) = othersComeFirst ? (s, p) : (p, s)
                best = min(best, b > a ? Int(b - a) - 1 : Int(a - b) + 1)
            }
            if best <= window {
                if s < split { below += closeness[best] } else { from += closeness[best] }
            }
        }
        return (below, from)
    }

    /// `sumCloseness` of `others` against the cursor's current document.
    static func sumCloseness(
        _ others: [UInt32], othersComeFirst: Bool, window: Int, split: UInt32, _ cursor: inout PostingsCursor
    ) -> (below: Double, from: Double) {
        others.withUnsafeBufferPointer { others in
            closeness.withUnsafeBufferPointer {
                cursor.sumCloseness(of: others, othersComeFirst: othersComeFirst, window: window, closeness: $0, split: split)
            }
        }
    }

    /// Reads the whole term with `next` and `readPositions`, into an array and into a `PositionBuffer` by turns
    /// (so that both meet every damage the suites inflict); nil when the cursor reported corruption.
    static func readAll(_ cursor: inout PostingsCursor) -> [ModelPosting]? {
        var result: [ModelPosting] = []
        var positions: [UInt32] = []
        var buffer = PositionBuffer(capacity: 1)
        while cursor.next() != PostingsCursor.exhausted {
            if result.count % 2 == 0 {
                cursor.readPositions(into: &positions)
            } else {
                cursor.readPositions(into: &buffer)
                positions = buffer.array
            }
            if cursor.isCorrupt { return nil }
            guard Int(cursor.frequency) == positions.count else { return nil }
            result.append(ModelPosting(document: cursor.document, positions: positions))
        }
        return cursor.isCorrupt ? nil : result
    }

    /// The reference answer of advance(to:): index of the first posting >= target at or after `from`.
    static func firstAtOrAfter(_ list: [ModelPosting], _ target: UInt32, from: Int) -> Int {
        var low = from, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid].document < target { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

@Suite("Postings and positions round trip through the block codec")
struct PostingsRoundTripTests {
    static let lengths = [1, 2, 3, 5, 127, 128, 129, 200, 255, 256, 257, 1000, 4095, 4096, 4097, 8191, 8193, 9000]

    @Test(arguments: lengths)
    func nextAndPositionsMatchTheModel(length: Int) {
        var random = CodecRandom(seed: UInt64(length) &* 7919)
        let model = (0..<3).map { _ in PostingsModel.randomList(count: length, random: &random) }
        let built = BuiltPostings(model)
        for term in model.indices {
            let info = built.infos[term]
            #expect(info.documentFrequency == UInt32(length))
            #expect(info.totalTermFrequency == model[term].reduce(0) { $0 + UInt64($1.positions.count) })
            let read = built.withCursor(term) { PostingsModel.readAll(&$0) }
            #expect(read == model[term])
        }
    }

    @Test func hundredThousandDocuments() {
        var random = CodecRandom(seed: 100_000)
        let model = [PostingsModel.randomList(count: 100_000, random: &random, maxGap: 20),
                     PostingsModel.randomList(count: 100_000, random: &random, maxGap: 1, largeFrequencies: false)]
        let built = BuiltPostings(model)
        for term in model.indices {
            let read = built.withCursor(term) { PostingsModel.readAll(&$0) }
            #expect(read == model[term])
        }
    }

    @Test func pulsedTermsHaveNoBytesInTheFiles() {
        let model: [[ModelPosting]] = [
            [ModelPosting(document: 7, positions: [42])],
            [ModelPosting(document: 0, positions: [0])],
            [ModelPosting(document: 9, positions: [3, 5, 900])],
            [ModelPosting(document: UInt32.max - 1, positions: [UInt32.max])],
            [ModelPosting(document: 12, positions: (0..<300).map { UInt32($0 * 3 + 1) })],  // 2 positions blocks + tail
            [ModelPosting(document: 13, positions: (0..<256).map { UInt32($0) })],  // exactly 2 blocks, no tail
        ]
        let built = BuiltPostings(model)
        #expect(built.postings.count == 16)  // header and footer only
        #expect(built.infos[0] == TermInfo(documentFrequency: 1, totalTermFrequency: 1, postingsOffset: 0,
                                           positionsOffset: 0, singletonDocument: 7, singletonPosition: 42))
        #expect(built.infos[2].positionsOffset == 8)
        for term in model.indices {
            #expect(built.withCursor(term) { PostingsModel.readAll(&$0) } == model[term])
        }
    }

    @Test func blockChecksumIsCRC32C() {
        #expect(Array("123456789".utf8).withUnsafeBytes { BlockChecksum.checksum($0) } == 0xE306_9283)
        #expect([UInt8]().withUnsafeBytes { BlockChecksum.checksum($0) } == 0)
        // Every length and alignment agrees with a bytewise reference, whether the processor's crc32 instruction
        // or the table computes it.
        var random = CodecRandom(seed: 32)
        let data = (0..<300).map { _ in UInt8(random.below(256)) }
        for start in 0..<9 {
            for end in stride(from: start, through: data.count, by: 7) {
                var reference: UInt32 = ~0
                for byte in data[start..<end] {
                    reference ^= UInt32(byte)
                    for _ in 0..<8 { reference = reference & 1 != 0 ? 0x82F6_3B78 ^ (reference >> 1) : reference >> 1 }
                }
                let computed = data.withUnsafeBytes { BlockChecksum.checksum(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
                #expect(computed == ~reference)
                // The table, used where the processor has no crc32 instruction, gives the same.
                let table = data.withUnsafeBytes { bytes in
                    BlockChecksum.tableChecksum(bytes.baseAddress! + start, count: end - start)
                }
                #expect(table == ~reference)
            }
        }
    }

    @Test func emptyTermIsExhaustedAtOnce() {
        let built = BuiltPostings([[]])
        #expect(built.infos[0].documentFrequency == 0)
        built.withCursor(0) { cursor in
            #expect(cursor.next() == PostingsCursor.exhausted)
            #expect(cursor.advance(to: 5) == PostingsCursor.exhausted)
            #expect(!cursor.isCorrupt)
        }
    }

    @Test func allFrequenciesOneCostNoFrequencyBits() {
        // 128 consecutive documents with frequency 1: doc gaps and frequencies both pack at width 0.
        let model = [(0..<128).map { ModelPosting(document: UInt32($0), positions: [1]) }]
        let built = BuiltPostings(model)
        // one skip entry (lastDoc 127: 1 byte, 2 width bytes, tfSum 0, positions offset 0) + crc, an empty block + crc
        #expect(built.postings.count == 16 + 5 + 4 + 4)
        #expect(built.withCursor(0) { PostingsModel.readAll(&$0) } == model[0])
    }

    @Test(arguments: [1, 129, 1000, 5000, 40_000])
    func advanceAndNextMixMatchesTheModel(length: Int) {
        var random = CodecRandom(seed: UInt64(length) &+ 17)
        let model = [PostingsModel.randomList(count: length, random: &random, maxGap: 30)]
        let built = BuiltPostings(model)
        let list = model[0]
        let lastDocument = list.last!.document
        for round in 0..<40 {
            var positions: [UInt32] = []
            built.withCursor(0) { cursor in
                var buffer = PositionBuffer(capacity: 1)
                var at = -1  // index in the model of the cursor's document
                for _ in 0..<200 {
                    let op = random.below(10)
                    if op < 3 {
                        let got = cursor.next()
                        at += 1
                        #expect(got == (at < list.count ? list[at].document : PostingsCursor.exhausted))
                    } else {
                        let current = at >= 0 && at < list.count ? list[at].document : 0
                        let target: UInt32
                        switch random.below(6) {
                        case 0: target = current  // equal to the current document
                        case 1: target = current &+ UInt32(random.below(5))
                        case 2: target = current &+ UInt32(random.below(Int(lastDocument) / 20 + 1))
                        case 3: target = lastDocument &+ UInt32(1 + random.below(10))  // beyond the end
                        case 4: target = UInt32(random.below(Int(lastDocument) + 2))
                        default: target = list[random.below(list.count)].document
                        }
                        let got = cursor.advance(to: target)
                        if at >= 0, at < list.count, list[at].document >= target {
                            // stays put
                        } else if at < list.count {
                            at = PostingsModel.firstAtOrAfter(list, target, from: max(at, 0))
                        }
                        #expect(got == (at < list.count ? list[at].document : PostingsCursor.exhausted),
                                "round \(round) target \(target)")
                    }
                    if at >= list.count { break }
                    if at >= 0, random.below(3) == 0 {
                        cursor.readPositions(into: &positions)
                        #expect(positions == list[at].positions)
                        #expect(cursor.frequency == UInt32(list[at].positions.count))
                        // Again into a buffer of its own, which grows from one position to the longest list.
                        cursor.readPositions(into: &buffer)
                        #expect(buffer.array == list[at].positions)
                    }
                }
                #expect(!cursor.isCorrupt)
            }
        }
    }

    /// `countPositions(below:)` reads a document's positions only up to the bound; it must agree with counting
    /// the full list, whether or not the document's positions were read before, over documents whose positions
    /// span blocks and documents the walk jumped over.
    @Test(arguments: [1, 300, 5000])
    func countingPositionsBelowABoundMatchesTheModel(length: Int) {
        var random = CodecRandom(seed: UInt64(length) &+ 41)
        let model = [PostingsModel.randomList(count: length, random: &random, maxGap: 30)]
        let built = BuiltPostings(model)
        let list = model[0]
        built.withCursor(0) { cursor in
            var positions: [UInt32] = []
            var at = 0
            while at < list.count {
                #expect(cursor.advance(to: list[at].document) == list[at].document)
                let expected = list[at].positions
                if random.below(4) == 0 {
                    cursor.readPositions(into: &positions)
                    #expect(positions == expected)
                }
                let bounds: [UInt32] = [0, expected[0], expected[0] + 1, expected.last!, expected.last! + 1,
                                        UInt32(random.below(Int(expected.last!) + 2)), UInt32.max]
                for bound in bounds {
                    #expect(cursor.countPositions(below: bound) == expected.filter { $0 < bound }.count,
                            "document \(list[at].document), bound \(bound)")
                }
                at += 1 + random.below(random.below(8) == 0 ? 300 : 3)
            }
            #expect(!cursor.isCorrupt)
        }
    }

    /// `keepPositions(of:shiftedBy:)` compares positions as it decodes them and stops after the last target; it
    /// must keep exactly the targets that the full list holds at their shift, whether or not the document's
    /// positions were read before, for targets below, between, on and past the positions (negative ones too), in
    /// documents whose positions span blocks and documents the walk jumped over.
    @Test(arguments: [1, 300, 5000])
    func keepingPositionsMatchesTheModel(length: Int) {
        var random = CodecRandom(seed: UInt64(length) &+ 73)
        let model = [PostingsModel.randomList(count: length, random: &random, maxGap: 30)]
        let built = BuiltPostings(model)
        let list = model[0]
        built.withCursor(0) { cursor in
            var positions: [UInt32] = []
            var at = 0
            var keptSome = 0, droppedSome = 0
            while at < list.count {
                #expect(cursor.advance(to: list[at].document) == list[at].document)
                let expected = list[at].positions.map { Int($0) }
                if random.below(4) == 0 {
                    cursor.readPositions(into: &positions)
                    #expect(positions == list[at].positions)
                }
                for shift in [0, 1, 3] {
                    var targets: Set<Int> = [-5, -1, expected.last! + 1 - shift, expected.last! + 1000]
                    for position in expected where random.below(2) == 0 { targets.insert(position - shift) }
                    for _ in 0..<random.below(6) { targets.insert(random.below(expected.last! + 50) - shift) }
                    if random.below(5) == 0 { targets = [expected[random.below(expected.count)] - shift] }
                    let sorted = targets.sorted()
                    let wanted = sorted.filter { expected.contains($0 + shift) }
                    let kept = PostingsModel.keep(sorted, shift: shift, &cursor)
                    #expect(kept == wanted, "document \(list[at].document), shift \(shift)")
                    keptSome += kept.count
                    droppedSome += sorted.count - kept.count
                }
                at += 1 + random.below(random.below(8) == 0 ? 300 : 3)
            }
            #expect(keptSome > 0 && droppedSome > 0)
            #expect(!cursor.isCorrupt)
        }
    }

    /// `sumCloseness(of:...)` pairs another word's positions with the term's nearest as it decodes them and stops
    /// after the last; its sums must be the model's (every pairing tried) to the last bit, whether or not the
    /// document's positions were read before, for other words before, among, on and after the term's positions,
    /// both orders, windows of 0 to 12, title splits inside and outside, documents whose positions span blocks
    /// and documents the walk jumped over.
    @Test(arguments: [1, 300, 5000])
    func summingClosenessMatchesTheModel(length: Int) {
        var random = CodecRandom(seed: UInt64(length) &+ 131)
        let model = [PostingsModel.randomList(count: length, random: &random, maxGap: 30)]
        let built = BuiltPostings(model)
        let list = model[0]
        built.withCursor(0) { cursor in
            var positions: [UInt32] = []
            var at = 0
            var close = 0
            while at < list.count {
                #expect(cursor.advance(to: list[at].document) == list[at].document)
                let mine = list[at].positions
                if random.below(4) == 0 {
                    cursor.readPositions(into: &positions)
                    #expect(positions == mine)
                }
                for _ in 0..<3 {
                    var others: Set<UInt32> = []
                    for p in mine where random.below(3) == 0 {
                        others.insert(p)
                        others.insert(p &+ UInt32(1 + random.below(3)))
                        if p > 2 { others.insert(p - UInt32(1 + random.below(3))) }
                    }
                    for _ in 0..<random.below(5) { others.insert(UInt32(random.below(Int(mine.last!) + 40))) }
                    if others.isEmpty { others.insert(mine[0] + 1) }
                    let sorted = others.sorted()
                    let first = random.below(2) == 0, window = random.below(13)
                    let split = random.below(3) == 0 ? 0 : UInt32(random.below(Int(mine.last!) + 2))
                    let got = PostingsModel.sumCloseness(sorted, othersComeFirst: first, window: window, split: split, &cursor)
                    let wanted = PostingsModel.closeness(of: sorted, to: mine, othersComeFirst: first, window: window, split: split)
                    #expect(got.below == wanted.below && got.from == wanted.from,
                            "document \(list[at].document), window \(window), split \(split)")
                    if got.below + got.from > 0 { close += 1 }
                }
                at += 1 + random.below(random.below(8) == 0 ? 300 : 3)
            }
            #expect(close > 0)
            #expect(!cursor.isCorrupt)
        }
    }

    /// A term with one position in all: the other word before it, after it, on it, on both sides.
    @Test func summingClosenessToTheOnlyPositionOfATerm() {
        let built = BuiltPostings([[ModelPosting(document: 7, positions: [42])]])
        built.withCursor(0) { cursor in
            #expect(cursor.advance(to: 7) == 7)
            let c = PostingsModel.closeness
            let before = PostingsModel.sumCloseness([41], othersComeFirst: true, window: 12, split: 0, &cursor)
            #expect(before.below == 0 && before.from == c[0])
            let after = PostingsModel.sumCloseness([41, 42, 44], othersComeFirst: false, window: 12, split: 43, &cursor)
            // 41 is reversed ("b a", 2 moves), 42 shares the term's position (no pair), 44 one word after it.
            #expect(after.below == c[2] && after.from == c[1])
            let far = PostingsModel.sumCloseness([1, 100], othersComeFirst: true, window: 12, split: 0, &cursor)
            #expect(far.below == 0 && far.from == 0)
            #expect(!cursor.isCorrupt)
        }
    }

    /// A term with one position in all (its position kept in the dictionary, no positions file bytes).
    @Test func keepingTheOnlyPositionOfATerm() {
        let built = BuiltPostings([[ModelPosting(document: 7, positions: [42])]])
        built.withCursor(0) { cursor in
            #expect(cursor.advance(to: 7) == 7)
            #expect(PostingsModel.keep([40, 41, 43], shift: 1, &cursor) == [41])
            #expect(PostingsModel.keep([40, 41, 43], shift: 0, &cursor) == [])
            #expect(PostingsModel.keep([-3, 42], shift: 0, &cursor) == [42])
            #expect(!cursor.isCorrupt)
        }
    }

    @Test func positionsAfterAdvancingOverManyDocuments() {
        var random = CodecRandom(seed: 99)
        let model = [PostingsModel.randomList(count: 20_000, random: &random, maxGap: 5)]
        let built = BuiltPostings(model)
        let list = model[0]
        var positions: [UInt32] = []
        for start in stride(from: 0, to: list.count, by: 997) {
            built.withCursor(0) { cursor in
                // Straight to a deep document, without ever reading the positions before it.
                #expect(cursor.advance(to: list[start].document) == list[start].document)
                cursor.readPositions(into: &positions)
                #expect(positions == list[start].positions)
                // Then hop forward, reading positions of every 37th document only.
                var i = start
                while i + 37 < list.count, i < start + 2000 {
                    i += 37
                    #expect(cursor.advance(to: list[i].document) == list[i].document)
                    cursor.readPositions(into: &positions)
                    #expect(positions == list[i].positions)
                    cursor.readPositions(into: &positions)  // reading twice is harmless
                    #expect(positions == list[i].positions)
                }
            }
        }
    }

    @Test func advanceDoesNotDecodeSkippedBlocks() {
        // Damage one block in the middle: a cursor that jumps past it must not notice, one that walks must.
        var random = CodecRandom(seed: 5)
        let model = [PostingsModel.randomList(count: 128 * 10, random: &random, maxGap: 10)]
        let built = BuiltPostings(model)
        var post = built.postings
        // A byte whose damage a cursor walking documents 0..<640 notices, but one jumping straight to block 7 does
        // not, lies in a block the jump passed over: the jump must still land on the right document.
        let target = model[0][128 * 7].document
        var damagedSomewhere = false
        for offset in stride(from: 60, to: post.count - 8, by: 1) {
            post[offset] ^= 0x5A
            let walk = built.withCursor(0, postings: post) { cursor -> Bool in
                while cursor.next() != PostingsCursor.exhausted, cursor.document < model[0][128 * 5].document {}
                return cursor.isCorrupt
            }
            let jump = built.withCursor(0, postings: post) { cursor -> (UInt32, Bool) in
                (cursor.advance(to: target), cursor.isCorrupt)
            }
            post[offset] ^= 0x5A
            if walk && !jump.1 {
                damagedSomewhere = true
                #expect(jump.0 == target)
            }
        }
        #expect(damagedSomewhere)
    }
}

@Suite("Damaged postings and positions are reported, never misread")
struct PostingsCorruptionTests {
    static func corpus(small: Bool = false) -> [[ModelPosting]] {
        var random = CodecRandom(seed: 2024)
        var model: [[ModelPosting]] = []
        for length in [1, 1, 2, 3, 130, 300, 4200] where length < 4200 || !small {
            model.append(PostingsModel.randomList(count: length, random: &random, maxGap: 8))
        }
        model[0] = [ModelPosting(document: 4, positions: [9])]
        return model
    }

    /// Reads every term fully, both walking and with a few advances: each term's answer must be the model's or a
    /// reported corruption.
    static func check(_ built: BuiltPostings, post: [UInt8], pos: [UInt8], file: String, offset: Int) -> Int {
        var detected = 0
        for term in built.model.indices {
            let walked = built.withCursor(term, postings: post, positions: pos) { PostingsModel.readAll(&$0) }
            if let walked {
                #expect(walked == built.model[term], "\(file) byte \(offset) flipped: term \(term) misread")
            } else {
                detected += 1
            }
            let list = built.model[term]
            built.withCursor(term, postings: post, positions: pos) { cursor in
                var positions: [UInt32] = []
                for step in stride(from: 0, to: list.count, by: max(1, list.count / 5)) {
                    let got = cursor.advance(to: list[step].document)
                    if cursor.isCorrupt { return }
                    #expect(got == list[step].document, "\(file) byte \(offset): advance misread")
                    cursor.readPositions(into: &positions)
                    if cursor.isCorrupt { return }
                    #expect(positions == list[step].positions, "\(file) byte \(offset): positions misread")
                }
            }
            // The same documents filtered as a phrase filters them, positions compared as they are decoded.
            built.withCursor(term, postings: post, positions: pos) { cursor in
                for step in stride(from: 0, to: list.count, by: max(1, list.count / 5)) {
                    let got = cursor.advance(to: list[step].document)
                    if cursor.isCorrupt { return }
                    #expect(got == list[step].document, "\(file) byte \(offset): advance misread")
                    let expected = list[step].positions.map { Int($0) }
                    let targets = Array(Set(expected + expected.map { $0 + 1 })).sorted()
                    let kept = PostingsModel.keep(targets, shift: 0, &cursor)
                    if cursor.isCorrupt { return }
                    #expect(kept == expected, "\(file) byte \(offset): positions misread by keepPositions")
                }
            }
            // The same documents paired with another word's positions as a bare-word query's proximity pairs them.
            built.withCursor(term, postings: post, positions: pos) { cursor in
                for step in stride(from: 0, to: list.count, by: max(1, list.count / 5)) {
                    let got = cursor.advance(to: list[step].document)
                    if cursor.isCorrupt { return }
                    #expect(got == list[step].document, "\(file) byte \(offset): advance misread")
                    let mine = list[step].positions
                    let others = Array(Set(mine.map { $0 + 1 } + [mine.last! + 7])).sorted()
                    let sums = PostingsModel.sumCloseness(others, othersComeFirst: false, window: 12, split: 0, &cursor)
                    if cursor.isCorrupt { return }
                    let wanted = PostingsModel.closeness(of: others, to: mine, othersComeFirst: false, window: 12, split: 0)
                    #expect(sums.below == wanted.below && sums.from == wanted.from,
                            "\(file) byte \(offset): positions misread by sumCloseness")
                }
            }
        }
        return detected
    }

    @Test func everyFlippedPostingsByteIsDetectedOrHarmless() {
        let built = BuiltPostings(Self.corpus(small: true))
        var post = built.postings
        var undetected = 0
        for offset in 0..<post.count {
            for flip: UInt8 in [0x01, 0xFF] {
                post[offset] ^= flip
                if Self.check(built, post: post, pos: built.positions, file: "post", offset: offset) == 0 {
                    undetected += 1
                }
                post[offset] ^= flip
            }
        }
        // Only header and footer bytes (which the cursor does not read) may go unnoticed by a full read.
        #expect(undetected <= 2 * 16)
    }

    @Test func everyFlippedPositionsByteIsDetectedOrHarmless() {
        let built = BuiltPostings(Self.corpus(small: true))
        var pos = built.positions
        var undetected = 0
        for offset in 0..<pos.count where offset < 1500 || offset % 3 == 0 {
            pos[offset] ^= 0x10
            if Self.check(built, post: built.postings, pos: pos, file: "pos", offset: offset) == 0 {
                undetected += 1
            }
            pos[offset] ^= 0x10
        }
        #expect(undetected <= 16)
    }

    @Test func sampledFlipsInALongTermAreDetectedOrHarmless() {
        var random = CodecRandom(seed: 8300)
        let built = BuiltPostings([PostingsModel.randomList(count: 8300, random: &random, maxGap: 6)])  // 2 skip groups
        var post = built.postings
        var pos = built.positions
        var undetected = 0
        for _ in 0..<120 {
            let offset = 8 + random.below(post.count - 16)
            let flip = UInt8(1 + random.below(255))
            post[offset] ^= flip
            if Self.check(built, post: post, pos: built.positions, file: "post", offset: offset) == 0 { undetected += 1 }
            post[offset] ^= flip
            let offset2 = 8 + random.below(pos.count - 16)
            pos[offset2] ^= flip
            if Self.check(built, post: built.postings, pos: pos, file: "pos", offset: offset2) == 0 { undetected += 1 }
            pos[offset2] ^= flip
        }
        #expect(undetected == 0)
    }

    @Test func damagedTermInfoIsRefusedNotTrusted() {
        let built = BuiltPostings(Self.corpus())
        var random = CodecRandom(seed: 77)
        for term in built.model.indices {
            for _ in 0..<200 {
                var info = built.infos[term]
                switch random.below(5) {
                case 0: info.postingsOffset = random.next() % UInt64(built.postings.count + 100)
                case 1: info.positionsOffset = random.next() % UInt64(built.positions.count + 100)
                case 2: info.documentFrequency = UInt32(random.below(5000))
                case 3: info.totalTermFrequency = random.next() % 100_000
                default: info.postingsOffset = random.next(); info.positionsOffset = random.next()
                }
                // Must not crash; whatever it answers must be the model or corruption — unless the damage happens
                // to describe another valid term (offsets moved onto a neighbour), which only the dictionary's CRC
                // can rule out, so this test only asks for no trap.
                _ = built.withCursor(term, info: info) { cursor -> Int in
                    var positions: [UInt32] = []
                    var n = 0
                    while cursor.next() != PostingsCursor.exhausted, n < 10_000 {
                        cursor.readPositions(into: &positions)
                        n += 1
                    }
                    return n
                }
            }
        }
    }

    @Test func truncatedFilesAreReportedNotTrapped() {
        let built = BuiltPostings(Self.corpus())
        for cut in stride(from: 0, to: built.postings.count, by: 97) {
            let post = Array(built.postings[0..<cut])
            _ = Self.check(built, post: post, pos: built.positions, file: "post", offset: cut)
        }
        for cut in stride(from: 0, to: built.positions.count, by: 131) {
            let pos = Array(built.positions[0..<cut])
            _ = Self.check(built, post: built.postings, pos: pos, file: "pos", offset: cut)
        }
    }

    @Test func corruptionNamesTheFile() {
        let built = BuiltPostings(Self.corpus())
        let term = built.model.count - 1
        var pos = built.positions
        pos[Int(built.infos[term].positionsOffset) + 3] ^= 0x40
        let error = built.withCursor(term, positions: pos) { cursor -> IndexError? in
            var positions: [UInt32] = []
            while cursor.next() != PostingsCursor.exhausted { cursor.readPositions(into: &positions) }
            return cursor.corruption
        }
        guard case .corrupt(let file, let reason)? = error else {
            Issue.record("no corruption reported")
            return
        }
        #expect(file == "s1.pos")
        #expect(reason.contains("checksum"))
    }
}
