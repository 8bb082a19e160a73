import ReferenceTransformer
import SpikingPipelines
import Tensors

/// How much of each layer's conversion error comes from each neuron site, for one input at one
/// T (B-ATTR), from a run's recorded residuals.
///
/// With F_l(δ) the ANN's layer-l output with injections δ (B-INJ: δ_i = −V_i(T)/T at every
/// neuron site), E_l = F_l(δ) − F_l(0) is the injected error (for ECMT, the exact SNN's error
/// at l). Site i's contribution is C_{l,i} = F_l(δ_i alone) − F_l(0), and the interaction is
/// I_l = E_l − Σ_i C_{l,i}, so E_l = Σ_i C_{l,i} + I_l exactly. Written over the scalar: Double
/// for speed, Interval for certified enclosures (then every norm below is a certified upper
/// bound).
public enum ErrorAttribution {
    /// F(δ): every layer's output with every recorded residual injected (B-INJ).
    public static func injected<Scalar: SpikeScalar>(
        reference: ReferenceEncoder<Scalar>, input: Tensor<Scalar>, mask: [Bool]?, residuals: SiteResiduals<Scalar>, T: Int
    ) throws -> [Tensor<Scalar>] {
        guard T >= 1 else { throw OperatorError.invalidParameter("T must be ≥ 1, got \(T)") }
        return try reference.forward(input, mask: mask, inject: residuals.injector(at: T))
    }

    /// Attribution of every layer's error at T over the given rows (the kept tokens).
    /// `clean` is F(0) when already computed; `snn`, the SNN's mean outputs at T, adds the
    /// remainder SNN_l − F_l(δ) (zero for ECMT in exact arithmetic, B-INJ; STA's operators).
    /// `progress` hears after each site's re-evaluation (done, total).
    public static func attribute<Scalar: SpikeScalar>(
        reference: ReferenceEncoder<Scalar>, input: Tensor<Scalar>, mask: [Bool]?, residuals: SiteResiduals<Scalar>,
        T: Int, rows: [Int], clean: [Tensor<Scalar>]? = nil, snn: [Tensor<Scalar>]? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> LayerAttributions {
        let clean = try clean ?? reference.forward(input, mask: mask)
        let layers = clean.count
        guard layers == reference.config.layers else {
            throw OperatorError.shapeMismatch("\(layers) clean layer outputs for \(reference.config.layers) layers")
        }
        if let snn, snn.count != layers {
            throw OperatorError.shapeMismatch("\(snn.count) SNN layer outputs for \(layers) layers")
        }
        let full = try injected(reference: reference, input: input, mask: mask, residuals: residuals, T: T)
        let errors = try zip(full, clean).map { try $0 - $1 }
        var unexplained = errors
        var contributions = [[SiteContribution]](repeating: [], count: layers)
        let keys = residuals.at(T).flatMap { layer, sites in sites.keys.map { SiteKey(layer: layer, site: $0) } }.sorted()
        for (done, key) in keys.enumerated() {
            let start = key.layer == 0 ? input : clean[key.layer - 1]
            let states = try reference.forward(
                start, mask: mask, layers: key.layer..<layers, inject: residuals.injector(at: T, only: key))
            for (offset, state) in states.enumerated() {
                let l = key.layer + offset
                let c = try state - clean[l]
                unexplained[l] = try unexplained[l] - c
                contributions[l].append(SiteContribution(site: key, magnitude: try maxMagnitude(c, rows)))
            }
            progress?(done + 1, keys.count)
        }
        return LayerAttributions(T: T, layers: try (0..<layers).map { l in
            LayerAttribution(
                layer: l, injectedError: try maxMagnitude(errors[l], rows),
                contributions: contributions[l].sorted { $0.magnitude > $1.magnitude },
                interaction: try maxMagnitude(unexplained[l], rows),
                remainder: try snn.map { try maxMagnitude($0[l] - full[l], rows) })
        })
    }

    /// max over the given rows of a matrix of |entry| (as `magnitudeBound`: certified for intervals).
    public static func maxMagnitude<Scalar: SpikeScalar>(_ x: Tensor<Scalar>, _ rows: [Int]) throws -> Double {
        try largest(x, rows) { $0.magnitudeBound }
    }

    /// max over the given rows of a matrix of `value(entry)` (0 when there are none).
    static func largest<Scalar>(_ x: Tensor<Scalar>, _ rows: [Int], _ value: (Scalar) -> Double) throws -> Double {
        guard x.rank == 2 else { throw OperatorError.shapeMismatch("a layer output of shape \(x.shape)") }
        let width = x.shape[1]
        var m = 0.0
        for i in rows {
            guard i >= 0, i < x.shape[0] else { throw OperatorError.shapeMismatch("row \(i) of \(x.shape[0])") }
            for j in 0..<width { m = max(m, value(x.values[i * width + j])) }
        }
        return m
    }
}

/// One input's attribution at one T, per layer.
public struct LayerAttributions: Sendable, Codable, Equatable {
    public let T: Int
    public let layers: [LayerAttribution]
}

/// Layer l's error at T and where it comes from (B-ATTR). Every value is max |·| over the kept
/// entries of the layer's output.
public struct LayerAttribution: Sendable, Codable, Equatable {
    public let layer: Int
    /// ‖E_l‖ = ‖F_l(δ) − F_l(0)‖: the error that the neuron residuals explain (B-INJ).
    public let injectedError: Double
    /// ‖C_{l,i}‖ for every neuron site i in layers ≤ l, largest first.
    public let contributions: [SiteContribution]
    /// ‖I_l‖ = ‖E_l − Σ_i C_{l,i}‖: what the sites do together beyond the sum of their parts.
    public let interaction: Double
    /// ‖SNN_l − F_l(δ)‖ when the SNN's means were given: the error the residuals do not explain
    /// (ECMT: floating-point rounding in Double, enclosure widths in intervals; STA: its group
    /// operators and their quantisation).
    public let remainder: Double?
}

/// One site's share of a layer's error.
public struct SiteContribution: Sendable, Codable, Equatable {
    public let site: SiteKey
    public let magnitude: Double
}
