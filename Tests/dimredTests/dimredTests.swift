// End-to-end tests of the dimred binary: DimredProcess.swift runs it; the other files test each command.
