import ExactArithmetic

/// Expectation compensation is exact (EC-1: the mean output at T is f(m_T)), so its only error
/// is the error already in its input, carried through f. Theorem B-EC.
public enum CompensationBound {
    /// |f(m_T) − f(m*)| ≤ L·ε when m_T and m* both lie in the domain (an interval, so the
    /// segment between them does too), |m_T − m*| ≤ ε, and L ≥ sup|f′| over the domain.
    public static func elementwise(
        _ f: ElementaryFunction, domain: Interval, inputError: Rational, pieces: Int = 64, bits: Int = 64,
        mutation: BoundMutation? = nil
    ) throws -> Rational {
        try elementwiseParts(f, domain: domain, inputError: inputError, pieces: pieces, bits: bits, mutation: mutation).bound
    }

    /// `elementwise`, with the enclosure of sup|f′| over the domain that it used (its upper end is
    /// L; its lower end shows how far L can be from the true constant).
    public static func elementwiseParts(
        _ f: ElementaryFunction, domain: Interval, inputError: Rational, pieces: Int = 64, bits: Int = 64,
        mutation: BoundMutation? = nil
    ) throws -> (bound: Rational, lipschitz: LipschitzConstant) {
        guard inputError.sign >= 0 else { throw BoundError.invalidParameter("input error \(inputError) must be ≥ 0") }
        let enclosure = try Lipschitz.constant(of: f, over: domain, pieces: pieces, bits: bits)
        let lipschitz = enclosure.upper
        return ((mutation == .halveConstant ? lipschitz.timesPowerOfTwo(-1) : lipschitz) * inputError, enclosure)
    }

    /// Softmax over a row: |softmax(x + δ)_i − softmax(x)_i| ≤ ‖δ‖∞/2, because row i of the
    /// Jacobian has 1-norm 2y_i(1 − y_i) ≤ 1/2 everywhere.
    public static func softmax(inputError: Rational, mutation: BoundMutation? = nil) throws -> Rational {
        guard inputError.sign >= 0 else { throw BoundError.invalidParameter("input error \(inputError) must be ≥ 0") }
        return inputError.timesPowerOfTwo(mutation == .halveConstant ? -2 : -1)
    }

    /// LayerNorm over rows of n with γ and ε: |LN(x + δ)_i − LN(x)_i| ≤ |γ_i|(2 + √n)/σ_min·‖δ‖∞,
    /// with σ_min² ≤ the variance of every row on the segment, plus ε. `minimumVariance` must
    /// bound the biased variance from below along the segment (for example over a box that
    /// holds both rows). √n is bounded above by a rational.
    public static func layerNorm(
        gammaMagnitude: Rational, width n: Int, minimumVariance: Rational, epsilon: Rational, inputError: Rational,
        mutation: BoundMutation? = nil
    ) throws -> Rational {
        guard n >= 1 else { throw BoundError.invalidParameter("LayerNorm width \(n) must be ≥ 1") }
        guard inputError.sign >= 0, minimumVariance.sign >= 0, epsilon.sign >= 0 else {
            throw BoundError.invalidParameter("LayerNorm bound needs non-negative input error, variance and ε")
        }
        let floor = minimumVariance + epsilon
        guard floor.sign > 0 else {
            throw BoundError.domain("LayerNorm without ε over rows that may be constant has no Lipschitz bound")
        }
        let rootN = try Enclosure.sqrt(Interval(Rational(n)), bits: 64).hi
        let inverseSigma = try Enclosure.rsqrt(Interval(floor), bits: 64).hi
        let constant = gammaMagnitude * (Rational(2) + rootN) * inverseSigma
        return (mutation == .halveConstant ? constant.timesPowerOfTwo(-1) : constant) * inputError
    }
}
