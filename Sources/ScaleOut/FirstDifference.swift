/// The first name (in sorted order) whose value differs between two name → value tables, a
/// name present in only one included: what the calibration file's and the merge's checks name
/// in their one-line refusals (a file's SHA-256, an input option, a setting).
func firstDifference(_ a: [String: String], _ b: [String: String]) -> String? {
    Set(a.keys).union(b.keys).sorted().first { a[$0] != b[$0] }
}
