import ExactArithmetic
import Foundation
import ReferenceTransformer
import SpikingOperators
import Tensors

/// A multi-threshold neuron's smallest levels λ⁺ and λ⁻.
public struct SiteLambdas: Sendable, Equatable, Codable {
    public let positive: Rational
    public let negative: Rational

    public init(positive: Rational, negative: Rational) {
        self.positive = positive
        self.negative = negative
    }
}

/// What calibration fixed for one block.
public struct LayerCalibration: Sendable, Codable {
    /// ECMT: each neuron site's λ⁺, λ⁻.
    public var lambdas: [EncoderSite: SiteLambdas] = [:]
    /// STA: each neuron site's thresholds, one per channel (one value for the attention
    /// probabilities' IF neurons).
    public var thresholds: [EncoderSite: [Rational]] = [:]
    /// STA: the thresholds of the spiking GELU operator's hidden units.
    public var geluThresholds: [Rational] = []
    /// The range of the GELU input seen in calibration.
    public var geluRange: ClosedRange<Double> = 0...0
    /// The range of the LayerNorm variances seen in calibration (both norms of the block).
    public var varianceRange: ClosedRange<Double> = 0...0
    /// STA's public structure: its thresholds (nil for the other structures).
    public var publicSTA: PublicSTAThresholds?

    public init() {}
}

/// The thresholds of a whole pipeline, and for STA its group operators.
public struct PipelineCalibration: Sendable {
    public let configuration: PipelineConfiguration
    public let layers: [LayerCalibration]
    public let operators: STAOperators?
    /// How many samples calibration saw.
    public let samples: Int
    /// For STA: each group operator's largest error relative to max|f| over the domain its
    /// input took in calibration, measured at 1025 points of that domain.
    public let operatorErrors: [OperatorDomainError]
    /// Released operators the public structure replaced by interpolants, because calibration
    /// found them inaccurate where their input went.
    public let replacedOperators: [OperatorDomainError]

    public init(
        configuration: PipelineConfiguration, layers: [LayerCalibration], operators: STAOperators?, samples: Int,
        operatorErrors: [OperatorDomainError] = [], replacedOperators: [OperatorDomainError] = []
    ) {
        self.configuration = configuration
        self.layers = layers
        self.operators = operators
        self.samples = samples
        self.operatorErrors = operatorErrors
        self.replacedOperators = replacedOperators
    }
}

/// How well a group operator approximates its function where calibration saw its input.
public struct OperatorDomainError: Sendable, Codable, Equatable {
    public let function: String
    public let operatorName: String
    public let domain: [Double]
    /// max |g(x) − f(x)| over the sampled points.
    public let maxError: Double
    /// maxError / max |f(x)| over the same points.
    public let relativeError: Double

    /// Samples g against f at 1025 points of [a, b] (equally spaced, or geometric for a > 0 when
    /// `geometric`).
    static func measure(
        _ group: GroupOperator, _ f: ScalarFunction, _ a: Double, _ b: Double, geometric: Bool
    ) throws -> OperatorDomainError {
        let g = GroupOperatorValues<Double>(group)
        var worst = 0.0, scale = 0.0
        for i in 0...1024 {
            let u = Double(i) / 1024
            let x = geometric && a > 0 ? a * Foundation.pow(b / a, u) : a + (b - a) * u
            let exact = try x.applying(f, NumericContext())
            worst = max(worst, abs(try g(x) - exact))
            scale = max(scale, abs(exact))
        }
        return OperatorDomainError(
            function: f.rawValue, operatorName: group.name, domain: [a, b], maxError: worst,
            relativeError: scale > 0 ? worst / scale : worst)
    }
}

