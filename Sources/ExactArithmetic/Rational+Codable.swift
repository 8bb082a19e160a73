/// A rational encodes as its exact "p/q" string (`description`) and decodes through
/// `init(parsing:)`, so a value written and read back is the same rational: calibration files
/// (`spikebound calibrate`) carry thresholds and group-operator weights this way.
///
/// Decoding refuses a string that is not a rational ("1/0", "x", a JSON number) with a
/// `DecodingError` naming the text.
extension Rational: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Rational(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a rational p/q")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
