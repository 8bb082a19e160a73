import SpikingPipelines

// Benchmarks, in release mode:
//   swift run -c release spikebound-bench            all of them
//   swift run -c release spikebound-bench exact      Rational and the enclosures
//   swift run -c release spikebound-bench operators  the spiking operators in double precision
//   swift run -c release spikebound-bench matmul     the Double product, built-in kernel against BLAS, by sparsity
//   swift run -c release spikebound-bench pipeline [ecmt|sta] [quick]  the spiking pipelines on MiniLM: ms per step against tokens and T
//   swift run -c release spikebound-bench certified  the certified (interval) reference forward of one MiniLM sentence
//   swift run -c release spikebound-bench bounds     the per-input certificate and one attribution on MiniLM
//   swift run -c release spikebound-bench apriori    the a priori analysis (ECMT) of one sentence of MiniLM (minutes)
//   swift run -c release spikebound-bench apriori-sta  the same for STA
//   swift run -c release spikebound-bench apriori-centred  B-NET through centred forms (B-CF), bound against observed
//   swift run -c release spikebound-bench certify [N]  the certified per-input error (B-CERT) of the first N sentences
// Figures are throughputs; each line is measured for about one second.

let which = CommandLine.arguments.dropFirst().first ?? "all"
if which == "all" || which == "exact" { try runBenchmarks() }
if which == "all" || which == "operators" { try runOperatorBenchmarks() }
if which == "matmul" { runMatmulBenchmarks() }
if which == "pipeline" {
    let kinds = CommandLine.arguments.dropFirst(2).first.map { [PipelineKind(rawValue: $0)].compactMap { $0 } } ?? [.ecmt, .sta]
    try runPipelineBenchmarks(kinds, quick: CommandLine.arguments.dropFirst(3).first == "quick")
}
if which == "certified" { try runCertifiedForwardBenchmark() }
if which == "bounds" { try runBoundsBenchmarks() }
if which == "apriori" { try runAPrioriBenchmark(.ecmt) }
if which == "apriori-sta" { try runAPrioriBenchmark(.sta) }
if which == "apriori-centred" { try runCentredAPrioriBenchmark() }
if which == "certify" { try runCertifyBenchmark(count: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 18) }
if which == "enclose" { try runEncloseBenchmark(count: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 1) }
