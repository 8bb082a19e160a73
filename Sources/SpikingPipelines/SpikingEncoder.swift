import ExactArithmetic
import ReferenceTransformer
import SpikingOperators
import Tensors

/// A whole encoder converted by a pipeline (ECMT or STA), written once over the scalar. The same
/// input is fed at every step (spec §6); each layer's output is read as the running mean of its
/// output train.
public struct SpikingEncoder<Scalar: SpikeScalar>: Sendable {
    public let reference: ReferenceEncoder<Scalar>
    public let calibration: PipelineCalibration

    public init(reference: ReferenceEncoder<Scalar>, calibration: PipelineCalibration) throws {
        guard calibration.layers.count == reference.config.layers else {
            throw OperatorError.shapeMismatch("calibration of \(calibration.layers.count) layers for \(reference.config.layers)")
        }
        if calibration.configuration.kind == .sta, calibration.operators == nil {
            throw OperatorError.invalidParameter("an STA calibration without group operators")
        }
        self.reference = reference
        self.calibration = calibration
    }

    /// Runs `steps` steps on one input. Step t never sees a later step, so one run gives the
    /// result for every T ≤ steps (the prefix property): the mean outputs are read at each T in
    /// `checkpoints`. `observe` sees every site at every step.
    public func run(
        _ input: Tensor<Scalar>, mask: [Bool]?, steps: Int, checkpoints: [Int], observe: SiteObserver<Scalar>? = nil
    ) throws -> SpikingRun<Scalar> {
        guard steps >= 1 else { throw OperatorError.invalidParameter("T must be ≥ 1, got \(steps)") }
        guard input.rank == 2, input.shape[1] == reference.config.hiddenSize else {
            throw OperatorError.shapeMismatch("encoder input \(input.shape), expected [tokens, \(reference.config.hiddenSize)]")
        }
        if let mask, mask.count != input.shape[0] {
            throw OperatorError.shapeMismatch("mask of \(mask.count) for \(input.shape[0]) tokens")
        }
        for T in checkpoints where T < 1 || T > steps {
            throw OperatorError.invalidParameter("checkpoint T = \(T) is outside 1…\(steps)")
        }
        let configuration = calibration.configuration, layers = 0..<reference.config.layers
        switch configuration.kind {
        case .ecmt:
            let blocks = try layers.map { layer in
                try ECMTBlock(
                    layer: layer, reference: reference, calibration: calibration.layers[layer], configuration: configuration,
                    mask: mask)
            }
            return try Self.run(blocks, input, steps: steps, checkpoints: checkpoints, observe: observe)
        case .sta where configuration.staStructure == .public:
            guard let operators = calibration.operators else { throw OperatorError.invalidParameter("no STA group operators") }
            let blocks = try layers.map { layer in
                try PublicSTABlock(
                    layer: layer, reference: reference, calibration: calibration.layers[layer], operators: operators,
                    configuration: configuration, mask: mask)
            }
            return try Self.run(blocks, input, steps: steps, checkpoints: checkpoints, observe: observe)
        case .sta:
            guard let operators = calibration.operators else { throw OperatorError.invalidParameter("no STA group operators") }
            let blocks = try layers.map { layer in
                try STABlock(
                    layer: layer, reference: reference, calibration: calibration.layers[layer], operators: operators,
                    configuration: configuration, mask: mask)
            }
            return try Self.run(blocks, input, steps: steps, checkpoints: checkpoints, observe: observe)
        }
    }

    /// The steps of `run` over blocks of one kind (generic, so that each block is stepped in
    /// place, with no copy of its state, and its extension `step` is specialised with the run).
    static func run<Block: SpikingBlock>(
        _ blocks: [Block], _ input: Tensor<Scalar>, steps: Int, checkpoints: [Int], observe: SiteObserver<Scalar>?
    ) throws -> SpikingRun<Scalar> where Block.Scalar == Scalar {
        var blocks = blocks
        var totals = RunTotals<Scalar>(layers: blocks.count, checkpoints: checkpoints)
        for t in 1...steps {
            var x = input
            for layer in blocks.indices {
                x = try blocks[layer].step(x, cost: &totals.cost, observe: observe)
                try totals.add(x, layer: layer, step: t)
            }
            totals.close(step: t)
        }
        return totals.run
    }

    /// The same steps over the public STA structure's blocks.
    static func run(
        _ blocks: [PublicSTABlock<Scalar>], _ input: Tensor<Scalar>, steps: Int, checkpoints: [Int], observe: SiteObserver<Scalar>?
    ) throws -> SpikingRun<Scalar> {
        var blocks = blocks
        var totals = RunTotals<Scalar>(layers: blocks.count, checkpoints: checkpoints)
        for t in 1...steps {
            var x = input
            for layer in blocks.indices {
                x = try blocks[layer].step(x, cost: &totals.cost, observe: observe)
                try totals.add(x, layer: layer, step: t)
            }
            totals.close(step: t)
        }
        return totals.run
    }
}

/// A run's running sums of every layer's output, its synaptic operations, and the means and
/// costs read at the checkpoints.
struct RunTotals<Scalar: SpikeScalar> {
    var sums: [Tensor<Scalar>?]
    var means = [Int: [Tensor<Scalar>]]()
    var cost = 0
    var costs = [Int: Int]()
    let wanted: Set<Int>

    init(layers: Int, checkpoints: [Int]) {
        sums = Array(repeating: nil, count: layers)
        wanted = Set(checkpoints)
    }

    /// Adds layer `layer`'s output of step t, refusing NaN and infinities.
    mutating func add(_ x: Tensor<Scalar>, layer: Int, step t: Int) throws {
        if let bad = x.values.firstIndex(where: { !$0.approximation.isFinite }) {
            throw OperatorError.arithmetic(
                "layer \(layer) produced NaN or infinity at step \(t) (entry \(bad)): an operator left its range")
        }
        if sums[layer] == nil { sums[layer] = x } else { try sums[layer]! += x }
    }

    /// Reads the means and the cost when step t is a checkpoint.
    mutating func close(step t: Int) {
        guard wanted.contains(t) else { return }
        means[t] = sums.compactMap { $0?.divided(by: t) }
        costs[t] = cost
    }

    var run: SpikingRun<Scalar> { SpikingRun(meanOutputs: means, synapticOperations: costs) }
}

/// The result of one run: each layer's mean output at each checkpoint T, and the synaptic
/// operations of the first T steps.
public struct SpikingRun<Scalar: SpikeScalar>: Sendable {
    /// T → the mean output of every layer after T steps.
    public let meanOutputs: [Int: [Tensor<Scalar>]]
    /// T → spikes × fan-out summed over the linear layers and the two products in T steps.
    public let synapticOperations: [Int: Int]
}
