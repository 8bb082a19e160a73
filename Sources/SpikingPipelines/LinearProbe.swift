import Tensors

/// A linear probe: ridge regression of one-hot labels on features with a bias,
/// W = (XᵀX + λI)⁻¹XᵀY (the bias column unpenalised), solved by Cholesky in Double; a point is
/// assigned the class of its largest score (the lowest class index on a tie).
public struct LinearProbe: Sendable, Equatable {
    /// [features + 1][classes]: the last row is the bias.
    public let weights: [[Double]]
    public let ridge: Double

    public static let defaultRidge = 1e-2

    public init(features: [[Double]], labels: [Int], classes: Int, ridge: Double = LinearProbe.defaultRidge) throws {
        guard !features.isEmpty, features.count == labels.count else {
            throw OperatorError.shapeMismatch("a probe needs as many labels as feature vectors (\(labels.count) for \(features.count))")
        }
        let d = features[0].count
        guard d > 0, features.allSatisfy({ $0.count == d && $0.allSatisfy(\.isFinite) }) else {
            throw OperatorError.invalidParameter("the probe's features must be finite vectors of one length")
        }
        guard classes >= 2, labels.allSatisfy({ (0..<classes).contains($0) }) else {
            throw OperatorError.invalidParameter("the probe needs labels in 0..<\(classes), with at least 2 classes")
        }
        guard ridge > 0, ridge.isFinite else { throw OperatorError.invalidParameter("the probe's ridge must be > 0") }
        let n = d + 1
        var a = [Double](repeating: 0, count: n * n)
        var b = [[Double]](repeating: [Double](repeating: 0, count: classes), count: n)
        for (x, y) in zip(features, labels) {
            let row = x + [1]
            for i in 0..<n {
                for j in 0...i { a[i * n + j] += row[i] * row[j] }
                b[i][y] += row[i]
            }
        }
        for i in 0..<d { a[i * n + i] += ridge }
        // The bias column: a tiny ridge keeps the system positive definite without moving it.
        a[d * n + d] += 1e-12
        // Cholesky: a = L·Lᵀ (lower triangle).
        for j in 0..<n {
            var s = a[j * n + j]
            for k in 0..<j { s -= a[j * n + k] * a[j * n + k] }
            guard s > 0 else { throw OperatorError.arithmetic("the probe's normal equations are not positive definite") }
            let l = s.squareRoot()
            a[j * n + j] = l
            for i in (j + 1)..<n {
                var t = a[i * n + j]
                for k in 0..<j { t -= a[i * n + k] * a[j * n + k] }
                a[i * n + j] = t / l
            }
        }
        var w = b
        for c in 0..<classes {
            var z = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var t = b[i][c]
                for k in 0..<i { t -= a[i * n + k] * z[k] }
                z[i] = t / a[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var t = z[i]
                for k in (i + 1)..<n { t -= a[k * n + i] * w[k][c] }
                w[i][c] = t / a[i * n + i]
            }
        }
        weights = w
        self.ridge = ridge
    }

    /// The class of a feature vector.
    public func classify(_ x: [Double]) -> Int {
        let classes = weights[0].count
        var best = 0, bestScore = -Double.infinity
        for c in 0..<classes {
            var s = weights[x.count][c]
            for i in x.indices { s += x[i] * weights[i][c] }
            if s > bestScore {
                best = c
                bestScore = s
            }
        }
        return best
    }
}
