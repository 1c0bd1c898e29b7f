/// How to read a delimited text table (CSV, TSV, ...): each setting is detected unless given.
///
/// The defaults read what `pandas.read_csv` and most spreadsheets write: the delimiter is detected among
/// `,` `\t` `;` `|`, a first row that is not numeric where the second row is becomes the header, `#` starts a
/// comment line, and NaN, infinity or an empty cell is an error unless `nonFinite` says otherwise.
public struct CSVReadOptions: Sendable, Equatable {
    /// Whether the first row is a header.
    public enum Header: Sendable, Equatable {
        /// A header when some cell of the first row is not a number while the same cell of the second row is,
        /// or when no cell of the first row is a number.
        case detect
        /// The first row names the columns.
        case present
        /// Every row is data; columns are named `column1`, `column2`, ...
        case absent
    }

    /// A column chosen by header name or by position.
    public enum Column: Sendable, Equatable, CustomStringConvertible {
        /// The column whose header cell equals this name.
        case name(String)
        /// The column at this 0-based position; negative positions count from the end (`-1` is the last).
        case index(Int)

        /// An index when `text` is an integer, else a name (how the CLI reads `--labels COLUMN`).
        public init(parsing text: String) {
            if let index = Int(text) { self = .index(index) } else { self = .name(text) }
        }

        public var description: String {
            switch self {
            case let .name(name): return "\"\(name)\""
            case let .index(index): return "\(index)"
            }
        }
    }

    /// The field separator (one ASCII character); `nil` detects it from the first rows.
    public var delimiter: Character?
    /// Whether the first row is a header.
    public var header: Header
    /// The column holding class labels, kept as strings and removed from the numeric features.
    public var labelColumn: Column?
    /// Lines starting with this character are skipped (`nil`: no comments).
    public var commentCharacter: Character?
    /// What to do with NaN, infinite or empty (missing) cells.
    public enum NonFinitePolicy: Sendable, Equatable {
        /// Throw `DataIOError.nonFinite` naming the first one (the default).
        case reject
        /// Leave out every row holding one (the CLI's `--drop-nonfinite`).
        case dropRow
        /// Keep them as values: `nan`, `inf`, `-inf`; empty and `NA` cells become NaN.
        case keep
    }

    /// What to do with NaN, infinite or empty cells.
    public var nonFinite: NonFinitePolicy

    /// Reading options; every argument defaults to detection or the common choice.
    public init(delimiter: Character? = nil, header: Header = .detect, labelColumn: Column? = nil,
                commentCharacter: Character? = "#", nonFinite: NonFinitePolicy = .reject) {
        self.delimiter = delimiter
        self.header = header
        self.labelColumn = labelColumn
        self.commentCharacter = commentCharacter
        self.nonFinite = nonFinite
    }
}
