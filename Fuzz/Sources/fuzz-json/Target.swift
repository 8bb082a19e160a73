import ModelIO

/// The exact JSON parser, numbers kept as text, and their rationals read back.
func fuzzOne(_ bytes: [UInt8]) {
    if let value = try? JSONParser.parse(bytes: bytes) { walk(value) }
}

func walk(_ value: JSONValue) {
    switch value {
    case .number: _ = value.rationalValue
    case .array(let items): items.forEach(walk)
    case .object(let members): members.forEach { walk($0.value) }
    default: break
    }
}
