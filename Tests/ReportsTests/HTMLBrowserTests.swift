import Foundation
@testable import Reports
import Statistics
import Testing

/// index.html in a real browser: headless Chromium (Debian's `chromium`, which .ci/run
/// installs) loads the page, runs its script, and --dump-dom shows the DOM it built: the
/// controls applied, the rows sorted and hidden, and every chart line laid out with a length.
/// Where Chromium is not installed, the test is skipped and says so.
@Suite struct HTMLBrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs headless Chromium on a URL and returns the serialised DOM.
    static func dumpDOM(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromium))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000", "--dump-dom", url]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: killer)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        return String(decoding: data, as: UTF8.self)
    }

    static func write(_ report: Report) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("index.html")
        try HTMLReport.render(report).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The rows of the layer table in DOM order: (class, status, the value of column `column`).
    static func rows(_ dom: String, column: Int) -> [(hidden: Bool, status: String, value: Double)] {
        guard let body = dom.range(of: "<tbody>"), let end = dom.range(of: "</tbody>", range: body.upperBound..<dom.endIndex) else { return [] }
        let table = String(dom[body.upperBound..<end.lowerBound])
        return table.components(separatedBy: "<tr ").dropFirst().map { row in
            let hidden = row.hasPrefix("class=\"row hidden\"")
            let status = row.components(separatedBy: "data-status=\"").dropFirst().first?.prefix { $0 != "\"" } ?? ""
            let cells = row.components(separatedBy: "<td ").dropFirst()
            let value = cells.dropFirst(column).first.flatMap { $0.components(separatedBy: "data-value=\"").dropFirst().first }
                .map { String($0.prefix { $0 != "\"" }) }.flatMap(Double.init) ?? .nan
            return (hidden, String(status), value)
        }
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install -y chromium): the browser test is skipped"))
    func theScriptRunsAndTheChartsRender() throws {
        let report = SampleReports.report([
            SampleReports.pipeline("ecmt", planted: (layer: 2, step: 3)), SampleReports.pipeline("sta", bounded: false),
        ])
        let url = try Self.write(report)
        // Sorted by the observed error (column 4), largest first, with the passing rows hidden.
        let dom = try Self.dumpDOM(url.absoluteString + "?hide-passing=1&sort=4&desc=1")
        #expect(dom.contains("data-ready=\"yes\""), "the page's script did not finish: \(dom.prefix(400))")
        let rows = Self.rows(dom, column: 4)
        #expect(rows.count == 6)
        #expect(rows.filter { !$0.hidden }.map(\.status) == ["unsound"], "\(rows)")
        let values = rows.map(\.value)
        #expect(values == values.sorted(by: >), "not sorted largest first: \(values)")
        // Every chart line drawn: per pipeline, the end-metric charts' 3 lines (cosine mean and
        // min, 1 − cos mean); per layer, observed and RMS, and checked and bound where bounded.
        let expected = 2 * 3 + 3 * 4 + 3 * 2
        let lines = dom.components(separatedBy: "data-chart-lines=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) }
        #expect(lines == String(expected), "chart lines laid out: \(lines ?? "none"), expected \(expected)")
        // The failure names its input and the replay command, escaped.
        #expect(dom.contains("Inputs: input.0 of Fixtures/x"))
        #expect(dom.contains("spikebound run --model 'My Model' --pipeline ecmt"))
        #expect(dom.contains("&lt;values&gt; &amp; \"quotes\""), "a finding's text was not escaped")
    }

    /// Filtering by text keeps only the matching rows.
    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install -y chromium): the browser test is skipped"))
    func theFilterHidesRowsThatDoNotMatch() throws {
        let url = try Self.write(SampleReports.report([SampleReports.pipeline("ecmt"), SampleReports.pipeline("sta", bounded: false)]))
        let dom = try Self.dumpDOM(url.absoluteString + "?filter=sta")
        let rows = Self.rows(dom, column: 4)
        #expect(rows.count == 6)
        #expect(rows.filter { !$0.hidden }.count == 3, "\(rows)")
        #expect(rows.filter { !$0.hidden }.allSatisfy { $0.status == "unchecked" }, "\(rows)")
    }

    /// The page leads with each pipeline's "T needed" lines, shows the population bounds, and
    /// draws the task intervals as error bars, after its script ran (issue 35).
    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install -y chromium): the browser test is skipped"))
    func populationBoundsTNeededAndErrorBarsRender() throws {
        var p = try PopulationReportTests.withPopulation()
        p.tasks = [try TaskReport(try PopulationReportTests.classification(), confidence: .ninetyFivePercent)]
        let dom = try Self.dumpDOM(try Self.write(SampleReports.report([p])).absoluteString)
        #expect(dom.contains("data-ready=\"yes\""), "the page's script did not finish")
        let header = try #require(dom.components(separatedBy: "<section id=\"population\">").first)
        #expect(header.contains("<b>T needed</b>: labels.tsv: accuracy drop ≤ 0.01"), "the T needed line is not in the header")
        #expect(dom.contains("<table class=\"population\" data-pipeline=\"ecmt\">"))
        // One error bar per T of the task, each a vertical line of some length.
        let bars = dom.components(separatedBy: "<g class=\"errbar obs\">").dropFirst()
        #expect(bars.count == 4, "\(bars.count) error bars")
        for bar in bars {
            let numbers = bar.components(separatedBy: "y1=\"").dropFirst().prefix(1).flatMap { $0.components(separatedBy: "\" y2=\"") }
            let y1 = numbers.first.flatMap { Double($0) }, y2 = numbers.dropFirst().first.flatMap { Double($0.prefix { $0 != "\"" }) }
            #expect(y1 != nil && y2 != nil && y1 != y2, "an error bar of no length: \(bar.prefix(200))")
        }
    }
}
