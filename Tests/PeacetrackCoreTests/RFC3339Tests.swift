import Testing
import PeacetrackCore

@Suite struct RFC3339Tests {
    @Test(arguments: ["2025-02-20", "2024-02-29", "2025-02-20T10:00:00Z", "2025-02-20t10:00:00z",
                      "2025-02-20T10:00:00.123456+05:30", "0001-01-01T00:00:00-00:00", "2016-12-31T23:59:60Z"])
    func accepts(_ text: String) {
        #expect(RFC3339.isDateOrDateTime(text))
    }

    @Test(arguments: ["", "2025", "2025-2-20", "2025-13-01", "2025-02-29", "2025-04-31", "2025-02-20T", "2025-02-20T24:00:00Z",
                      "2025-02-20T10:00:00", "2025-02-20T10:00:00.Z", "2025-02-20T10:00:00+0530", "2025-02-20T10:00:00Z ",
                      "２０２５-02-20", "yesterday", "2025-02-20T10:00:00+24:00"])
    func refuses(_ text: String) {
        #expect(!RFC3339.isDateOrDateTime(text))
    }
}
