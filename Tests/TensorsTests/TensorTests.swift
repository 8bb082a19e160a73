import ExactArithmetic
import Testing
import Tensors

@Suite("Tensor")
struct TensorTests {
    @Test func shapesAreChecked() throws {
        #expect(throws: OperatorError.self) { try Tensor<Double>(shape: [2, 3], values: [1, 2, 3]) }
        #expect(throws: OperatorError.self) { try Tensor<Double>(rows: [[1, 2], [3]]) }
        let a = try Tensor<Double>(rows: [[1, 2], [3, 4]])
        let b = Tensor<Double>(vector: [1, 2, 3])
        #expect(throws: OperatorError.self) { try a + b }
        #expect(throws: OperatorError.self) { try a.matmul(b) }
    }

    @Test func matmulAndTransposeInExactArithmetic() throws {
        let a = try Tensor<Rational>(rows: [[1, 2, 3], [4, 5, 6]].map { $0.map { Rational($0) } })
        let b = try Tensor<Rational>(rows: [[7, 8], [9, 10], [11, 12]].map { $0.map { Rational($0) } })
        let c = try a.matmul(b)
        #expect(c.shape == [2, 2])
        #expect(c.values == [58, 64, 139, 154].map { Rational($0) })
        // (AB)ᵀ = BᵀAᵀ exactly.
        #expect(try c.transposed() == b.transposed().matmul(a.transposed()))
    }

    @Test func rowsOfHigherRankTensors() throws {
        let t = try Tensor<Double>(shape: [2, 2, 3], values: (0..<12).map(Double.init))
        #expect(t.rowCount == 4 && t.rowLength == 3)
        #expect(Array(t.row(2)) == [6, 7, 8])
        let doubled = try t.mapRows { $0.map { 2 * $0 } }
        #expect(doubled.values[11] == 22)
        #expect(throws: OperatorError.self) { try t.mapRows { Array($0.prefix(2)) } }
    }
}
