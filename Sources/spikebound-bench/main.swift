import Foundation
import ExactArithmetic
if CommandLine.arguments[1] == "dec" { print(try! Rational(parsing: CommandLine.arguments[2]).decimalString(significantDigits: 3, .up)); exit(0) }
let x = try! Interval(parsing: CommandLine.arguments[2])
let f = ElementaryFunction(rawValue: CommandLine.arguments[1])!
let bits = Int(CommandLine.arguments[3])!
let r = try! f.enclose(x, bits: bits)
print(r.lo.decimalString(significantDigits: 70, .down))
print(r.hi.decimalString(significantDigits: 70, .up))
print(r.width.log2Magnitude)
