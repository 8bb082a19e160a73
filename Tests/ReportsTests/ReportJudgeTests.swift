import Foundation
import PropertyBased
import PropertyTestSupport
@testable import Reports
import Testing

/// The judge decides each status from the values alone: an observed error above a certified
/// bound is unsound, a tie is not; a value above a matching limit fails, a tie does not.
@Suite struct ReportJudgeTests {
    @Test func statusesAndVerdicts() {
        let clean = SampleReports.report([SampleReports.pipeline("ecmt")])
        #expect(clean.verdict == .sound)
        #expect(clean.pipelines[0].layers.allSatisfy { $0.status == .sound })
        #expect(clean.pipelines[0].layers[0].steps[0].sites[0].status == .sound)
        #expect(clean.pipelines[0].layers[0].steps[0].sites[1].status == .unchecked)
        let planted = SampleReports.report([SampleReports.pipeline("ecmt", planted: (layer: 2, step: 1)), SampleReports.pipeline("sta", bounded: false)])
        #expect(planted.verdict == .unsound)
        #expect(planted.pipelines[0].layers.map(\.status) == [.sound, .sound, .unsound])
        #expect(planted.pipelines[0].layers[2].steps.map(\.status) == [.sound, .unsound, .sound, .sound])
        #expect(planted.pipelines[1].verdict == .unchecked)
        let reason = planted.pipelines[0].layers[2].steps[1].reasons
        #expect(reason.map(\.status) == [.unsound])
        #expect(reason.first?.message == "input.0: observed 0.75 above its a priori bound 0.375")
    }

    @Test func verdictsCombineWorstFirstAndSoundBeatsUnchecked() {
        #expect(Verdict.combining([.sound, .unchecked]) == .sound)
        #expect(Verdict.combining([.unchecked, .unchecked]) == .unchecked)
        #expect(Verdict.combining([.sound, .loose, .unchecked]) == .loose)
        #expect(Verdict.combining([.loose, .unsound]) == .unsound)
        #expect(Verdict.combining([]) == .unchecked)
        #expect(Verdict([.sound, .overTolerance]) == .loose)
        #expect(Status.allCases.sorted() == [.unsound, .overTolerance, .loose, .sound, .unchecked])
    }

    /// Limits match on every field they set, and the smallest matching limit decides.
    @Test func limitsApplyWhereTheyMatch() throws {
        let tolerances = Tolerances(limits: [
            .init(pipeline: "ecmt", layer: 1, T: [16], bound: 0.2),
            .init(layer: 0, observed: 0.5),
            .init(site: "qkv-input", T: [64], bound: 1e-3),
        ])
        let r = SampleReports.report([SampleReports.pipeline("ecmt"), SampleReports.pipeline("sta")], tolerances: tolerances)
        // ecmt layer 1 at T = 16: bound 2·2/16 = 0.25 > 0.2 → loose; the same layer at T = 4 has no limit.
        #expect(r.pipelines[0].layers[1].steps.map(\.status) == [.sound, .sound, .loose, .loose])
        // Layer 0's observed 1/T: 1 > 0.5 at T = 1 only, in both pipelines.
        #expect(r.pipelines[0].layers[0].steps.map(\.status) == [.overTolerance, .sound, .sound, .loose])
        #expect(r.pipelines[1].layers[0].steps[0].status == .overTolerance)
        // The site limit at T = 64: its bound 1/64 > 1e-3.
        #expect(r.pipelines[1].layers[2].steps[3].sites[0].status == .loose)
        #expect(r.pipelines[1].layers[2].steps[3].sites[1].status == .unchecked)
        #expect(r.verdict == .loose)
    }

    /// On edge values (zero, ties, subnormal, huge), unsound exactly when observed > bound, and
    /// over tolerance exactly when observed > limit.
    @Test func unsoundExactlyWhenObservedExceedsTheBound() {
        let pairs = zip(Edge.double, Edge.double)
        forAll(cases: 300, pairs) { pair in
            let (a, b) = pair
            let observed = abs(a), bound = abs(b)
            for (o, bd) in [(observed, bound), (bound, bound), (observed, observed)] {
                let s = ReportJudge.judged(SampleReports.step(T: 1, observed: o, aPriori: bd), pipeline: "ecmt", layer: 0, tolerances: nil)
                let expectUnsound = o > bd
                #expect((s.status == .unsound) == expectUnsound, "observed \(o), bound \(bd): \(s.status)")
                if !expectUnsound { #expect(s.status == .sound, "observed \(o), bound \(bd): \(s.status)") }
            }
            let limit = Tolerances(limits: [.init(observed: bound)])
            let s = ReportJudge.judged(SampleReports.step(T: 1, observed: observed), pipeline: "ecmt", layer: 0, tolerances: limit)
            #expect((s.status == .overTolerance) == !(observed <= bound), "observed \(observed), limit \(bound): \(s.status)")
        }
    }

    /// A point of an a priori domain whose error is above the bound makes the step unsound even
    /// when the input's own error is inside; a tie, or no domain measured, does not.
    @Test func aDomainPointAboveTheBoundIsUnsound() {
        for (worst, unsound) in [(0.5, true), (0.25, false), (Double.nan, true)] {
            var step = SampleReports.step(T: 1, observed: 0.1, aPriori: 0.25)
            step.aPriori[0].domainObserved = worst
            step.aPriori[0].domainPoints = 16
            let s = ReportJudge.judged(step, pipeline: "ecmt", layer: 0, tolerances: nil)
            #expect((s.status == .unsound) == unsound, "worst \(worst): \(s.status)")
            if unsound { #expect(s.reasons.contains { $0.message.contains("a point of its domain") }) }
        }
        #expect(ReportJudge.judged(SampleReports.step(T: 1, observed: 0.1, aPriori: 0.25), pipeline: "ecmt", layer: 0, tolerances: nil).status == .sound)
    }

    /// A value that cannot be confirmed (NaN, infinity) never passes.
    @Test(arguments: [Double.nan, .infinity])
    func nonFiniteObservedErrorsNeverPass(_ x: Double) {
        let s = ReportJudge.judged(SampleReports.step(T: 1, observed: x, aPriori: 1, siteBound: 1, siteObserved: x), pipeline: "ecmt", layer: 0,
            tolerances: Tolerances(limits: [.init(observed: 1)]))
        #expect(s.status == .unsound)
        #expect(s.sites[0].status == .unsound)
        #expect(s.reasons.map(\.status).contains(.overTolerance))
    }

    /// A printed bound never shows less than the bound.
    @Test func printedBoundsRoundUp() {
        forAll(cases: 500, Edge.double) { x in
            let v = abs(x)
            guard v.isFinite else { return }
            for format in [NumberText.short, { String(format: "%.3e", $0) }] {
                let text = NumberText.up(v, format)
                let shown = Double(text)
                #expect(shown.map { $0 >= v } ?? false, "\(text) for \(v)")
            }
        }
    }
}
