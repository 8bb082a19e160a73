import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// A signed encoder's thresholds, one per channel and sign.
public struct SignedThresholds: Sendable, Equatable, Codable {
    public let positive: [Rational]
    public let negative: [Rational]

    public init(positive: [Rational], negative: [Rational]) {
        self.positive = positive
        self.negative = negative
    }
}

/// What calibration fixed for one block of the public STA structure, all by STA's MMSE rule
/// (spec §5) at the run's T on the converted model in ANN mode (PublicSTAForward). A threshold
/// of 0 (no positive activation in any input) is a silent neuron, as in the released code.
public struct PublicSTAThresholds: Sendable, Codable {
    /// The encoders at norm1Output, norm2Output and projectionInput: per channel, θ⁺ from
    /// relu(a) and θ⁻ from relu(−a).
    public var encoders: [EncoderSite: SignedThresholds] = [:]
    /// The attention-probability neuron: one threshold per key position (a key position no
    /// calibration input reached uses the last calibrated one before it, or 1 when none is).
    public var keyPositions: [Rational] = []
    /// The GELU operator's hidden units: `geluUnits[unit][channel]`.
    public var geluUnits: [[Rational]] = []
    /// Each LayerNorm's 1/√x operator (keyed by its output site): one threshold per hidden unit.
    public var rsqrtUnits: [EncoderSite: [Rational]] = [:]

    public init() {}

    /// The probability neuron's thresholds for `tokens` keys, laid out as the attention
    /// probabilities' columns (head·tokens + key).
    func probabilityThresholds(tokens: Int, heads: Int) throws -> [Rational] {
        guard let last = keyPositions.last else {
            throw OperatorError.invalidParameter("no calibrated threshold for the attention probabilities")
        }
        let perKey = (0..<tokens).map { $0 < keyPositions.count ? keyPositions[$0] : last }
        return Array((0..<heads).map { _ in perKey }.joined())
    }
}

/// Calibrates the public STA structure: one batch per sample through the ANN mode, each
/// neuron's MMSE threshold for T = `timeSteps`, smoothed over samples with factor 0.9. Only kept
/// tokens count (and for the probabilities, kept keys).
enum PublicSTACalibrator {
    static func calibrate(
        forward: PublicSTAForward<Double>, samples: [EncoderSample], timeSteps: Int
    ) throws -> [PublicSTAThresholds] {
        let layers = forward.reference.config.layers
        var encoders = [[EncoderSite: (STACalibration, STACalibration)]](repeating: [:], count: layers)
        var keys = [[Int: STACalibration]](repeating: [:], count: layers)
        var gelu = [[STACalibration]](repeating: [], count: layers)
        var rsqrt = [[EncoderSite: [STACalibration]]](repeating: [:], count: layers)
        // The released code's rule: a batch with no positive activation gives 0, and a threshold
        // left at 0 makes a silent neuron.
        let fresh = { try STACalibration(timeSteps: timeSteps, silentAsZero: true) }
        let geluGroup = forward.gelu
        for sample in samples {
            let kept = sample.keptTokens
            _ = try forward.forward(sample.input, mask: sample.mask) { layer, probe in
                switch probe {
                case .encoder(let site, let a):
                    var pair = try encoders[layer][site] ?? (fresh(), fresh())
                    let width = a.rowLength
                    try pair.0.observe(channels: (0..<width).map { j in kept.map { max(a.values[$0 * width + j], 0) } })
                    try pair.1.observe(channels: (0..<width).map { j in kept.map { max(-a.values[$0 * width + j], 0) } })
                    encoders[layer][site] = pair
                case .probabilities(let p):
                    let n = p.shape[0], heads = p.shape[1] / n
                    for key in kept {
                        var values = [Double]()
                        for i in kept { for h in 0..<heads { values.append(p.values[i * p.shape[1] + h * n + key]) } }
                        var c = try keys[layer][key] ?? fresh()
                        try c.observe(channels: [values])
                        keys[layer][key] = c
                    }
                case .geluInput(let z):
                    let width = z.rowLength
                    if gelu[layer].isEmpty { gelu[layer] = try (0..<geluGroup.group.hiddenUnits).map { _ in try fresh() } }
                    for unit in 0..<geluGroup.group.hiddenUnits {
                        let w1 = geluGroup.w1[unit], b1 = geluGroup.b1[unit]
                        try gelu[layer][unit].observe(channels: (0..<width).map { j in
                            kept.map { max(w1 * z.values[$0 * width + j] + b1, 0) }
                        })
                    }
                case .variance(let site, let v):
                    let group = forward.compositions.rsqrt
                    var units = try rsqrt[layer][site] ?? (0..<group.group.hiddenUnits).map { _ in try fresh() }
                    for unit in units.indices {
                        let w1 = group.w1[unit], b1 = group.b1[unit]
                        try units[unit].observe(channels: [kept.map { max(w1 * v.values[$0] + b1, 0) }])
                    }
                    rsqrt[layer][site] = units
                }
            }
        }
        func rationals(_ c: STACalibration?) throws -> [Rational] {
            try (c?.thresholds ?? []).map { PipelineCalibrator.short(try Rational(exactly: $0)) }
        }
        return try (0..<layers).map { layer in
            var t = PublicSTAThresholds()
            for (site, pair) in encoders[layer] {
                t.encoders[site] = SignedThresholds(positive: try rationals(pair.0), negative: try rationals(pair.1))
            }
            if let top = keys[layer].keys.max() {
                var last = Rational.one
                t.keyPositions = try (0...top).map { key in
                    if let c = keys[layer][key] { last = try rationals(c)[0] }
                    return last
                }
            }
            t.geluUnits = try gelu[layer].map(rationals)
            for (site, units) in rsqrt[layer] { t.rsqrtUnits[site] = try units.map { try rationals($0)[0] } }
            return t
        }
    }
}
