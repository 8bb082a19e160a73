import ExactArithmetic

/// Parsers for numbers, intervals and vectors given on the command line.
enum InputParsing {
    /// A number (p/q, decimal, hex float) or an interval "[a,b]".
    static func interval(_ text: String, name: String) throws -> Interval {
        do {
            return try Interval(parsing: text)
        } catch {
            throw InputError(name, error)
        }
    }

    /// A domain: "[a,b]", or "a,b" without the brackets a shell would want quoted, or one number.
    static func domain(_ text: String, name: String) throws -> Interval {
        let t = text.trimmingCharacters(in: .whitespaces)
        return try interval(t.hasPrefix("[") || !t.contains(",") ? t : "[\(t)]", name: name)
    }

    /// Comma-separated entries, each a number or an interval "[a,b]"; optional outer
    /// braces "{…}" are allowed. Example: "1, 2.5, [3,3.5]".
    static func intervalVector(_ text: String, name: String) throws -> [Interval] {
        try splitTopLevel(text, name: name).map { try interval($0, name: name) }
    }

    /// One number (p/q, decimal, hex float); the error names the argument.
    static func rational(_ text: String, name: String) throws -> Rational {
        do { return try Rational(parsing: text) } catch { throw InputError(name, error) }
    }

    /// Comma-separated numbers.
    static func rationalVector(_ text: String, name: String) throws -> [Rational] {
        try splitTopLevel(text, name: name).map { try rational($0, name: name) }
    }

    /// The function a bound or audit is about: the option's value, or the operator's own.
    static func function(_ name: String?, default known: ElementaryFunction?, for what: String) throws -> ElementaryFunction {
        let names = ElementaryFunction.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = name ?? known?.rawValue else { throw InputError("\(what) needs --function: say which function it stands for (\(names))") }
        guard let f = ElementaryFunction(rawValue: name) else { throw InputError("--function: unknown function '\(name)' (\(names))") }
        return f
    }

    /// Splits on commas that are not inside brackets.
    static func splitTopLevel(_ text: String, name: String) throws -> [String] {
        var body = Substring(text.trimmingCharacters(in: " \t\n"))
        if body.first == "{" && body.last == "}" { body = body.dropFirst().dropLast() }
        var items: [String] = []
        var current = ""
        var depth = 0
        for c in body {
            switch c {
            case "[":
                depth += 1
                current.append(c)
            case "]":
                depth -= 1
                guard depth >= 0 else { throw InputError("\(name): unbalanced ']' in '\(text)'") }
                current.append(c)
            case "," where depth == 0:
                items.append(current)
                current = ""
            default:
                current.append(c)
            }
        }
        guard depth == 0 else { throw InputError("\(name): unbalanced '[' in '\(text)'") }
        items.append(current)
        let trimmed = items.map { $0.trimmingCharacters(in: " \t\n") }
        guard !trimmed.contains(where: \.isEmpty) else { throw InputError("\(name): empty entry in '\(text)'") }
        return trimmed
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
