import Foundation
import ReferenceTransformer
import SpikingOperators
import Tensors

/// Which released group operators the public STA structure keeps (docs/sta-structures.md,
/// "Group operators").
extension PipelineCalibrator {
    /// The domains calibration saw: the GELU input, the STA softmax's exp input (lowest) and row
    /// sums (highest), the LayerNorm variances.
    struct Domains {
        let gelu: ClosedRange<Double>
        let shiftedLow: Double
        let sumHigh: Double
        let variance: ClosedRange<Double>
    }

    /// The released operators, each replaced by its interpolant where its largest error relative
    /// to max|f| on the domain its input took exceeds `tolerance` (STA's 1/x is accurate only
    /// from 2 up, its 1/√x only up to about 1.1: docs/sta-structures.md); and the replaced ones.
    static func validReleased(
        _ released: STAOperators, interpolants: STAOperators, activation: ScalarFunction, domains: Domains, tolerance: Double
    ) throws -> (STAOperators, [OperatorDomainError]) {
        var replaced = [OperatorDomainError]()
        func choose(_ group: GroupOperator, _ fallback: GroupOperator, _ f: ScalarFunction, _ a: Double, _ b: Double, geometric: Bool) throws -> GroupOperator {
            let error = try OperatorDomainError.measure(group, f, a, b, geometric: geometric)
            guard error.relativeError > tolerance else { return group }
            replaced.append(error)
            return fallback
        }
        let chosen = STAOperators(
            gelu: try choose(released.gelu, interpolants.gelu, activation, domains.gelu.lowerBound, domains.gelu.upperBound, geometric: false),
            exp: try choose(released.exp, interpolants.exp, .exp, max(domains.shiftedLow, -12), 3, geometric: false),
            reciprocal: try choose(released.reciprocal, interpolants.reciprocal, .reciprocal, Foundation.exp(1.0), max(domains.sumHigh, 3), geometric: true),
            rsqrt: try choose(released.rsqrt, interpolants.rsqrt, .rsqrt, domains.variance.lowerBound, domains.variance.upperBound, geometric: true))
        return (chosen, replaced)
    }
}
