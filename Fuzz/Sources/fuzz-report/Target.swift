import Foundation
import Reports

/// report.json as `spikebound check` reads it (a report or a baseline), and tolerance configs.
func fuzzOne(_ bytes: [UInt8]) {
    let data = Data(bytes)
    _ = try? ReportJSON.report(data: data, what: "report fuzz")
    _ = try? ReportJSON.decode(Tolerances.self, data, what: "tolerances fuzz")
}
