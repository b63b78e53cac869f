import Testing
@testable import GazetteSearch

private func word(_ text: String, _ column: Int, _ field: QueryField? = nil) -> QueryNode {
    .leaf(QueryLeaf(field: field, kind: .word(text), column: column))
}

private func phrase(_ text: String, slop: Int = 0, _ column: Int, _ field: QueryField? = nil) -> QueryNode {
    .leaf(QueryLeaf(field: field, kind: .phrase(text, slop: slop), column: column))
}

private func prefix(_ text: String, _ column: Int, _ field: QueryField? = nil) -> QueryNode {
    .leaf(QueryLeaf(field: field, kind: .prefix(text), column: column))
}

private func parse(_ query: String) throws -> QueryNode {
    try QueryParser.parse(query)
}

private func parseError(_ query: String) -> QueryParseError? {
    do {
        _ = try QueryParser.parse(query)
        return nil
    } catch {
        return error
    }
}

/// The tree with every column zeroed, to compare a reprinted query with the original.
private func withoutColumns(_ node: QueryNode) -> QueryNode {
    switch node {
    case .leaf(var leaf):
        leaf.column = 0
        return .leaf(leaf)
    case .and(let children): return .and(children.map(withoutColumns))
    case .or(let children): return .or(children.map(withoutColumns))
    case .not(let child): return .not(withoutColumns(child))
    }
}

@Suite("Query parser: structure")
struct QueryParserStructureTests {
    @Test func phraseWordAndExclusionFormOneConjunction() throws {
        #expect(try parse("\"security guarantees\" Lavrov -Johnson") == .and([
            phrase("security guarantees", 1), word("Lavrov", 23), .not(word("Johnson", 31)),
        ]))
    }

    @Test func andBindsTighterThanOr() throws {
        #expect(try parse("a OR b c") == .or([word("a", 1), .and([word("b", 6), word("c", 8)])]))
        #expect(try parse("a b OR c d") == .or([
            .and([word("a", 1), word("b", 3)]), .and([word("c", 8), word("d", 10)]),
        ]))
    }

    @Test func notBindsTighterThanAndAndOr() throws {
        #expect(try parse("NOT a b") == .and([.not(word("a", 5)), word("b", 7)]))
        #expect(try parse("-a OR b") == .or([.not(word("a", 2)), word("b", 7)]))
        #expect(try parse("NOT (a OR b)") == .not(.or([word("a", 6), word("b", 11)])))
    }

    @Test func explicitAndSymbolsAndJuxtapositionAreTheSame() throws {
        let expected = QueryNode.and([word("a", 1), word("b", 7)])
        #expect(try parse("a AND b") == expected)
        #expect(try parse("a &&   b") == QueryNode.and([word("a", 1), word("b", 8)]))
        #expect(try parse("a     b") == expected)
        #expect(try parse("a || b") == .or([word("a", 1), word("b", 6)]))
    }

    @Test func nestedGroupsOfTheSameKindAreFlattened() throws {
        #expect(try parse("(a OR b) OR c") == .or([word("a", 2), word("b", 7), word("c", 13)]))
        #expect(try parse("(a b) (c AND d)") == .and([word("a", 2), word("b", 4), word("c", 8), word("d", 14)]))
        #expect(try parse("((a))") == word("a", 3))
    }

    @Test func lowerCaseOperatorsAreWords() throws {
        #expect(try parse("war and peace") == .and([word("war", 1), word("and", 5), word("peace", 9)]))
        #expect(try parse("a or not b") == .and([word("a", 1), word("or", 3), word("not", 6), word("b", 10)]))
    }

    @Test func prefixOperators() throws {
        #expect(try parse("+a -b") == .and([word("a", 2), .not(word("b", 5))]))
        #expect(try parse("!a") == .not(word("a", 2)))
        #expect(try parse("- a") == .not(word("a", 3)))
        #expect(try parse("--a") == word("a", 3))
        #expect(try parse("NOT NOT a") == word("a", 9))
        #expect(try parse("-\"a b\"") == .not(phrase("a b", 2)))
        #expect(try parse("-(a b)") == .not(.and([word("a", 3), word("b", 5)])))
    }

    @Test func operatorCharactersInsideWordsStayInTheWord() throws {
        #expect(try parse("well-known C++ yes!") == .and([word("well-known", 1), word("C++", 12), word("yes!", 16)]))
        #expect(try parse("U.S. 10:30") == .and([word("U.S.", 1), word("10:30", 6)]))
    }

    @Test func fieldsRestrictTheirAtom() throws {
        #expect(try parse("title:Lavrov") == word("Lavrov", 1, .title))
        #expect(try parse("Person:Lavrov") == word("Lavrov", 1, .person))
        #expect(try parse("place:\"Abu Dhabi\"") == phrase("Abu Dhabi", 1, .place))
        #expect(try parse("-org:NATO") == .not(word("NATO", 2, .org)))
        #expect(try parse("title:secur*") == prefix("secur", 1, .title))
        #expect(try parse("title: Lavrov") == word("Lavrov", 1, .title))
        for field in QueryField.allCases {
            #expect(try parse("\(field.rawValue):x") == word("x", 1, field))
        }
    }

    @Test func fieldBeforeAGroupAppliesToEveryLeafWithoutItsOwn() throws {
        #expect(try parse("title:(a OR b)") == .or([word("a", 8, .title), word("b", 13, .title)]))
        #expect(try parse("title:(a body:b)") == .and([word("a", 8, .title), word("b", 10, .body)]))
        #expect(try parse("title:(a -b)") == .and([word("a", 8, .title), .not(word("b", 11, .title))]))
    }

    @Test func fieldAtomIsAlwaysAnAtom() throws {
        #expect(try parse("title:AND") == word("AND", 1, .title))
    }

    @Test func colonWordsThatAreNotFieldsArePlainWords() throws {
        #expect(try parse("https://example.com/a") == word("https://example.com/a", 1))
        #expect(try parse(":x") == word(":x", 1))
    }

    @Test func phraseSlop() throws {
        #expect(try parse("\"a b\"~3") == phrase("a b", slop: 3, 1))
        #expect(try parse("\"a b\"~0") == phrase("a b", 1))
        #expect(try parse("\"a b\"~15 c") == .and([phrase("a b", slop: 15, 1), word("c", 10)]))
    }

    @Test func prefixQueries() throws {
        #expect(try parse("secur*") == prefix("secur", 1))
        #expect(try parse("ab*") == prefix("ab", 1))
        #expect(try parse("zü*") == prefix("zü", 1))
        #expect(try parse("a*b") == .leaf(QueryLeaf(kind: .pattern("a*b"), column: 1)))
    }

    @Test func typographicQuotesAreQuotes() throws {
        #expect(try parse("\u{201C}security guarantees\u{201D}") == phrase("security guarantees", 1))
        #expect(try parse("\u{201E}Sicherheit Garantien\u{201C}~2") == phrase("Sicherheit Garantien", slop: 2, 1))
    }

    @Test func escapedQuoteInsideAPhrase() throws {
        #expect(try parse(#""say \"hi\" now""#) == phrase("say \"hi\" now", 1))
    }
}

