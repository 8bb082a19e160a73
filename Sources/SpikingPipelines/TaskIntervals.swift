import Statistics

/// Confidence intervals on a task's figures and on the drop from the ANN to the SNN at every
/// T, computed from the task's per-item values (`TaskItems`).
///
/// - Classification: the ANN's and the SNN's accuracy and the agreement (the fraction of
///   examples whose SNN top-1 equals the ANN's) with exact Clopper–Pearson intervals (CI-CP);
///   the drop ANN − SNN with the exact McNemar p-value and a conservative interval (MCN).
/// - Similarity: the ANN's and the SNN's Spearman ρ and the drop, by the paired percentile
///   bootstrap over pairs (BOOT: approximate), the same resamples for the ANN and every T.
///
/// Every interval assumes the items are an independent sample of the population the claim is
/// about.
public struct TaskIntervals: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public let T: Int
        public let value: ProportionInterval
        public let drop: ProportionInterval
        /// Classification: the fraction of examples whose SNN top-1 equals the ANN's.
        public let agreement: Double?
        public let agreementInterval: ProportionInterval?
        /// Classification: the exact McNemar p-value of "the ANN and the SNN are equally accurate".
        public let pValue: Double?
    }

    public let confidence: Double
    /// "clopper-pearson" (classification) or "bootstrap" (similarity).
    public let method: String
    /// One sentence: how the intervals were made and what they assume.
    public let description: String
    public let ann: ProportionInterval
    public let steps: [Step]

    /// nil when the result carries no items, or a similarity task's resamples are too often
    /// degenerate to give an interval (it says nothing rather than something wrong).
    public init?(_ result: TaskResult, confidence: Level, resamples: Int = PairedBootstrap.defaultResamples, seed: UInt64 = PairedBootstrap.defaultSeed)
        throws
    {
        self.confidence = confidence.doubleValue
        switch result.items {
        case nil:
            return nil
        case .classification(let labels, let ann, let snn)?:
            let n = labels.count
            guard n >= 1 else { return nil }
            func right(_ p: [Int]) -> [Bool] { zip(p, labels).map { $0 == $1 } }
            let annRight = right(ann)
            method = "clopper-pearson"
            description = "exact Clopper–Pearson intervals on accuracy and agreement; on the drop, the exact McNemar test and a "
                + "conservative interval (two Clopper–Pearson intervals at 1 − α/2 on the discordant fractions); "
                + "assumes the \(n) examples are an independent sample"
            self.ann = try ClopperPearson.interval(successes: annRight.filter { $0 }.count, of: n, confidence: confidence)
            steps = try result.value.snn.map { point in
                guard let predicted = snn[point.T], predicted.count == n else {
                    throw StatisticsError("\(result.task): no SNN predictions at T = \(point.T)")
                }
                let snnRight = right(predicted)
                let annOnly = zip(annRight, snnRight).filter { $0 && !$1 }.count
                let snnOnly = zip(annRight, snnRight).filter { !$0 && $1 }.count
                let paired = try PairedProportions(firstOnly: annOnly, secondOnly: snnOnly, of: n, confidence: confidence)
                let agreeing = zip(ann, predicted).filter { $0 == $1 }.count
                return Step(
                    T: point.T, value: try ClopperPearson.interval(successes: snnRight.filter { $0 }.count, of: n, confidence: confidence),
                    drop: paired.difference, agreement: Double(agreeing) / Double(n),
                    agreementInterval: try ClopperPearson.interval(successes: agreeing, of: n, confidence: confidence), pValue: paired.pValue)
            }
        case .agreement(let ann, let snn)?:
            let n = ann.count
            guard n >= 1 else { return nil }
            method = "clopper-pearson"
            description = "exact Clopper–Pearson intervals on the agreement (the fraction of inputs whose SNN top-1 equals the ANN's); "
                + "the drop is 1 − agreement; assumes the \(n) inputs are an independent sample"
            self.ann = ProportionInterval(lower: 1, upper: 1, confidence: confidence.doubleValue)
            steps = try result.value.snn.map { point in
                guard let predicted = snn[point.T], predicted.count == n else {
                    throw StatisticsError("\(result.task): no SNN predictions at T = \(point.T)")
                }
                let agreeing = zip(ann, predicted).filter { $0 == $1 }.count
                let value = try ClopperPearson.interval(successes: agreeing, of: n, confidence: confidence)
                return Step(
                    T: point.T, value: value,
                    drop: ProportionInterval(
                        lower: Swift.max(0, (1 - value.upper).nextDown), upper: Swift.min(1, (1 - value.lower).nextUp), confidence: value.confidence),
                    agreement: Double(agreeing) / Double(n), agreementInterval: value, pValue: nil)
            }
        case .similarity(let gold, let ann, let snn)?:
            let boot = try PairedBootstrap(items: gold.count, resamples: resamples, seed: seed)
            method = "bootstrap"
            description = "approximate: paired percentile bootstrap over the \(gold.count) pairs (\(resamples) resamples, seed \(seed), "
                + "the same resamples for the ANN and every T); assumes the pairs are an independent sample"
            func rho(_ x: [Double], _ idx: [Int]) -> Double { Correlation.spearman(idx.map { x[$0] }, idx.map { gold[$0] }) }
            func interval(_ b: BootstrapInterval) -> ProportionInterval {
                ProportionInterval(lower: b.lower, upper: b.upper, confidence: b.confidence)
            }
            let annRho = boot.resamples.map { rho(ann, $0) }
            guard let annInterval = boot.interval(confidence: confidence, values: annRho) else { return nil }
            self.ann = interval(annInterval)
            var out = [Step]()
            for point in result.value.snn {
                guard let scores = snn[point.T], scores.count == gold.count else {
                    throw StatisticsError("\(result.task): no SNN similarities at T = \(point.T)")
                }
                let snnRho = boot.resamples.map { rho(scores, $0) }
                guard let value = boot.interval(confidence: confidence, values: snnRho),
                    let drop = boot.interval(confidence: confidence, values: zip(annRho, snnRho).map { $0 - $1 })
                else { return nil }
                out.append(Step(T: point.T, value: interval(value), drop: interval(drop), agreement: nil, agreementInterval: nil, pValue: nil))
            }
            steps = out
        }
    }
}
