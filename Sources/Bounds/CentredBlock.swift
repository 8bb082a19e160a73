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
/// and `StepBlock`: it maps radii about the exact ANN's values at the input to radii of the
/// block's output. `means` uses the ANN's operators (the running means of B-INJ); `steps` the
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
        switch config.architecture {
        case .bertPostLN:
            let a = try CentredRule.sum(x, try attention(x))
            let h = try norm(a, trace.norm1, gamma1)
            let f = try mlp(h)
            return try norm(try CentredRule.sum(h, f), trace.norm2, gamma2)
        case .vitPreLN:
            let attended = try scaled(try attention(try norm(x, trace.norm1, gamma1)), weights.layerScale1)
            let h = try CentredRule.sum(x, attended)
            let f = try scaled(try mlp(try norm(h, trace.norm2, gamma2)), weights.layerScale2)
            return try CentredRule.sum(h, f)
        }
    }

    func attention(_ x: Tensor<Double>) throws -> Tensor<Double> {
        let s1 = try fire(.qkvInput, x)
        let q = try fire(.query, try CentredRule.linear(weights.query, s1))
        let k = try fire(.key, try CentredRule.linear(weights.key, s1))
        let v = try fire(.value, try CentredRule.linear(weights.value, s1))
        let d = config.headSize, n = x.shape[0]
        let cq = try centre(.query).magnitudes(), ck = try centre(.key).magnitudes(), cv = try centre(.value).magnitudes()
        let probabilities = try centre(.attentionProbabilities)
        var heads = [Tensor<Double>]()
        for head in 0..<config.heads {
            let product = try CentredRule.product(
                a: cq.columns(head * d, d), ra: q.columns(head * d, d), b: ck.columns(head * d, d).transposed(),
                rb: k.columns(head * d, d).transposed(), spread: spread)
            let scores = product.map { Upward.mul(scale, $0) }
            let p = try probabilities.columns(head * n, n)
            var out = try CentredRule.softmax(p, scores)
            if spread { out = try CentredRule.sum(out, try CentredRule.softmaxSpread(scores)) }
            heads.append(out)
        }
        let p = try fire(.attentionProbabilities, Tensor.concatenatingColumns(heads))
        let cp = try probabilities.magnitudes()
        var mixed = [Tensor<Double>]()
        for head in 0..<config.heads {
            mixed.append(try CentredRule.product(
                a: cp.columns(head * n, n), ra: p.columns(head * n, n), b: cv.columns(head * d, d), rb: v.columns(head * d, d),
                spread: spread))
        }
        let s6 = try fire(.projectionInput, Tensor.concatenatingColumns(mixed))
        return try CentredRule.linear(weights.attentionOutput, s6)
    }

    func mlp(_ x: Tensor<Double>) throws -> Tensor<Double> {
        guard let form = config.activation.geluForm else {
            throw BoundError.invalidParameter("no centred rule for the activation \(config.activation.rawValue)")
        }
        let z = try CentredRule.linear(weights.fc1, try fire(.fc1Input, x))
        let hidden = try CentredRule.activation(try centre(.geluInput), z, form: form, spread: spread)
        return try CentredRule.linear(weights.fc2, try fire(.fc2Input, hidden))
    }

    func norm(_ x: Tensor<Double>, _ rows: [NormCentre], _ gamma: [Double]) throws -> Tensor<Double> {
        let exact = try CentredRule.layerNorm(rows, gamma: gamma, x)
        guard spread else { return exact }
        return try CentredRule.sum(exact, try CentredRule.layerNormSpread(rows, gamma: gamma, epsilon: epsilon, x))
    }

    func scaled(_ x: Tensor<Double>, _ g: [Double]?) throws -> Tensor<Double> {
        guard let g else { return x }
        return try x.mapRows { row in zip(row, g).map { Upward.mul($0, $1) } }
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
