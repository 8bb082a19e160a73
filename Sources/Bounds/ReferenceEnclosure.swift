import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Synchronization
import Tensors

/// The exact ANN's hidden states after every layer for one input, enclosed in balls (BALL-ARB,
/// B-CERT): entry by entry, the ball contains the value the reference encoder computes in exact
/// real arithmetic from the input as given (its Double entries read exactly). Only the kept
/// tokens are evaluated: a padded token is never a key, so the kept rows do not depend on it.
public struct ReferenceEnclosure: Sendable {
    public let sample: String
    /// The working precision of the run, in bits.
    public let bits: Int
    /// The kept tokens, in order: row r of each layer is token `rows[r]`.
    public let rows: [Int]
    /// [kept tokens, hidden] per layer.
    public let layers: [Tensor<Ball>]

    /// The widest radius over every layer's entries, rounded up.
    public var widestRadius: Double { layers.map { $0.values.map(\.radiusBound).max() ?? 0 }.max() ?? 0 }

    /// The enclosure of `sample`'s hidden states, at `bits` bits, doubled (up to `maximumBits`)
    /// until no radius exceeds `targetRadius`, and also where an operation cannot be decided at a
    /// precision (a ball too wide for 1/√x or a division; deep models such as the 12-layer
    /// DINOv2 need more than 186 bits). Soundness never depends on the target: a run that
    /// stops at `maximumBits` with wider balls is still an enclosure, only a looser one.
    public static func enclose(
        _ sample: EncoderSample, weights: EncoderWeights<Ball>, bits: Int = 186, maximumBits: Int = 1024,
        targetRadius: Double = 0x1p-40
    ) throws -> ReferenceEnclosure {
        guard bits >= 16, maximumBits >= bits else { throw BoundError.invalidParameter("ball precision \(bits) (maximum \(maximumBits))") }
        let rows = sample.keptTokens, hidden = sample.input.shape[1]
        var values = [Double]()
        values.reserveCapacity(rows.count * hidden)
        for r in rows { values += sample.input.row(r) }
        let kept = try Tensor(shape: [rows.count, hidden], values: values)
        var precision = bits
        while true {
            let enclosure: ReferenceEnclosure
            do {
                let reference = try ReferenceEncoder(weights, context: NumericContext(bits: precision))
                let input = try kept.map { try Ball.exactly($0).atPrecision(precision) }
                enclosure = ReferenceEnclosure(sample: sample.name, bits: precision, rows: rows, layers: try reference.forward(input, mask: nil))
            } catch where precision * 2 <= maximumBits {
                // A ball grew too wide to decide an operation (1/√x of a ball that reaches 0, a
                // division by one that holds 0): the decision is refined at twice the precision,
                // never guessed; past `maximumBits` the error is reported.
                precision *= 2
                continue
            }
            if enclosure.widestRadius <= targetRadius || precision * 2 > maximumBits { return enclosure }
            precision *= 2
        }
    }
}

/// Each input's enclosure, computed once however many pipelines ask for it (both pipelines
/// certify against the same exact ANN). A second caller for the same input waits for the first.
public final class ReferenceEnclosures: Sendable {
    public let weights: EncoderWeights<Ball>
    public let bits: Int
    private let slots: [String: Slot]
    private let samples: [String: EncoderSample]

    public init(weights: EncoderWeights<Double>, samples: [EncoderSample], bits: Int = 186) throws {
        self.weights = try weights.converted(to: Ball.self)
        self.bits = bits
        var slots = [String: Slot]()
        for s in samples { slots[s.name] = Slot() }
        self.slots = slots
        self.samples = Dictionary(samples.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The enclosure of the named input.
    public func enclosure(of name: String) throws -> ReferenceEnclosure {
        guard let slot = slots[name], let sample = samples[name] else { throw BoundError.invalidParameter("no input named \(name)") }
        let weights = self.weights, bits = self.bits
        return try slot.value.withLock { value in
            if let value { return value }
            let r = Result { try ReferenceEnclosure.enclose(sample, weights: weights, bits: bits) }
            value = r
            return r
        }.get()
    }

    /// One input's enclosure once computed; the lock is held while it is computed.
    private final class Slot: Sendable {
        let value = Mutex<Result<ReferenceEnclosure, any Error>?>(nil)
    }
}
