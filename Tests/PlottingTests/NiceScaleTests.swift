import Foundation
import LinearAlgebra
import Plotting
import Testing

@Suite("Nice tick scales")
struct NiceScaleTests {
    @Test func niceNumbersFollowHeckbertsRule() {
        // Rounded: f < 1.5 → 1, < 3 → 2, < 7 → 5, else 10; ceiling: ≤ 1, ≤ 2, ≤ 5, else 10.
        #expect(NiceScale.niceNumber(0.73, round: true) == 1)
        #expect(NiceScale.niceNumber(0.45, round: true) == 0.5)
        #expect(NiceScale.niceNumber(1.4, round: true) == 1)
        #expect(NiceScale.niceNumber(27, round: true) == 20)
        #expect(NiceScale.niceNumber(8000, round: true) == 10000)
        #expect(NiceScale.niceNumber(3.2, round: false) == 5)
        #expect(NiceScale.niceNumber(2, round: false) == 2)
        #expect(NiceScale.niceNumber(0.011, round: false) == 0.02)
    }

    @Test func workedExamples() {
        // 0...1: range 1, spacing nice(1/5) = 0.2.
        let unit = NiceScale(minimum: 0, maximum: 1)
        #expect(unit.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(unit.ticks.map(unit.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        // −3.7...12.3: range nice(16, ceiling) = 20, spacing nice(4, round) = 5.
        let shifted = NiceScale(minimum: -3.7, maximum: 12.3)
        #expect(shifted.ticks == [-5, 0, 5, 10, 15])
        #expect(shifted.ticks.map(shifted.label) == ["-5", "0", "5", "10", "15"])
        // A single value is padded: 3 ± 0.5.
        let single = NiceScale(minimum: 3, maximum: 3)
        #expect(single.lower <= 2.5 && single.upper >= 3.5)
    }

    @Test(arguments: 0..<20)
    func ticksEncloseDataAtNiceSpacings(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let centre = (rng.nextUniform() - 0.5) * pow(10, Double(Int(rng.nextUniform() * 12) - 6))
        let spread = pow(10, Double(Int(rng.nextUniform() * 12) - 6)) * (0.1 + rng.nextUniform())
        let low = centre - spread * rng.nextUniform(), high = centre + spread * rng.nextUniform()
        let scale = NiceScale(minimum: low, maximum: high)
        #expect(scale.lower <= low && scale.upper >= high)
        let exponent = log10(scale.spacing).rounded(.down)
        let mantissa = scale.spacing / pow(10, exponent)
        #expect([1.0, 2.0, 5.0, 10.0].contains { abs($0 - mantissa) < 1e-9 })
        let ticks = scale.ticks
        #expect(ticks.count >= 2 && ticks.count <= 12)
        for tick in ticks {
            let multiple = tick / scale.spacing
            #expect(abs(multiple - multiple.rounded()) < 1e-6)
        }
        for (a, b) in zip(ticks, ticks.dropFirst()) {
            #expect(abs((b - a) - scale.spacing) <= 1e-9 * max(scale.spacing, abs(a)))
        }
    }
}
