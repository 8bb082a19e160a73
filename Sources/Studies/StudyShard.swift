/// A deterministic slice of a study's inputs: shard `index` of `count` runs input k (in the
/// study's input order, primary inputs then each task's) when k mod count = index. Round robin
/// rather than blocks, so that the first inputs, which carry the a priori analyses and the
/// attribution, and inputs of different lengths spread over the shards. Every input is in
/// exactly one shard for any count, a count above the number of inputs included (those shards
/// are empty).
public struct StudyShard: Sendable, Equatable, Codable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole study, as one shard.
    public static let whole = StudyShard(checkedIndex: 0, count: 1)

    /// Shard `index` of `count`: 0 ≤ index < count.
    public init(index: Int, count: Int) throws {
        guard count >= 1 else { throw StudyError("--shard: the number of shards must be ≥ 1, got \(count)") }
        guard (0..<count).contains(index) else {
            throw StudyError("--shard: shard \(index) of \(count) does not exist (shards are numbered 0 to \(count - 1))")
        }
        self.init(checkedIndex: index, count: count)
    }

    private init(checkedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    enum CodingKeys: String, CodingKey { case index, count }

    /// Decodes through the checking initialiser: a file naming shard 5 of 3 is refused.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do { try self.init(index: try c.decode(Int.self, forKey: .index), count: try c.decode(Int.self, forKey: .count)) } catch let e as StudyError {
            throw DecodingError.dataCorruptedError(
                forKey: .index, in: c, debugDescription: e.description.replacingOccurrences(of: "--shard: ", with: ""))
        }
    }

    /// Whether input `k` runs in this shard.
    public func contains(_ k: Int) -> Bool { k % count == index }

    /// The positions of this shard's inputs among `total`, in order.
    public func positions(of total: Int) -> [Int] { Array(stride(from: index, to: total, by: count)) }

    /// "i/N".
    public var description: String { "\(index)/\(count)" }

    /// Reads `--shard`: "i/N"; "auto", the index and count from a whole Slurm job array
    /// (SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN, and SLURM_ARRAY_TASK_COUNT); or "auto/N",
    /// the index as given by SLURM_ARRAY_TASK_ID or else by a Kubernetes Indexed Job's
    /// JOB_COMPLETION_INDEX, and N shards. The scripts of `spikebound slurm` use auto/N, so that a
    /// task resubmitted alone (`sbatch --array=2 shards.sbatch`) still runs shard 2 of N. Every
    /// failure is one line.
    public init(parsing text: String, environment: [String: String]) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count) else { throw StudyError("--shard: '\(text)' is not i/N, auto or auto/N") }
        let count: Int
        if parts.count == 2 {
            guard let n = Int(parts[1]) else { throw StudyError("--shard: '\(parts[1])' in '\(text)' is not a number of shards") }
            count = n
        } else if parts[0] == "auto" {
            guard let value = environment["SLURM_ARRAY_TASK_COUNT"] else {
                throw StudyError("--shard auto: SLURM_ARRAY_TASK_COUNT is not set (not in a Slurm job array); give the count as auto/N")
            }
            guard let n = Int(value) else { throw StudyError("--shard auto: SLURM_ARRAY_TASK_COUNT is '\(value)', not a number") }
            count = n
        } else {
            throw StudyError("--shard: '\(text)' is not i/N, auto or auto/N")
        }
        if parts[0] == "auto" {
            try self.init(index: try Self.environmentIndex(environment, fromFirstTask: parts.count == 1), count: count)
        } else {
            guard let i = Int(parts[0]) else { throw StudyError("--shard: '\(parts[0])' in '\(text)' is not a shard index") }
            try self.init(index: i, count: count)
        }
    }

    /// The array task's index from the environment: counted from the array's first task when
    /// `fromFirstTask` (the count is the array's too), else as given.
    static func environmentIndex(_ environment: [String: String], fromFirstTask: Bool) throws -> Int {
        if let id = environment["SLURM_ARRAY_TASK_ID"] {
            guard let task = Int(id) else { throw StudyError("--shard auto: SLURM_ARRAY_TASK_ID is '\(id)', not a number") }
            let first = fromFirstTask ? environment["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0 : 0
            return task - first
        }
        if let id = environment["JOB_COMPLETION_INDEX"] {
            guard let task = Int(id) else { throw StudyError("--shard auto: JOB_COMPLETION_INDEX is '\(id)', not a number") }
            return task
        }
        throw StudyError("--shard auto: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set (not in a job array); give i/N")
    }
}
