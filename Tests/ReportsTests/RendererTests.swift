import Foundation
@testable import Reports
import Testing

/// What the renderers must show, read from the report alone.
@Suite struct RendererTests {
    @Test func markdownPutsTheVerdictFirstAndTheWorstLayerOnTop() throws {
        let report = SampleReports.report([SampleReports.pipeline("ecmt", planted: (layer: 1, step: 3))])
        let md = MarkdownReport.render(report)
        let lines = md.split(separator: "\n")
        #expect(lines[0] == "# SpikeBound report: sample")
        #expect(lines[1].hasPrefix("**Verdict: UNSOUND**"))
        let table = lines.filter { $0.hasPrefix("| ") && !$0.hasPrefix("| layer") && !$0.hasPrefix("| T") }
        #expect(table.first?.hasPrefix("| 1 | unsound |") == true, "\(table)")
        #expect(md.contains("**Failed (1)**"))
        #expect(md.contains("Replay: `spikebound run --model 'My Model' --pipeline ecmt`"))
        #expect(md.split(separator: "\n").count < 60, "too long for a job summary")
    }

    @Test func htmlIsSelfContained() throws {
        let html = HTMLReport.render(SampleReports.report([SampleReports.pipeline("ecmt")]))
        for fetch in ["src=\"http", "href=\"http", "@import", "url(http", "<link "] {
            #expect(!html.contains(fetch), "index.html fetches something: \(fetch)")
        }
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("id=\"hide-passing\""))
    }

    /// Points a log axis cannot show are left out and counted, never drawn at a made-up place.
    @Test func chartsLeaveOutWhatTheyCannotDraw() {
        let chart = SVGChart(title: "t", series: [.init(name: "e", cssClass: "obs", points: [(1, 0.5), (2, 0), (4, .nan), (8, .infinity), (16, 1e-3)])])
        let svg = chart.render()
        #expect(svg.contains("(3 points not drawable)"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2)
        let empty = SVGChart(title: "none", series: [.init(name: "e", cssClass: "obs", points: [(1, 0)])]).render()
        #expect(empty.contains("no data"))
    }

    /// report.json reads back to the same report.
    @Test func jsonRoundTrips() throws {
        let report = SampleReports.report([SampleReports.pipeline("ecmt", planted: (layer: 0, step: 0)), SampleReports.pipeline("sta", bounded: false)])
        let text = try ReportJSON.encode(report)
        let back = try ReportJSON.decode(Report.self, Data(text.utf8), what: "test")
        #expect(back == report)
        #expect(try ReportJSON.encode(back) == text)
    }
}
