/// The recogniser's word lists, for code that judges names outside a document (corpus-wide resolution).
public enum WordLists {
    /// Whether `word` (any case) is a common lowercase English word (SCOWL).
    public static func isCommonEnglishWord(_ word: String) -> Bool {
        Lexicon.shared.english.lookup(TermHash.hash(word.lowercased())) != nil
    }

    /// Whether `word` (any case) is a listed given name ("John", "Yasser", "Volodymyr").
    public static func isGivenName(_ word: String) -> Bool {
        Lexicon.shared.flags(TermHash.hash(word.lowercased())).contains(.givenName)
    }
}