@Suite("Query parser: errors")
struct QueryParserErrorTests {
    @Test func descriptionFormat() {
        #expect(QueryParseError(column: 14, message: "expected closing quote").description
            == "query column 14: expected closing quote")
    }

    @Test(arguments: [
        ("", 1, "empty query"),
        ("   ", 1, "empty query"),
        ("foo \"bar", 9, "expected closing quote for the quote opened at column 5"),
        ("foo -", 6, "expected a term or phrase after '-'"),
        ("a !", 4, "expected a term or phrase after '!'"),
        ("NOT", 4, "expected a term or phrase after 'NOT'"),
        ("+", 2, "expected a term or phrase after '+'"),
        ("-)", 2, "expected a term or phrase after '-'"),
        ("NOT OR a", 5, "expected a term or phrase after 'NOT'"),
        ("OR a", 1, "expected a term or phrase before 'OR'"),
        ("AND a", 1, "expected a term or phrase before 'AND'"),
        ("a OR", 5, "expected a term or phrase after 'OR'"),
        ("a AND", 6, "expected a term or phrase after 'AND'"),
        ("a || ", 6, "expected a term or phrase after '||'"),
        ("a OR OR b", 6, "expected a term or phrase after 'OR'"),
        ("a AND OR b", 7, "expected a term or phrase after 'AND'"),
        ("(OR a)", 2, "expected a term or phrase before 'OR'"),
        ("a (b OR)", 8, "expected a term or phrase after 'OR'"),
        ("(a b", 5, "expected ')' to close the '(' opened at column 1"),
        ("x (", 4, "expected ')' to close the '(' opened at column 3"),
        ("a b)", 4, "unmatched ')'"),
        (")", 1, "unmatched ')'"),
        ("()", 1, "empty parentheses"),
        ("a ( )", 3, "empty parentheses"),
        ("\"\"", 1, "empty phrase"),
        ("a \"  \"", 3, "empty phrase"),
        ("title:", 7, "expected a term, phrase or '(' after 'title:'"),
        ("(Title:)", 8, "expected a term, phrase or '(' after 'Title:'"),
        ("title: -a", 8, "expected a term, phrase or '(' after 'title:'"),
        ("foo:bar", 1, "unknown field 'foo' (known: title, body, person, org, place, norp, entity, date, author, source, folder)"),
        ("x Topic:y", 3, "unknown field 'Topic' (known: title, body, person, org, place, norp, entity, date, author, source, folder)"),
        ("a*", 1, "prefix needs at least 2 characters before '*'"),
        ("x *", 3, "prefix needs at least 2 characters before '*'"),
        ("title:a*", 7, "prefix needs at least 2 characters before '*'"),
        ("\"a b\"~", 7, "expected a number after '~'"),
        ("\"a b\"~x", 7, "expected a number after '~'"),
        ("\"a b\"~100", 7, "slop must be between 0 and 15"),
        ("\"a b\"~16", 7, "slop must be between 0 and 15"),
    ])
    func reportsColumnAndMessage(query: String, column: Int, message: String) {
        let error = parseError(query)
        #expect(error == QueryParseError(column: column, message: message), "query: \(query)")
    }

    @Test func columnsCountUnicodeScalars() {
        // Precomposed ü is one scalar; "u" + combining diaeresis is two, and the user typed two.
        #expect(parseError("Zürich \"a") == QueryParseError(
            column: 10, message: "expected closing quote for the quote opened at column 8"))
        #expect(parseError("Zu\u{308}rich \"a") == QueryParseError(
            column: 11, message: "expected closing quote for the quote opened at column 9"))
        #expect(parseError("— \u{1F600} -") == QueryParseError(
            column: 6, message: "expected a term or phrase after '-'"))
    }
}

