import Diagnostics
import ExactArithmetic
import Foundation
import ModelIO
import SpikingOperators
import Tensors

/// One `simulate` spec: an operator, its parameters and its per-step inputs.
public struct Simulation {
    enum Operator: String, CaseIterable {
        case integrateAndFire = "if"
        case multiThreshold = "multi-threshold"
        case signedBurst = "signed-burst"
        case expectationCompensation = "expectation-compensation"
        case spikeProduct = "spike-product"
        case groupOperator = "group-operator"

        /// The golden files' operator names are accepted too, with the reference code's
        /// defaults: "signed-burst-neuron" counts bursts with the reference's float guard (so a
        /// golden case fed in reproduces the reference), and the product names fix the variant.
        static let aliases: [String: (Operator, String?)] = [
            "signed-burst-neuron": (.signedBurst, "reference"),
            "spike-product-ecmt": (.spikeProduct, "ecmt"),
            "spike-product-sta": (.spikeProduct, "sta"),
        ]
    }

    let kind: Operator
    let arithmetic: String
    let parameters: SpecReader
    let steps: [SpecReader]
    let defaultVariant: String?
    /// Where relative file names in the spec are resolved.
    let baseDirectory: URL

    init(_ spec: JSONValue, baseDirectory: URL) throws {
        let root = SpecReader(spec)
        guard case .object(let members) = spec else { throw InputError("the spec must be a JSON object, got \(spec.kind)") }
        // A misspelt key would otherwise be ignored and its default used in silence. A golden
        // case fed in directly also carries its reference's note, outputs and membrane: ignored.
        let known = ["operator", "arithmetic", "parameters", "steps"], golden = ["note", "outputs", "membrane"]
        if let unknown = members.first(where: { !known.contains($0.key) && !golden.contains($0.key) }) {
            throw InputError(
                "unknown key \"\(unknown.key)\" (a spec has operator, arithmetic, parameters and steps; a golden case's note, outputs and membrane are ignored)")
        }
        let name = try root.required("operator").string
        if let k = Operator(rawValue: name) {
            kind = k
            defaultVariant = nil
        } else if let (k, variant) = Operator.aliases[name] {
            kind = k
            defaultVariant = variant
        } else {
            throw InputError("operator: \"\(name)\" is not one of \(Operator.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        arithmetic = try root.field("arithmetic")?.oneOf(["exact", "double", "interval"]) ?? "exact"
        parameters = root.field("parameters") ?? SpecReader(.object([]), path: "parameters")
        if case .object = parameters.value {} else { throw parameters.wrong("an object") }
        steps = try root.required("steps").array
        guard !steps.isEmpty else { throw InputError("steps: at least one step is needed (T ≥ 1)") }
        self.baseDirectory = baseDirectory
    }

    /// The output document of a spec's bytes (`spikebound simulate --spec`); relative file names
    /// in it are resolved in `baseDirectory`. Errors are one line naming the field.
    public static func output(spec data: Data, baseDirectory: URL) throws -> JSONValue {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes: Array(data)) } catch let error as JSONError {
            throw InputError("--spec: \(error)")
        }
        return try Simulation(document, baseDirectory: baseDirectory).run()
    }

    /// The output precision of enclosures (parameters.bits, default 64).
    var bits: Int {
        get throws {
            guard let b = parameters.field("bits") else { return 64 }
            let n = try b.int
            guard n >= 1 && n <= Precision.maximumBits else {
                throw InputError("parameters.bits: must be between 1 and \(Precision.maximumBits), got \(n)")
            }
            return n
        }
    }

    /// Runs the spec in the requested arithmetic and returns the output document. Interval runs
    /// are repeated at higher precision while a firing decision is undecided.
    func run() throws -> JSONValue {
        do {
            return try refiningPrecision(from: try bits) { try run($0) }
        } catch OperatorError.undecided(let what) {
            throw CheckFailure(description: "undecided: \(what)")
        }
    }

    func run(_ context: NumericContext) throws -> JSONValue {
        let body: [JSONValue.Member]
        var header: [JSONValue.Member] = [.init("operator", .string(kind.rawValue)), .init("arithmetic", .string(arithmetic))]
        switch arithmetic {
        case "double":
            body = try simulate(Double.self, context)
        case "interval":
            header.append(.init("bits", .number("\(context.bits)")))
            body = try simulate(Interval.self, context)
        default:
            if try needsEnclosures() {
                header.append(.init("values", .string("enclosures at \(context.bits) bits (the function is transcendental)")))
                header.append(.init("bits", .number("\(context.bits)")))
                body = try simulate(Interval.self, context)
            } else {
                body = try simulate(Rational.self, context)
            }
        }
        return .object(header + body)
    }

