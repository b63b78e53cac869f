import Testing
@testable import GazetteEntities

/// The lexicon reads its gazetteers by bytes (`Lexicon.fieldsByLine`); that must give what splitting the text by
/// Characters gives, on every embedded list and on hostile text.
@Suite("Gazetteer parsing")
struct GazetteerParsingTests {
    /// The Character-based reading the lexicon used before: lines, "|"-separated forms, each trimmed; a line of
    /// separators alone has no form (the lexicon skipped it, and `fieldsByLine` leaves it out).
    static func byCharacters(_ list: String, separator: Character?) -> [[String]] {
        list.split(separator: "\n").map { line in
            guard let separator else { return [String(line).trimmed] }
            return line.split(separator: separator).map { String($0).trimmed }
        }.filter { !$0.isEmpty }
    }

    @Test func everyEmbeddedListReadsAsByCharacters() {
        let lists = [
            GazetteerData.countries, GazetteerData.cities, GazetteerData.placesExtra, GazetteerData.tzCities,
            GazetteerData.subdivisions, GazetteerData.formerCountries, GazetteerData.organizations,
            GazetteerData.norp, GazetteerData.languages,
        ]
        var lines = 0
        for list in lists {
            let fields = Lexicon.fieldsByLine(list)
            #expect(fields == Self.byCharacters(list, separator: "|"))
            lines += fields.count
        }
        #expect(lines > 3_000)
        #expect(Lexicon.fieldsByLine(GazetteerData.personTitles, separator: nil)
            == Self.byCharacters(GazetteerData.personTitles, separator: nil))
    }

    @Test func blankFieldsLinesAndUnicodeSpaceAreTrimmedAsBefore() {
        let list = "\n\nA|B\n  |x|\n|lead\ntrail|\n\u{00A0}Nbsp\u{2003}|é\u{301}|\tTab \n   \n||\nSão Tomé| Zürich \nend"
        #expect(Lexicon.fieldsByLine(list) == Self.byCharacters(list, separator: "|"))
        #expect(Lexicon.fieldsByLine(list, separator: nil) == Self.byCharacters(list, separator: nil))
        #expect(Lexicon.fieldsByLine("") == [])
        #expect(Lexicon.fieldsByLine("a|b\nc") == [["a", "b"], ["c"]])
    }
}
