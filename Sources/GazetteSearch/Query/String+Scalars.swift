extension String {
    /// A string of `scalars`, appended one at a time. `String(String.UnicodeScalarView(slice))` goes through the
    /// standard library's unspecialised generic `append(contentsOf:)`, whose first use in a process makes the
    /// runtime scan every protocol conformance of the binary: 0.28 M instructions of a one-shot word search.
    init(scalars: some Collection<Unicode.Scalar>) {
        var view = String.UnicodeScalarView()
        for scalar in scalars { view.append(scalar) }
        self.init(view)
    }
}