    func needsEnclosures() throws -> Bool {
        guard kind == .expectationCompensation else { return false }
        return !(try compensatedFunction().isRational)
    }

    func simulate<S: JSONScalar>(_: S.Type, _ context: NumericContext) throws -> [JSONValue.Member] {
        var outputs: [JSONValue] = []
        var state: [JSONValue.Member] = []
        func stepTensor(_ i: Int) throws -> Tensor<S> { try steps[i].tensor.map { S($0) } }
        /// Feeds every step's tensor to `step` and collects the outputs.
        func runSteps(_ step: (Tensor<S>) throws -> Tensor<S>) throws {
            for i in steps.indices { outputs.append(try wrap(i) { try step(try stepTensor(i)) }.json) }
        }
        func wrap<T>(_ step: Int, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let error as OperatorError {
                if case .undecided = error { throw error }  // refined by `run()`
                throw InputError("steps[\(step)]: \(error)")
            }
        }
        switch kind {
        case .integrateAndFire:
            try parameters.allowOnly(["threshold", "signed", "initialMembrane", "bits"])
            var neuron = try IFNeuron<S>(
                threshold: try parameters.required("threshold").positiveRational,
                signed: try parameters.field("signed")?.bool ?? false,
                initialMembrane: try parameters.field("initialMembrane")?.rational ?? .zero)
            try runSteps { try neuron.step($0) }
            if let m = neuron.state.membrane { state.append(.init("membrane", try m.json)) }
        case .multiThreshold:
            try parameters.allowOnly(["lambdaPositive", "lambdaNegative", "levels", "gap", "rule", "initialMembrane", "bits"])
            let ruleName = try parameters.field("rule")?.oneOf(MultiThresholdNeuron<S>.Rule.allCases.map(\.rawValue)) ?? "ecmt"
            var neuron = try MultiThresholdNeuron<S>(
                lambdaPositive: try parameters.required("lambdaPositive").positiveRational,
                lambdaNegative: try parameters.required("lambdaNegative").positiveRational,
                levels: try parameters.required("levels").int,
                gap: try parameters.field("gap")?.rational ?? Rational(2),
                rule: MultiThresholdNeuron<S>.Rule(rawValue: ruleName)!,
                initialMembrane: try parameters.field("initialMembrane")?.rational ?? .zero)
            try runSteps { try neuron.step($0) }
            if let m = neuron.state.membrane { state.append(.init("membrane", try m.json)) }
        case .signedBurst:
            try parameters.allowOnly(["threshold", "signedWithMemory", "burstLimit", "burstGuard", "initialMembrane", "bits"])
            var burstGuard: Rational? = defaultVariant == "reference" ? SignedBurstNeuron<S>.referenceGuard : nil
            if let g = parameters.field("burstGuard") {
                if case .string = g.value {
                    _ = try g.oneOf(["reference", "exact"])
                    burstGuard = try g.string == "reference" ? SignedBurstNeuron<S>.referenceGuard : nil
                } else {
                    burstGuard = try g.rational
                }
            }
            var neuron = try SignedBurstNeuron<S>(
                threshold: try parameters.required("threshold").positiveRational,
                burstLimit: try parameters.field("burstLimit")?.int ?? 2,
                signedWithMemory: try parameters.field("signedWithMemory")?.bool ?? true,
                burstGuard: burstGuard,
                initialMembrane: try parameters.field("initialMembrane")?.rational ?? .zero)
            try runSteps { try neuron.step($0) }
            if let m = neuron.state.membrane { state.append(.init("membrane", try m.json)) }
            if let m = neuron.memory { state.append(.init("memory", try m.json)) }
            state.append(.init("burstGuard", .string(burstGuard.map { "\($0)" } ?? "exact")))
        case .expectationCompensation:
            try parameters.allowOnly(["function", "epsilon", "gamma", "beta", "bits"])
            var ec = ExpectationCompensation<S>(try compensatedFunction(), context: context)
            try runSteps { try ec.step($0) }
            if let s = ec.runningSum { state.append(.init("runningSum", try s.json)) }
            if let f = ec.lastValue { state.append(.init("meanOutput", try f.json)) }
        case .spikeProduct:
            try parameters.allowOnly(["variant", "operands", "bits"])
            let variantName = try parameters.field("variant")?.oneOf(SpikeProduct<S>.Variant.allCases.map(\.rawValue))
                ?? defaultVariant ?? "ecmt"
            let operands = try parameters.field("operands")?.oneOf(["a times b", "a times transpose(b)"]) ?? "a times b"
            var product = SpikeProduct<S>(variant: .init(rawValue: variantName)!, transposeB: operands != "a times b")
            for (i, step) in steps.enumerated() {
                let a = try step.required("a").tensor.map { S($0) }
                let b = try step.required("b").tensor.map { S($0) }
                outputs.append(try wrap(i) { try product.step(a: a, b: b) }.json)
            }
            if let s = product.sumA { state.append(.init("runningSumA", try s.json)) }
            if let s = product.sumB { state.append(.init("runningSumB", try s.json)) }
            if let e = product.emitted { state.append(.init("emittedSum", try e.json)) }
        case .groupOperator:
            try parameters.allowOnly(["file", "weights", "construct", "mode", "thresholds", "domain", "bits"])
            let group = try groupOperator()
            let mode = try parameters.field("mode")?.oneOf(["ann", "spiking"]) ?? "ann"
            if mode == "ann" {
                try runSteps { x in try x.map { try group.evaluate($0) } }
            } else {
                let thresholds: [Rational]
                if let t = parameters.field("thresholds") {
                    thresholds = try t.rationalVector
                } else {
                    let domain = try parameters.field("domain") ?? parameters.required("construct").required("domain")
                    let ends = try domain.rationalVector
                    guard ends.count == 2, ends[0] < ends[1] else { throw InputError("\(domain.path): expected [a, b] with a < b") }
                    thresholds = SpikingGroupOperator<S>.domainThresholds(group, domain: ends[0], ends[1])
                }
                var spiking = try SpikingGroupOperator<S>(group, thresholds: thresholds)
                try runSteps { try spiking.step($0) }
                state.append(.init("thresholds", .array(thresholds.map { .string($0.description) })))
                state.append(.init("membranes", .array(try spiking.membranes.map { try $0?.json ?? .null })))
            }
        }
        state.append(.init("steps", .number("\(steps.count)")))
        return [.init("outputs", .array(outputs)), .init("state", .object(state))]
    }

