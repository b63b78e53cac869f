import Testing
import GazetteEntities

/// The recogniser against the hand-annotated set (eval/annotated.md), exact span and type. The floors sit a
/// little under what it measures now (BENCHMARKS.md and docs/ENTITIES.md give the figures), so that a change
/// that costs real accuracy fails here rather than in a user's results. The rules were tuned on this set:
/// `make eval-entities-heldout` gives the figures on text they never saw.
@Suite struct EvaluationFloorTests {
    static let floors: [(types: [EntityType], f1: Double)] = [
        ([.person], 0.95), ([.org], 0.85), ([.place], 0.95), ([.norp], 0.95), ([.date], 0.95),
        ([.money], 0.95), ([.percent], 0.95), ([.person, .org, .place], 0.93), (EntityType.allCases, 0.95),
    ]

    @Test func annotatedSetStaysAboveItsFloors() throws {
        let set = AnnotatedSet(parsing: try corpusText("eval/annotated.md"))
        #expect(set.problems.isEmpty, "\(set.problems)")
        #expect(set.paragraphs.count >= 50)
        #expect(set.paragraphs.reduce(0) { $0 + $1.gold.count } >= 400)
        let score = set.score(EntityRecognizer())
        for floor in Self.floors {
            let counts = score.counts(floor.types)
            #expect(counts.f1 >= floor.f1, "\(floor.types.map(\.rawValue)) F1 \(counts.f1) < \(floor.f1); \(score.errors)")
        }
    }

    @Test func scoringCountsExactSpansAndTypesOnly() {
        // "Lavrov" found as PERSON (hit), "Acme Bank" as ORG where the gold says PLACE (a false positive and a
        // false negative), "Friday" missing nothing.
        let set = AnnotatedSet(parsing: """
            # a comment line, skipped
            [Sergei Lavrov](PERSON) met bankers of [Deutsche Bank](ORG) in [Berlin](PLACE) on [Friday](DATE).

            [Moscow](PERSON) said nothing.
            """)
        #expect(set.paragraphs.count == 2)
        #expect(set.paragraphs[0].text == "Sergei Lavrov met bankers of Deutsche Bank in Berlin on Friday.")
        let score = set.score(EntityRecognizer())
        #expect(score.counts([.person]).truePositives == 1)
        #expect(score.counts([.person]).falseNegatives == 1)   // the deliberately wrong gold "Moscow"
        #expect(score.counts([.place]).falsePositives == 1)    // which the recogniser calls a PLACE
        #expect(score.counts([.org]).f1 == 1)
        #expect(score.errors.contains { $0.hasPrefix("line 4: FN PERSON “Moscow”") })
    }
}
