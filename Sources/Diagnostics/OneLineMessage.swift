extension String {
    /// The text with every control character and line or paragraph separator written as a
    /// `\u{…}` escape, so that a message quoting an input (a JSON string, a file's field, an
    /// unexpected byte) stays one line. Every error type of SpikeBound passes its message through
    /// this, because "bad input gets a one-line error" must hold whatever the input holds.
    public var escapingLineBreaks: String {
        guard unicodeScalars.contains(where: Self.needsEscape) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if Self.needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
