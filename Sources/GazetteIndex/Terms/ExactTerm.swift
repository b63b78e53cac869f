/// The exact form of a word whose accents the analyzer removed (`Analyzer.analyzeWithExactForms`), indexed at
/// the same position as the folded term, so that `=café` finds `café` and not `cafe` without a second index.
/// The form is case-folded and keeps its accents; a leading 0x00 byte, which no text term and no metadata
/// term (`MetadataTerm`, 0x01) starts with, keeps these terms apart and sorted before all others, where no
/// prefix, pattern or fuzzy walk (which start at `MetadataTerm.firstPlainByte`) meets them.
public enum ExactTerm {
    public static let marker: UInt8 = 0x00

    /// The indexed term for an exact form.
    public static func term(_ exactForm: some Collection<UInt8>) -> [UInt8] {
        var bytes = [marker]
        bytes.append(contentsOf: exactForm)
        return bytes
    }
}
