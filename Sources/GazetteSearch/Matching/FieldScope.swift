/// Which part of a document's position space a leaf may match in (see `FieldLayout`).
enum FieldScope: Sendable, Equatable {
    case any, title, body
}
