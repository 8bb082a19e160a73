import ReferenceTransformer
import Tensors

/// The residual every neuron site left after T steps of one run, for each checkpoint T: a
/// neuron's membrane V_i(T), or a signed burst pair's S_T − (emitted total). By N-1 the site's
/// mean output at T is its mean input − V_i(T)/T, so these residuals are what the per-input
/// certificate injects into the ANN (B-INJ).
public struct SiteResiduals<Scalar: SpikeScalar>: Sendable {
    /// T → layer → site → V_i(T).
    public private(set) var residuals: [Int: [Int: [EncoderSite: Tensor<Scalar>]]] = [:]
    let checkpoints: Set<Int>

    public init(checkpoints: [Int]) {
        self.checkpoints = Set(checkpoints)
    }

    /// Given residuals at one T, layer → site → V_i(T) (sites outside the eight are ignored).
    public init(T: Int, _ residuals: [Int: [EncoderSite: Tensor<Scalar>]]) {
        checkpoints = [T]
        self.residuals = [T: residuals.mapValues { $0.filter { EncoderSite.neuronSites.contains($0.key) } }]
    }

    /// Keeps a neuron site's residual when the observation's step is a checkpoint.
    public mutating func record(_ observation: SiteObservation<Scalar>) {
        guard checkpoints.contains(observation.step), EncoderSite.neuronSites.contains(observation.site),
            let membrane = observation.membrane
        else { return }
        residuals[observation.step, default: [:]][observation.layer, default: [:]][observation.site] = membrane
    }

    /// The residuals at T, layer → site → V_i(T).
    public func at(_ T: Int) -> [Int: [EncoderSite: Tensor<Scalar>]] { residuals[T] ?? [:] }

    /// The injection δ_i = −V_i(T)/T at every neuron site, as the ANN's injector (B-INJ).
    /// Sites without a recorded residual are left unperturbed; `only`, when given, injects at
    /// that one (layer, site) alone (single-site re-evaluation, B-ATTR).
    public func injector(at T: Int, only: SiteKey? = nil) -> ReferenceEncoder<Scalar>.Injector {
        let residuals = at(T)
        return { layer, site, value in
            if let only, only != SiteKey(layer: layer, site: site) { return value }
            guard let v = residuals[layer]?[site] else { return value }
            return try value - v.divided(by: T)
        }
    }
}

/// A neuron site of an encoder: its layer and its place in the block.
public struct SiteKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let layer: Int
    public let site: EncoderSite

    public init(layer: Int, site: EncoderSite) {
        self.layer = layer
        self.site = site
    }

    public static func < (a: SiteKey, b: SiteKey) -> Bool {
        (a.layer, a.order) < (b.layer, b.order)
    }

    var order: Int { EncoderSite.allCases.firstIndex(of: site) ?? 0 }

    public var description: String { "layer \(layer) \(site.rawValue)" }
}

extension SpikingEncoder {
    /// `run`, also keeping every neuron site's residual at each checkpoint.
    public func runRecordingResiduals(
        _ input: Tensor<Scalar>, mask: [Bool]?, steps: Int, checkpoints: [Int], observe: SiteObserver<Scalar>? = nil
    ) throws -> (run: SpikingRun<Scalar>, residuals: SiteResiduals<Scalar>) {
        var residuals = SiteResiduals<Scalar>(checkpoints: checkpoints)
        let run = try self.run(input, mask: mask, steps: steps, checkpoints: checkpoints) { o in
            residuals.record(o)
            try observe?(o)
        }
        return (run, residuals)
    }
}