/// Calibrates a pipeline's thresholds from ANN activations (spec §5), one batch per sample:
///
/// - ECMT: per site, the running means over samples of the 99th percentile and of the negated
///   1st percentile, placed as the smallest or the top level. The softmax output uses the fixed
///   λ; ViT's fc2 input uses the fixed λ⁺, λ⁻ (the public code's defaults).
/// - STA: per site and channel, the MMSE threshold for T = `calibrationSteps`, smoothed over
///   samples with factor 0.9. Signed sites are calibrated on |a|; the attention probabilities
///   on all probabilities of kept keys, as one channel. The GELU operator's hidden units get
///   the smallest thresholds at which they never saturate on the seen GELU input range.
///   Interpolated operators cover the seen domains (GELU and exp on equal knot intervals, 1/x
///   and 1/√x on geometric ones); exp's starts no lower than −12 (below it
///   the interpolant is the constant exp(−12) ≈ 6·10⁻⁶).
/// - STA, public structure (`staStructure`): the group operators as above (released ones only
///   where they are accurate on the seen domain, `validReleased`), then every threshold by MMSE
///   on the converted model in ANN mode (`PublicSTACalibrator`).
///
/// Only kept (unpadded) tokens count; for attention tensors only kept keys count.
public enum PipelineCalibrator {
    public static func calibrate(
        reference: ReferenceEncoder<Double>, samples: [EncoderSample], configuration: PipelineConfiguration,
        released: STAOperators? = nil
    ) throws -> PipelineCalibration {
        try configuration.validate()
        guard !samples.isEmpty else { throw OperatorError.invalidParameter("calibration needs at least one input") }
        let layers = reference.config.layers
        var ecmt = [[EncoderSite: ECMTCalibration]](repeating: [:], count: layers)
        var sta = [[EncoderSite: STACalibration]](repeating: [:], count: layers)
        var geluLow = [Double](repeating: .infinity, count: layers), geluHigh = [Double](repeating: -.infinity, count: layers)
        var varianceLow = [Double](repeating: .infinity, count: layers)
        var varianceHigh = [Double](repeating: -.infinity, count: layers)
        var shiftedLow = Double.infinity, sumHigh = -Double.infinity

        for sample in samples {
            let kept = sample.keptTokens
            let keptKeys = Set(kept)
            _ = try reference.forward(sample.input, mask: sample.mask) { layer, site, value in
                let isAttention = site == .attentionProbabilities || site == .attentionScores
                let width = value.shape[1]
                // Columns that count: every one, or for attention tensors ([tokens, heads·tokens],
                // column = head·tokens + key) the kept keys.
                let columns = isAttention ? (0..<width).filter { keptKeys.contains($0 % value.shape[0]) } : Array(0..<width)
                func activations() -> [Double] {
                    var a = [Double]()
                    a.reserveCapacity(kept.count * columns.count)
                    for i in kept { for j in columns { a.append(value.values[i * width + j]) } }
                    return a
                }
                switch site {
                case .geluInput:
                    for v in activations() {
                        geluLow[layer] = min(geluLow[layer], v)
                        geluHigh[layer] = max(geluHigh[layer], v)
                    }
                case .norm1Input, .norm2Input:
                    for i in kept {
                        let row = value.row(i)
                        let mean = row.reduce(0, +) / Double(row.count)
                        let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(row.count)
                        varianceLow[layer] = min(varianceLow[layer], variance)
                        varianceHigh[layer] = max(varianceHigh[layer], variance)
                    }
                case .attentionScores:
                    // The STA softmax's exp input min(x − x_first + 1, 3) and its row sums.
                    let n = value.shape[0], heads = width / n
                    guard let first = kept.first else { return }
                    for i in kept {
                        for h in 0..<heads {
                            let base = i * width + h * n
                            var shift = value.values[base + first]
                            if configuration.softmaxShift == .rowMax {
                                for j in kept { shift = max(shift, value.values[base + j]) }
                            }
                            shift -= 1
                            var sum = 0.0
                            for j in kept {
                                let z = min(value.values[base + j] - shift, 3)
                                shiftedLow = min(shiftedLow, z)
                                sum += Foundation.exp(z)
                            }
                            sumHigh = max(sumHigh, sum)
                        }
                    }
                case .output:
                    break
                default:
                    guard EncoderSite.neuronSites.contains(site) else { return }
                    switch configuration.kind {
                    case .ecmt:
                        var c = ecmt[layer][site] ?? ECMTCalibration(
                            placement: configuration.placement, levels: configuration.levels, gap: configuration.gap.doubleValue(),
                            percentile: configuration.percentile)
                        try c.observe(activations())
                        ecmt[layer][site] = c
                    case .sta:
                        guard configuration.staStructure == .spikebound else { return }
                        var c = try sta[layer][site] ?? STACalibration(timeSteps: configuration.calibrationSteps)
                        if site == .attentionProbabilities {
                            try c.observe(channels: [activations()])
                        } else {
                            let channels = (0..<width).map { j in kept.map { abs(value.values[$0 * width + j]) } }
                            try c.observe(channels: channels)
                        }
                        sta[layer][site] = c
                    }
                }
            }
        }

        var result = [LayerCalibration](repeating: LayerCalibration(), count: layers)
        for layer in 0..<layers {
            result[layer].geluRange = geluLow[layer]...max(geluLow[layer], geluHigh[layer])
            result[layer].varianceRange = varianceLow[layer]...max(varianceLow[layer], varianceHigh[layer])
            switch configuration.kind {
            case .ecmt:
                for site in EncoderSite.neuronSites {
                    if site == .attentionProbabilities {
                        result[layer].lambdas[site] = SiteLambdas(positive: configuration.softmaxLambda, negative: configuration.softmaxLambda)
                    } else if site == .fc2Input && reference.config.architecture == .vitPreLN {
                        result[layer].lambdas[site] = SiteLambdas(
                            positive: configuration.vitFC2Lambdas.positive, negative: configuration.vitFC2Lambdas.negative)
                    } else if let c = ecmt[layer][site] {
                        let (p, q): (Rational, Rational)
                        do { (p, q) = try c.lambdas() } catch let error as OperatorError {
                            throw OperatorError.arithmetic("ECMT calibration at layer \(layer), \(site.rawValue): \(error)")
                        }
                        result[layer].lambdas[site] = SiteLambdas(positive: short(p), negative: short(q))
                    }
                }
            case .sta:
                for site in EncoderSite.neuronSites {
                    guard let thresholds = sta[layer][site]?.thresholds else { continue }
                    result[layer].thresholds[site] = try thresholds.map { try short(Rational(exactly: $0)) }
                }
            }
        }

        var operators: STAOperators?
        var replaced = [OperatorDomainError]()
        if configuration.kind == .sta {
            let geluDomain = (geluLow.min() ?? 0)...(geluHigh.max() ?? 0)
            let varianceDomain = (varianceLow.min() ?? 1)...(varianceHigh.max() ?? 1)
            let k = configuration.interpolantIntervals
            func interpolants() throws -> STAOperators {
                STAOperators(
                    gelu: try Interpolants.construct(reference.config.activation,
                        domain: try lowered(geluDomain.lowerBound), try widened(geluDomain.upperBound), intervals: configuration.geluIntervals),
                    exp: try Interpolants.construct(.exp, domain: try lowered(min(max(shiftedLow, -12), 2)), Rational(3), intervals: k),
                    reciprocal: try Interpolants.construct(
                        .reciprocal, knots: try Interpolants.geometricKnots(Rational(2), try widened(max(sumHigh, 3)), intervals: k),
                        name: "1/x interpolant", flatBeyondLastKnot: true),
                    rsqrt: try Interpolants.construct(
                        .rsqrt,
                        knots: try Interpolants.geometricKnots(
                            try lowered(varianceDomain.lowerBound / 2), try widened(varianceDomain.upperBound), intervals: k),
                        name: "1/√x interpolant", flatBeyondLastKnot: true))
            }
            switch configuration.groupOperators {
            case .released:
                guard let released else {
                    throw OperatorError.invalidParameter("the STA pipeline with released group operators needs their weights")
                }
                if configuration.staStructure == .public {
                    (operators, replaced) = try validReleased(
                        released, interpolants: interpolants(), activation: reference.config.activation,
                        domains: Domains(gelu: geluDomain, shiftedLow: shiftedLow, sumHigh: sumHigh, variance: varianceDomain),
                        tolerance: configuration.releasedTolerance)
                } else {
                    operators = released
                }
            case .interpolant:
                operators = try interpolants()
            }
            if let gelu = operators?.gelu {
                for layer in 0..<layers {
                    let range = result[layer].geluRange
                    result[layer].geluThresholds = SpikingGroupOperator<Double>.domainThresholds(
                        gelu, domain: try lowered(range.lowerBound), try widened(range.upperBound))
                }
            }
        }
        var operatorErrors = [OperatorDomainError]()
        if let operators {
            let geluDomain = (geluLow.min() ?? 0, geluHigh.max() ?? 0)
            let varianceDomain = (varianceLow.min() ?? 1, varianceHigh.max() ?? 1)
            operatorErrors = [
                try .measure(operators.gelu, reference.config.activation, geluDomain.0, geluDomain.1, geometric: false),
                try .measure(operators.exp, .exp, max(shiftedLow, -12), 3, geometric: false),
                try .measure(operators.reciprocal, .reciprocal, Foundation.exp(1.0), max(sumHigh, 3), geometric: true),
                try .measure(operators.rsqrt, .rsqrt, varianceDomain.0, varianceDomain.1, geometric: true),
            ]
        }
        if configuration.kind == .sta, configuration.staStructure == .public, let operators {
            let forward = PublicSTAForward(reference: reference, operators: operators, softmaxShift: configuration.softmaxShift)
            let thresholds = try PublicSTACalibrator.calibrate(forward: forward, samples: samples, timeSteps: configuration.calibrationSteps)
            for layer in 0..<layers { result[layer].publicSTA = thresholds[layer] }
        }
        return PipelineCalibration(
            configuration: configuration, layers: result, operators: operators, samples: samples.count,
            operatorErrors: operatorErrors, replacedOperators: replaced)
    }

