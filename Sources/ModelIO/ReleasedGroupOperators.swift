import Foundation
import SpikingOperators
import SpikingPipelines

/// STA's released group operators (GELU 64, exp 32, 1/x 64, 1/√x 8 units), shipped with the
/// package as resources (Sources/ModelIO/Resources/sta-group-operators).
public enum ReleasedGroupOperators {
    public static func load() throws -> STAOperators {
        func read(_ name: String) throws -> GroupOperator { try GroupOperatorLibrary.load(name).group }
        return STAOperators(
            gelu: try read("distilled_gelu_64"), exp: try read("distilled_exp_32"),
            reciprocal: try read("distilled_inv_64"), rsqrt: try read("distilled_sqrtinv_8"))
    }
}
