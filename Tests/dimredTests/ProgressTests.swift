import Foundation
import MathFoundations
import TestSupport
import Testing

/// What `dimred` prints about long steps when standard error is not a terminal (a pipe here): with
/// `DIMRED_PROGRESS_DELAY=0` every step counts as long, so a small fit shows the lines a long one would.
@Suite("dimred progress on standard error")
struct ProgressTests {
    @Test("not a terminal: one line per step start, one per library phase in order, one at the end; --quiet prints nothing")
    func phaseLines() throws {
        let scratch = try Scratch()
        let arguments = ["embed", CommandTests.iris, "--labels", "species", "--method", "isomap", "--neighbors", "10", "--connect-components",
                         "-o", scratch.path("e.csv")]
        let result = try DimredProcess.run(arguments, environment: ["DIMRED_PROGRESS_DELAY": "0"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let title = "dimred: isomap of 150 × 4"
        let fit = lines.filter { $0.hasPrefix(title) }
        // The step's first line, then the phases Isomap reports, then the summary.
        #expect(fit.first == "\(title) ...", "\(lines)")
        #expect(Array(fit.dropFirst().dropLast()) == ["\(title): neighbours", "\(title): shortest paths", "\(title): eigensolver"],
                "\(lines)")
        #expect(fit.last?.hasPrefix("\(title): done in ") == true && fit.last?.hasSuffix(" s") == true, "\(lines)")
        // No terminal control characters in a pipe.
        #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\r"))
        // Other steps (reading, writing) keep their two lines each; every line is a dimred line.
        #expect(lines.allSatisfy { $0.hasPrefix("dimred: ") })
        #expect(lines.contains { $0.hasPrefix("dimred: reading ") && $0.hasSuffix(" ...") })

        let quiet = try DimredProcess.run(arguments + ["--quiet"], environment: ["DIMRED_PROGRESS_DELAY": "0"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        // A step shorter than the delay prints nothing (an hour: no step of this run comes near it).
        let patient = try DimredProcess.run(arguments, environment: ["DIMRED_PROGRESS_DELAY": "3600"])
        #expect(patient.status == 0 && patient.stderr.isEmpty, "\(patient.stderr)")
    }

    @Test("on a terminal (a pseudo-terminal from script(1)): the bar is redrawn in place with each phase's percentage and ETA, then a summary line")
    func terminalBar() throws {
        let scratch = try Scratch()
        guard let binary = DimredProcess.binary else {
            Issue.record("the dimred binary was not found; build it first: swift build --product dimred")
            return
        }
        let run = "'\(binary.path)' embed '\(CommandTests.iris)' --labels species --method isomap --neighbors 10 --connect-components -o e.csv"
        // script(1) runs the command on a pseudo-terminal and copies what it writes there to its own output.
        let transcript = try DimredProcess.startShell("DIMRED_PROGRESS_DELAY=0 script -qec \"\(run)\" /dev/null", in: scratch.url)
            .finish(timeout: 300)
        #expect(transcript.status == 0, "\(transcript.stdout)")
        let title = "isomap of 150 × 4"
        #expect(transcript.stdout.contains("\r\u{1B}[K["), "no in-place redraw: \(transcript.stdout)")
        for phase in ["neighbours", "shortest paths", "eigensolver"] {
            #expect(transcript.stdout.contains("% \(title): \(phase)"), "no bar for \(phase): \(transcript.stdout)")
        }
        #expect(transcript.stdout.contains(", ETA "))
        #expect(transcript.stdout.contains("dimred: \(title): done in "))
        #expect(scratch.exists("e.csv"))
    }
}
