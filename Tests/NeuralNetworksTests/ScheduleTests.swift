import Foundation
import NeuralNetworks
import TestSupport
import Testing

// Each schedule's value at chosen steps against its closed form written out independently.
@Suite struct ScheduleTests {
    @Test func closedForms() {
        assertClose(LearningRateSchedule.constant(0.3).learningRate(at: 17), 0.3)
        assertClose(LearningRateSchedule.timeBased(initial: 0.1, rate: 0.5).learningRate(at: 4), 0.1 / 3)
        let step = LearningRateSchedule.stepDecay(initial: 0.1, factor: 0.5, every: 10)
        assertClose([0, 9, 10, 25].map { step.learningRate(at: $0) }, [0.1, 0.1, 0.05, 0.025])
        assertClose(LearningRateSchedule.exponential(initial: 0.2, decay: 0.1).learningRate(at: 5), 0.2 * exp(-0.5))
        // The course's SGD schedule τ₀/(1 + ℓ/ℓ₀): halves at ℓ = ℓ₀.
        let sgd = LearningRateSchedule.sgd(initial: 0.4, halfLife: 100)
        assertClose([0, 100, 300].map { sgd.learningRate(at: $0) }, [0.4, 0.2, 0.1])
    }

    @Test func warmUpThenDecay() {
        let schedule = LearningRateSchedule.linearWarmUp(steps: 4, startFactor: 0,
                                                          then: .exponential(initial: 1, decay: log(2)))
        assertClose([0, 1, 2, 3, 4, 5, 6].map { schedule.learningRate(at: $0) }, [0, 0.25, 0.5, 0.75, 1, 0.5, 0.25],
                    relativeTolerance: 1e-12)
        let chained = LearningRateSchedule.sequence([.init(.constant(1), steps: 3), .init(.timeBased(initial: 0.5, rate: 1), steps: 1)])
        assertClose([0, 2, 3, 5].map { chained.learningRate(at: $0) }, [1, 1, 0.5, 0.5 / 3])
    }

    @Test func oneCycle() {
        // PyTorch OneCycleLR(max_lr=1, total_steps=100): starts at 1/25, peaks at step 0.3·100 − 1 = 29, ends at
        // 1/(25·10⁴) at step 99; between, cosine interpolation.
        let schedule = LearningRateSchedule.oneCycle(maximum: 1, totalSteps: 100)
        assertClose(schedule.learningRate(at: 0), 0.04)
        assertClose(schedule.learningRate(at: 29), 1)
        assertClose(schedule.learningRate(at: 99), 0.04 / 1e4)
        let midRise = 1 + (0.04 - 1) / 2 * (1 + cos(Double.pi * 14.5 / 29))
        assertClose(schedule.learningRate(at: 14), 1 + (0.04 - 1) / 2 * (1 + cos(Double.pi * 14 / 29)))
        #expect(midRise > 0.04 && midRise < 1)
        let fall = 4e-6 + (1 - 4e-6) / 2 * (1 + cos(Double.pi * (64 - 29) / 70))
        assertClose(schedule.learningRate(at: 64), fall)
    }

    @Test func cosineWarmRestarts() {
        // T₀ = 10, T_mult = 2: restarts at 10 and 30; η = 0.1 (1 + cos(π t_cur/T_i))/2 with η_min = 0.
        let schedule = LearningRateSchedule.cosineWarmRestarts(initial: 0.1, period: 10, periodFactor: 2)
        assertClose(schedule.learningRate(at: 0), 0.1)
        assertClose(schedule.learningRate(at: 5), 0.05)
        assertClose(schedule.learningRate(at: 10), 0.1)
        assertClose(schedule.learningRate(at: 20), 0.05)
        assertClose(schedule.learningRate(at: 25), 0.1 * (1 + cos(Double.pi * 15 / 20)) / 2)
        assertClose(schedule.learningRate(at: 30), 0.1)
    }

    @Test func reduceOnPlateau() throws {
        let schedule = try ReduceLROnPlateau(initial: 1, factor: 0.5, patience: 2)
        // Improves, then 3 flat checks: the third exceeds patience 2 and halves the rate.
        let rates = [1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5].map { schedule.step(metric: $0) }
        #expect(rates == [1, 1, 1, 1, 0.5, 0.5, 0.5])
        #expect(throws: NeuralNetworkError.self) { try ReduceLROnPlateau(initial: 1, factor: 2) }
    }
}
