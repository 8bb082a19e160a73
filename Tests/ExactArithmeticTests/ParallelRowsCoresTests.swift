import ExactArithmetic
import Foundation
import Testing

/// The cores ParallelRows splits work over are the process's affinity (taskset, containers), read
/// from /proc/self/status's hex mask; checked here against the same file's list form.
@Suite struct ParallelRowsCoresTests {
    @Test func coresAreTheAffinityMask() throws {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") })
        var listed = 0
        for part in line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces).split(separator: ",") {
            let ends = part.split(separator: "-").compactMap { Int($0) }
            listed += ends.count == 2 ? ends[1] - ends[0] + 1 : 1
        }
        #expect(listed >= 1)
        #expect(ParallelRows.cores == listed)
    }
}
