extension TerminalRenderer {
    /// Facets for people: one line per entity type, source and folder facet (values with their document
    /// counts, as many as the width allows), and one line per publication period with a bar scaled to the
    /// busiest period.
    public func render(facets: FacetReport, kinds: [FacetKind]) -> String {
        let dim = color ? TerminalStyle.dim : "", reset = color ? TerminalStyle.reset : ""
        let total = facets.total
        var output = dim + "Over all \(total) matching document\(total == 1 ? "" : "s"):" + reset + "\n"
        let labelWidth = 15
        func label(_ text: String) -> String {
            "  " + text + String(repeating: " ", count: max(1, labelWidth - text.count))
        }
        func line(_ title: String, _ counts: [FacetReport.Count], style: String) {
            guard !counts.isEmpty else {
                output += label(title) + dim + "none" + reset + "\n"
                return
            }
            var text = "", visible = 2 + labelWidth
            for (number, count) in counts.enumerated() {
                let value = TerminalStyle.sanitize(count.name.isEmpty ? "(root)" : count.name)
                let entry = value + " \(count.documents)"
                let separator = number == 0 ? "" : " \u{00B7} "
                if number > 0, visible + separator.count + entry.count > width { break }
                text += separator + (color && !style.isEmpty ? style + value + reset : value) + " " + dim + "\(count.documents)" + reset
                visible += separator.count + entry.count
            }
            output += label(title) + text + "\n"
        }
        for kind in kinds {
            switch kind {
            case .person, .org, .place, .norp:
                let type = kind.entityType ?? ""
                let entries = facets.entities.first { $0.type == type }?.entries ?? []
                line(Self.facetTitles[kind] ?? type, entries, style: TerminalStyle.entity(type))
            case .source:
                line("Sources", facets.sources, style: "")
            case .folder:
                line("Folders", facets.folders, style: "")
            case .date:
                let title = "Dates (\(facets.dateUnit.rawValue))"
                guard !facets.dates.isEmpty else {
                    output += label(title) + dim + "none (\(facets.undated) undated)" + reset + "\n"
                    continue
                }
                let busiest = facets.dates.map(\.documents).max() ?? 1
                let barWidth = max(10, min(40, width - labelWidth - 20))
                for (number, period) in facets.dates.enumerated() {
                    let length = (period.documents * barWidth + busiest - 1) / busiest
                    let bar = String(repeating: "\u{2587}", count: length)
                    output += (number == 0 ? label(title) : String(repeating: " ", count: 2 + labelWidth))
                        + period.name + " " + bar + " " + dim + "\(period.documents)" + reset + "\n"
                }
                if facets.undated > 0 {
                    output += String(repeating: " ", count: 2 + labelWidth) + dim + "undated \(facets.undated)" + reset + "\n"
                }
            }
        }
        return output
    }

    static let facetTitles: [FacetKind: String] = [
        .person: "People", .org: "Organisations", .place: "Places", .norp: "Groups",
    ]
}