    /// A calibrated value kept to float32 precision (a short dyadic), which keeps exact runs cheap.
    static func short(_ value: Rational) -> Rational {
        (try? Rational(exactly: value.floatValue())) ?? value
    }

    /// A float32 value ≥ x.
    static func widened(_ x: Double) throws -> Rational {
        try Rational(exactly: Float(x).nextUp)
    }

    /// A float32 value ≤ x.
    static func lowered(_ x: Double) throws -> Rational {
        try Rational(exactly: Float(x).nextDown)
    }
}

extension LayerCalibration {
    /// ECMT's multi-threshold neuron at each of the eight sites of layer `layer`, from the
    /// calibrated λ⁺, λ⁻ and the configuration's levels, gap and rule.
    public func multiThresholdNeurons<Scalar: SpikeScalar>(
        layer: Int, configuration: PipelineConfiguration
    ) throws -> [EncoderSite: MultiThresholdNeuron<Scalar>] {
        guard let rule = MultiThresholdNeuron<Scalar>.Rule(rawValue: configuration.rule.rawValue) else {
            throw OperatorError.invalidParameter("unknown multi-threshold rule \(configuration.rule.rawValue)")
        }
        var neurons = [EncoderSite: MultiThresholdNeuron<Scalar>]()
        for site in EncoderSite.neuronSites {
            guard let l = lambdas[site] else {
                throw OperatorError.invalidParameter("layer \(layer) has no calibrated λ for site \(site.rawValue)")
            }
            neurons[site] = try MultiThresholdNeuron(
                lambdaPositive: l.positive, lambdaNegative: l.negative, levels: configuration.levels, gap: configuration.gap,
                rule: rule)
        }
        return neurons
    }
}
