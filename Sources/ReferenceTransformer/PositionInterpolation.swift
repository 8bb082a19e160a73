import Tensors

/// Resizes a grid of position embeddings, as DINOv2 does for images whose patch grid differs
/// from the table's (Hugging Face's `interpolate_pos_encoding`, PyTorch's
/// `F.interpolate(mode="bicubic", align_corners=False)`, no antialiasing; ONNX's Resize with
/// mode cubic, cubic_coeff_a −0.75, half_pixel): output sample o of an axis n → m reads input
/// position x = (n/m)(o + ½) − ½, with Keys' cubic (a = −0.75) at the four samples around it,
/// indices clamped to the grid. Computed in Double (the libraries compute it in float32, so
/// their values differ from these by float32 rounding).
public enum PositionInterpolation {
    static let a = -0.75

    /// The four weights and first index of output sample `o` of an axis `n` → `m`.
    static func taps(_ o: Int, from n: Int, to m: Int) -> (first: Int, weights: [Double]) {
        let x = Double(n) / Double(m) * (Double(o) + 0.5) - 0.5
        let i = min(Int(x.rounded(.down)), n - 1)
        let t = min(max(x - Double(i), 0), 1)
        func near(_ d: Double) -> Double { ((a + 2) * d - (a + 3)) * d * d + 1 }
        func far(_ d: Double) -> Double { ((a * d - 5 * a) * d + 8 * a) * d - 4 * a }
        return (i - 1, [far(t + 1), near(t), near(1 - t), far(2 - t)])
    }

    /// `grid` [rows·columns, width] (row-major over the grid) resized to newRows × newColumns.
    public static func bicubic(_ grid: Tensor<Double>, rows: Int, columns: Int, newRows: Int, newColumns: Int) throws -> Tensor<Double> {
        guard grid.rank == 2, grid.shape[0] == rows * columns, rows > 0, columns > 0, newRows > 0, newColumns > 0 else {
            throw OperatorError.shapeMismatch("a position grid \(grid.shape) is not \(rows)×\(columns) positions")
        }
        let width = grid.shape[1]
        var out = [Double](repeating: 0, count: newRows * newColumns * width)
        let columnTaps = (0..<newColumns).map { taps($0, from: columns, to: newColumns) }
        for r in 0..<newRows {
            let (firstRow, rowWeights) = taps(r, from: rows, to: newRows)
            for c in 0..<newColumns {
                let (firstColumn, columnWeights) = columnTaps[c]
                for j in 0..<width {
                    var sum = 0.0
                    for (dy, wy) in rowWeights.enumerated() {
                        let y = min(max(firstRow + dy, 0), rows - 1)
                        var inner = 0.0
                        for (dx, wx) in columnWeights.enumerated() {
                            let x = min(max(firstColumn + dx, 0), columns - 1)
                            inner += grid.values[(y * columns + x) * width + j] * wx
                        }
                        sum += inner * wy
                    }
                    out[(r * newColumns + c) * width + j] = sum
                }
            }
        }
        return try Tensor(shape: [newRows * newColumns, width], values: out)
    }
}
