import PropertyBased
import PropertyTestSupport
import Studies
import Testing

/// StudyShard: every input is in exactly one shard for any number of inputs and shards (more
/// shards than inputs, one shard, one input, none); `--shard` reads i/N, auto from a Slurm job
/// array and auto/N from a Kubernetes Indexed Job, and refuses the rest in one line.
@Suite struct StudyShardTests {
    static let sizes = zip(Gen.int(in: 0...300), Gen.int(in: 1...400), Gen.int(in: 0...3)).map { total, n, edge -> (Int, Int) in
        switch edge {
        case 0: return (total, 1)
        case 1: return (total, total + 1 + n % 5)  // more shards than inputs
        case 2: return (n % 3, n)  // 0, 1 or 2 inputs
        default: return (total, n)
        }
    }.eraseToAny()

    @Test func everyInputIsInExactlyOneShard() throws {
        forAll(cases: 200, Self.sizes) { size throws in
            let (total, n) = size
            var owners = [Int](repeating: 0, count: total)
            for i in 0..<n {
                let shard = try StudyShard(index: i, count: n)
                let positions = shard.positions(of: total)
                #expect(positions == positions.sorted(), "in order")
                for k in positions {
                    owners[k] += 1
                    #expect(shard.contains(k))
                }
            }
            #expect(owners.allSatisfy { $0 == 1 }, "\(total) inputs over \(n) shards")
        }
    }

    @Test func readsIndexAndCount() throws {
        #expect(try StudyShard(parsing: "2/5", environment: [:]) == StudyShard(index: 2, count: 5))
        #expect(try StudyShard(parsing: "0/1", environment: [:]) == .whole)
        let slurm = ["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_COUNT": "8"]
        #expect(try StudyShard(parsing: "auto", environment: slurm) == StudyShard(index: 7, count: 8))
        // An array numbered from 1 (--array=1-8): the index counts from the first task.
        let fromOne = ["SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1"]
        #expect(try StudyShard(parsing: "auto", environment: fromOne) == StudyShard(index: 7, count: 8))
        #expect(try StudyShard(parsing: "auto/3", environment: ["JOB_COMPLETION_INDEX": "2"]) == StudyShard(index: 2, count: 3))
        #expect(try StudyShard(parsing: "auto/3", environment: ["SLURM_ARRAY_TASK_ID": "1"]) == StudyShard(index: 1, count: 3))
        // One task resubmitted alone (sbatch --array=2): auto/N keeps its index.
        let alone = ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "2", "SLURM_ARRAY_TASK_COUNT": "1"]
        #expect(try StudyShard(parsing: "auto/3", environment: alone) == StudyShard(index: 2, count: 3))
    }

    @Test(arguments: [
        ("3/3", [String: String](), "--shard: shard 3 of 3 does not exist (shards are numbered 0 to 2)"),
        ("-1/3", [:], "--shard: shard -1 of 3 does not exist (shards are numbered 0 to 2)"),
        ("0/0", [:], "--shard: the number of shards must be ≥ 1, got 0"),
        ("1", [:], "--shard: '1' is not i/N, auto or auto/N"),
        ("a/2", [:], "--shard: 'a' in 'a/2' is not a shard index"),
        ("1/2/3", [:], "--shard: '1/2/3' is not i/N, auto or auto/N"),
        ("auto", [:], "--shard auto: SLURM_ARRAY_TASK_COUNT is not set (not in a Slurm job array); give the count as auto/N"),
        ("auto/4", [:], "--shard auto: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set (not in a job array); give i/N"),
        ("auto", ["SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_ID": "x"], "--shard auto: SLURM_ARRAY_TASK_ID is 'x', not a number"),
        ("auto", ["SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_ID": "4"], "--shard: shard 4 of 4 does not exist (shards are numbered 0 to 3)"),
    ])
    func refusesInOneLine(_ text: String, _ environment: [String: String], _ message: String) {
        #expect(throws: StudyError(message)) { try StudyShard(parsing: text, environment: environment) }
    }
}
