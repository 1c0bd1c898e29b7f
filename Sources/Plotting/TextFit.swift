/// Estimated text widths, for fitting titles, labels and legends inside the canvas without a font engine.
///
/// The estimate is deliberately generous: 0.6 em per character (Helvetica's widest common glyphs, `m` and `W`,
/// are 0.83–0.94 em, its average over lowercase text about 0.5 em) and 1 em for wide characters (CJK, emoji:
/// scalars from U+1100 on), so text that fits by the estimate fits on screen.
public enum TextFit {
    /// The estimated width of `text` in `fontSize`-pixel type: `Σ 0.6·fontSize` per narrow character plus
    /// `fontSize` per wide one.
    public static func width(_ text: String, fontSize: Double = 12) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            // Combining marks and variation selectors take no room of their own.
            if (0x300...0x36F).contains(scalar.value) || (0xFE00...0xFE0F).contains(scalar.value) { continue }
            ems += scalar.value >= 0x1100 ? 1.0 : 0.6
        }
        return ems * fontSize
    }

    /// `text` cut to fit `width` pixels, ending with an ellipsis `…` when cut (empty when not even the ellipsis
    /// fits).
    public static func truncated(_ text: String, toWidth width: Double, fontSize: Double = 12) -> String {
        if self.width(text, fontSize: fontSize) <= width { return text }
        var kept = ""
        let room = width - self.width("…", fontSize: fontSize)
        guard room >= 0 else { return "" }
        for character in text {
            let next = kept + String(character)
            if self.width(next, fontSize: fontSize) > room { break }
            kept = next
        }
        return kept + "…"
    }

    /// `text` broken at spaces into lines of at most `width` pixels (a word longer than a line is truncated).
    public static func wrapped(_ text: String, toWidth width: Double, fontSize: Double = 12) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ").map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if self.width(candidate, fontSize: fontSize) <= width {
                line = candidate
            } else {
                if !line.isEmpty { lines.append(line) }
                line = truncated(word, toWidth: width, fontSize: fontSize)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