    func compensatedFunction() throws -> CompensatedFunction {
        let names = ScalarFunction.allCases.map(\.rawValue) + ["softmax", "layernorm"]
        let name = try parameters.required("function").oneOf(names)
        if let f = ScalarFunction(rawValue: name) { return .elementwise(f) }
        if name == "softmax" { return .softmax }
        let epsilon = try parameters.field("epsilon")?.rational ?? (try Rational(parsing: "1e-5"))
        guard epsilon.sign >= 0 else { throw InputError("parameters.epsilon: must be ≥ 0, got \(epsilon)") }
        let gamma = try parameters.required("gamma").rationalVector
        let beta = try parameters.required("beta").rationalVector
        guard gamma.count == beta.count else {
            throw InputError("parameters.beta: \(beta.count) values for \(gamma.count) gamma values")
        }
        return .layerNorm(gamma: gamma, beta: beta, epsilon: epsilon)
    }

    func groupOperator() throws -> GroupOperator {
        let sources = ["file", "weights", "construct"].filter { parameters.field($0) != nil }
        guard sources.count == 1 else {
            throw InputError("parameters: give exactly one of file, weights or construct (got \(sources.isEmpty ? "none" : sources.joined(separator: ", ")))")
        }
        if let file = parameters.field("file") {
            let path = try file.string
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
            let data: Data
            do { data = try InputFile.read(url) } catch { throw InputError("parameters.file: \(error)") }
            do {
                return try GroupOperatorFile.parse(try JSONParser.parse(bytes: Array(data)), name: url.lastPathComponent)
            } catch let error as JSONError {
                throw InputError("parameters.file: \(error)")
            }
        }
        if let weights = parameters.field("weights") {
            do { return try GroupOperatorFile.parse(weights.value, name: "parameters.weights") } catch let error as JSONError {
                throw InputError("\(error)")
            }
        }
        let construct = try parameters.required("construct")
        try construct.allowOnly(["function", "domain", "knots"])
        let f = try construct.required("function").oneOf(ScalarFunction.allCases.map(\.rawValue))
        let ends = try construct.required("domain").rationalVector
        guard ends.count == 2, ends[0] < ends[1] else { throw InputError("parameters.construct.domain: expected [a, b] with a < b") }
        let intervals = try construct.required("knots").int
        guard intervals >= 1 && intervals <= 4096 else {
            throw InputError("parameters.construct.knots: the number of knot intervals must be in 1…4096")
        }
        do {
            return try Interpolants.construct(ScalarFunction(rawValue: f)!, domain: ends[0], ends[1], intervals: intervals)
        } catch let error as OperatorError {
            throw InputError("parameters.construct: \(error)")
        }
    }
}
