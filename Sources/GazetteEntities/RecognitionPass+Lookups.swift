// Look-ups in the word lists at a token: the longest gazetteer entry and the person title that start there.

extension RecognitionPass {
    /// Longest gazetteer entry starting at token `start` (tokens joined by spaces, hyphens or initial dots).
    func gazetteerEntry(at start: Int) -> (length: Int, info: PhraseInfo)? {
        guard has(start, .phraseStart) else { return nil }
        var hash = TermHash.seed
        var best: (Int, PhraseInfo)?
        var tokenIndex = start
        let limit = min(tokenCount, start + lexicon.maxPhraseLength)
        while tokenIndex < limit {
            if tokenIndex > start {
                let gap = tokens[tokenIndex].gap
                if gap != .space && gap != .hyphen && gap != .initialDot && gap != .ampersand { break }
                if tokens[tokenIndex - 1].shape.contains(.possessive) { break }
            }
            hash = TermHash.combine(hash, tokens[tokenIndex].hash)
            guard let info = lexicon.phrases.lookup(hash) else { break }
            if (info.place >= 0 || info.org >= 0 || info.norp >= 0), isCapitalised(tokenIndex) || tokens[tokenIndex].isDigits {
                best = (tokenIndex - start + 1, info)
            }
            if !info.prefix { break }
            tokenIndex += 1
        }
        guard let best, isCapitalised(start) else { return nil }
        var info = best.1
        info.title = false
        return (best.0, info)
    }

    /// Length of the person title starting at token `start` ("Foreign Minister", "Mr"), or 0.
    func titleLength(at start: Int) -> Int {
        guard has(start, .phraseStart) else { return 0 }
        var hash = TermHash.seed
        var best = 0
        var tokenIndex = start
        let limit = min(tokenCount, start + 4)
        while tokenIndex < limit {
            if tokenIndex > start, tokens[tokenIndex].gap != .space && tokens[tokenIndex].gap != .hyphen { break }
            hash = TermHash.combine(hash, tokens[tokenIndex].hash)
            guard let info = lexicon.phrases.lookup(hash) else { break }
            if info.title { best = tokenIndex - start + 1 }
            if !info.prefix { break }
            tokenIndex += 1
        }
        // A "." after an abbreviated title ("Mr.", "Dr.") is fine: the next gap is then `.initialDot`.
        return best
    }
}
