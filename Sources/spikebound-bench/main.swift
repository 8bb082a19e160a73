// Benchmarks of the exact-arithmetic layer. Run in release mode:
//   swift run -c release spikebound-bench
// Figures are throughputs; each line is measured for about one second.

try runBenchmarks()
