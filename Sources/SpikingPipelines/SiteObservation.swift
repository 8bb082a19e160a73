import ReferenceTransformer
import Tensors

/// What one site of a spiking pipeline did at step t: its output this step, the total it has
/// emitted (running mean = total / t), and for neurons the membrane V_t left after firing.
public struct SiteObservation<Scalar: SpikeScalar>: Sendable {
    public let layer: Int
    public let site: EncoderSite
    public let step: Int
    public let output: Tensor<Scalar>
    public let emittedTotal: Tensor<Scalar>
    /// The residual membrane V_t (nil for sites that are not neurons).
    public let membrane: Tensor<Scalar>?
    /// Non-zero outputs this step (spikes, for neuron sites).
    public let spikes: Int

    /// The running mean of the site's output, emittedTotal / t.
    public var runningMean: Tensor<Scalar> { emittedTotal.divided(by: step) }
}

/// Sees every site's observation as a run passes it.
public typealias SiteObserver<Scalar: SpikeScalar> = (SiteObservation<Scalar>) throws -> Void

/// A site's running total of outputs, kept so that observers see running means.
struct SiteTotal<Scalar: SpikeScalar>: Sendable {
    let site: EncoderSite
    var total: Tensor<Scalar>?
    var steps = 0

    init(_ site: EncoderSite) { self.site = site }

    /// Adds this step's output and reports it; returns the number of non-zero outputs. The
    /// membrane is evaluated only when there is an observer.
    @discardableResult
    mutating func record(
        _ output: Tensor<Scalar>, membrane: @autoclosure () -> Tensor<Scalar>?, layer: Int, observe: SiteObserver<Scalar>?
    ) throws -> Int {
        let spikes = output.nonZeroCount
        guard let observe else { return spikes }
        total = try total.map { try $0 + output } ?? output
        steps += 1
        try observe(SiteObservation(
            layer: layer, site: site, step: steps, output: output, emittedTotal: total ?? output, membrane: membrane(),
            spikes: spikes))
        return spikes
    }
}

extension Tensor where Scalar: SpikeScalar {
    /// The number of entries that are not (decidedly) zero.
    var nonZeroCount: Int {
        var n = 0
        for v in values where v.order(.zero) != .equal { n += 1 }
        return n
    }
}

/// Runs `body`, prefixing an operator error with the layer and site it came from.
func located<T>(_ layer: Int, _ site: EncoderSite, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as OperatorError {
        throw error.prefixed("layer \(layer), site \(site.rawValue): ")
    }
}
