import ExactArithmetic
import Tensors

/// A group operator encodes its exact weights ("p/q" strings) and name. Decoding goes through
/// the checking initialiser, so a file with mismatched W₁, b₁, W₂ lengths is refused with the
/// initialiser's message rather than building an operator that would trap when evaluated.
extension GroupOperator: Codable {
    enum CodingKeys: String, CodingKey { case w1, b1, w2, b2, name }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                w1: try c.decode([Rational].self, forKey: .w1), b1: try c.decode([Rational].self, forKey: .b1),
                w2: try c.decode([Rational].self, forKey: .w2), b2: try c.decode(Rational.self, forKey: .b2),
                name: try c.decode(String.self, forKey: .name))
        } catch let error as OperatorError {
            throw DecodingError.dataCorruptedError(forKey: .w1, in: c, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(w1, forKey: .w1)
        try c.encode(b1, forKey: .b1)
        try c.encode(w2, forKey: .w2)
        try c.encode(b2, forKey: .b2)
        try c.encode(name, forKey: .name)
    }
}
