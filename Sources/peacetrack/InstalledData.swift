import Foundation

/// A folder of the program's own data (the lexicon, the dashboard), found the same way whether
/// the command runs in a checkout, from an installed prefix or anywhere else: the folder given
/// by its option, else `relativePath` in the working directory, else beside the executable
/// (`<bindir>/../share/peacetrack/<relativePath>`, then `<relativePath>` in the executable's
/// folder or any folder above it, which covers `.build/release/peacetrack` in a checkout).
struct InstalledData {
    /// As the default configuration names it, e.g. `Config/lexicon`.
    var relativePath: String
    /// A file every real copy holds, so that an unrelated folder of the same name is passed over.
    var marker: String
    /// The option that sets the folder, named in the error, e.g. `--lexicon DIR`.
    var option: String

    static let lexicon = InstalledData(relativePath: "Config/lexicon", marker: "countries.json", option: "--lexicon DIR")
    static let dashboard = InstalledData(relativePath: "dashboard", marker: "index.html", option: "--dashboard DIR")

    static let lexiconHelp = "Folder of the lexicon JSON files (default: Config/lexicon here, else beside the executable)."

    /// `explicit` (an option the user gave) is the only place looked in; a configured `path`
    /// that does not hold the data is looked for beside the executable under the same name.
    func locate(explicit: String?, configured path: String? = nil) throws -> String {
        let candidates = explicit.map { [$0] } ?? [path ?? relativePath] + Self.besideExecutable(path ?? relativePath)
        if let found = candidates.first(where: holdsData) { return found }
        throw Failure(message: "no \((relativePath as NSString).lastPathComponent) found: looked in \(candidates.joined(separator: ", ")); set it with \(option)",
                      code: 2)
    }

    private func holdsData(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(marker))
    }

    /// Absolute paths only: a path from the root names one place already.
    private static func besideExecutable(_ relative: String) -> [String] {
        guard !relative.hasPrefix("/"), let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path else { return [] }
        var folder = (executable as NSString).deletingLastPathComponent
        var candidates = [((folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent("share/peacetrack/" + relative)]
        while true {
            candidates.append((folder as NSString).appendingPathComponent(relative))
            let parent = (folder as NSString).deletingLastPathComponent
            guard parent != folder, !parent.isEmpty else { return candidates }
            folder = parent
        }
    }
}
