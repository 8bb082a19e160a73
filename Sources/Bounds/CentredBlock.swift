import ExactArithmetic
import ReferenceTransformer
import Tensors

/// The magnitudes of one block's weights, as the centred rules read them: |W|ᵀ of each linear
/// map ([in, out]) and |g| of each LayerScale.
struct BlockMagnitudes: Sendable {
    let query, key, value, attentionOutput, fc1, fc2: Tensor<Double>
    let layerScale1, layerScale2: [Double]?

    init(_ w: BlockWeights<Double>) throws {
        func transposed(_ l: Linear<Double>) throws -> Tensor<Double> { try l.weight.map(abs).transposed() }
        query = try transposed(w.query)
        key = try transposed(w.key)
        value = try transposed(w.value)
        attentionOutput = try transposed(w.attentionOutput)
        fc1 = try transposed(w.fc1)
        fc2 = try transposed(w.fc2)
        layerScale1 = w.layerScale1?.values.map(abs)
        layerScale2 = w.layerScale2?.values.map(abs)
    }
}

/// One block of an encoder in centred forms (B-CF), in the data flow of `ReferenceEncoder.block`
/// and `StepBlock` (`CentredDataFlow`, with the ANN's softmax, LayerNorm and GELU rules): it
/// maps radii about the exact ANN's values at the input to radii of the block's output. `means` uses the ANN's operators (the running means of B-INJ); `steps` the
/// compensated operators' single steps (B-STEP in centred form: LayerNorm, softmax and
/// activation widened by B-EC, the product by B-STEP (c)). `site` sees each neuron site's
/// radii and returns those the downstream operators use (an injection, or a neuron's spikes).
struct CentredBlock {
    enum Mode { case means, steps }
    typealias Site = (EncoderSite, Centre, Tensor<Double>) throws -> Tensor<Double>

    let config: EncoderConfig
    let trace: CentredTrace.Layer
    let scale: Double
    let gamma1: [Double]
    let gamma2: [Double]
    let epsilon: Double
    let weights: BlockMagnitudes
    let mode: Mode
    let site: Site

    var spread: Bool { mode == .steps }

    func centre(_ s: EncoderSite) throws -> Centre {
        guard let c = trace.sites[s] else { throw BoundError.invalidParameter("no centre at \(s.rawValue)") }
        return c
    }

    func fire(_ s: EncoderSite, _ r: Tensor<Double>) throws -> Tensor<Double> {
        let c = try centre(s)
        guard c.shape == r.shape else { throw BoundError.invalidParameter("\(s.rawValue): radii \(r.shape) for \(c.shape)") }
        return try site(s, c, r)
    }

    func output(_ x: Tensor<Double>) throws -> Tensor<Double> {
        guard let form = config.activation.geluForm else {
            throw BoundError.invalidParameter("no centred rule for the activation \(config.activation.rawValue)")
        }
        let probabilities = try centre(.attentionProbabilities)
        let flow = CentredDataFlow(
            config: config, weights: weights, scale: scale, spread: spread, centre: centre, fire: fire,
            softmax: { head, scores in
                let n = scores.shape[0]
                let out = try CentredRule.softmax(try probabilities.columns(head * n, n), scores)
                return spread ? try CentredRule.sum(out, try CentredRule.softmaxSpread(scores)) : out
            },
            norm1: { try norm($0, trace.norm1, gamma1) }, norm2: { try norm($0, trace.norm2, gamma2) },
            activation: { try CentredRule.activation(try centre(.geluInput), $0, form: form, spread: spread) })
        return try flow.output(x)
    }

    func norm(_ x: Tensor<Double>, _ rows: [NormCentre], _ gamma: [Double]) throws -> Tensor<Double> {
        let exact = try CentredRule.layerNorm(rows, gamma: gamma, x)
        guard spread else { return exact }
        return try CentredRule.sum(exact, try CentredRule.layerNormSpread(rows, gamma: gamma, epsilon: epsilon, x))
    }
}

extension Centre {
    /// Columns start ..< start + width of a [rows, columns] centre.
    func columns(_ start: Int, _ width: Int) throws -> Centre {
        guard shape.count == 2, start >= 0, start + width <= columns else {
            throw BoundError.invalidParameter("columns \(start)..<\(start + width) of \(shape)")
        }
        var lo = [Double](), hi = [Double](), magnitude = [Double](), zero = [Bool]()
        for r in 0..<rows {
            let range = r * columns + start..<r * columns + start + width
            lo += self.lo[range]
            hi += self.hi[range]
            magnitude += self.magnitude[range]
            zero += isZero[range]
        }
        return Centre(shape: [rows, width], lo: lo, hi: hi, magnitude: magnitude, isZero: zero)
    }
}

extension ScalarFunction {
    /// The GELU form of an activation, nil for the others.
    var geluForm: GELUForm? {
        switch self {
        case .gelu: return .erf
        case .geluTanh: return .tanh
        case .quickGelu: return .quick
        default: return nil
        }
    }
}