@Suite("Query parser: canonical description")
struct QueryDescriptionTests {
    @Test func printsExplicitOperatorsAndParentheses() throws {
        #expect(try parse("a OR b c").description == "a OR (b AND c)")
        #expect(try parse("\"security guarantees\"~2 title:Lavrov -Johnson").description
            == "\"security guarantees\"~2 AND title:Lavrov AND NOT Johnson")
        #expect(try parse("-(a OR b) secur*").description == "NOT (a OR b) AND secur*")
        #expect(try parse("“say \\\"hi\\\"”").description == #""say \"hi\"""#)
    }

    @Test(arguments: [
        "\"security guarantees\" Lavrov -Johnson",
        "a OR b c",
        "(a OR b) (c OR -d) title:(x yz*)",
        "NOT (a b) OR place:\"Abu Dhabi\"~3",
        "“quoted \\“inner\\” text” person:Lavrov",
        "-title:AND 10:30",
        "=café title:=\"año nuevo\" -=resume body:=x",
    ])
    func reprintedQueryParsesToTheSameTree(query: String) throws {
        let node = try parse(query)
        #expect(withoutColumns(try parse(node.description)) == withoutColumns(node))
    }

    @Test func anEqualsSignBeforeAWordOrPhraseMakesItExact() throws {
        var cafe = QueryLeaf(kind: .word("café"), column: 1, exact: true)
        #expect(try parse("=café") == .leaf(cafe))
        cafe.field = .title
        #expect(try parse("title:=café") == .leaf(cafe))
        #expect(try parse("=\"año nuevo\"~2") == .leaf(QueryLeaf(kind: .phrase("año nuevo", slop: 2), column: 1, exact: true)))
        #expect(try parse("-=x") == .not(.leaf(QueryLeaf(kind: .word("x"), column: 2, exact: true))))
        // Inside a word, or alone, "=" is text as before.
        #expect(try parse("E=mc2") == word("E=mc2", 1))
        #expect(try parse("a = b") == .and([word("a", 1), word("=", 3), word("b", 5)]))
        #expect(QueryParser.markingExact("cafe OR title:\"año\" person:José co*") == "=cafe OR (title:=\"año\" AND person:José AND co*)")
    }

    @Test func anExactMarkerNeedsAWordOrPhraseOfTheText() {
        #expect(parseError("=co*")?.message.contains("'=' matches a word or a phrase exactly") == true)
        #expect(parseError("=-x")?.column == 2)
        #expect(parseError("place:=Paris")?.column == 7)
        #expect(parseError("date:=2001")?.message.contains("metadata") == true)
    }
}
