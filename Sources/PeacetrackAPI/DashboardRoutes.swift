import HTTPServer
import HTTPTypes

/// The dashboard: `/` is its page, `/assets/<file>` its scripts and styles. Query strings on
/// `/` carry the page's own state (filters in shareable links), so they are not checked here.
struct DashboardRoutes {
    let files: StaticFiles

    func register(on router: inout Router) {
        router.on(.get, "/") { _, _ in
            guard var page = files.response(for: "index.html") else {
                return .now(.problem(.notFound, detail: "the dashboard is not installed (no index.html in its folder)"))
            }
            // The page inserts document text as text only; the policy makes any slip inert.
            page.head.headerFields[.contentSecurityPolicy] =
                "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
            return .now(page)
        }
        router.on(.get, "/assets/{file}") { request, parameters in
            guard let name = parameters["file"], let file = files.response(for: "assets/" + name) else {
                return .now(.problem(.notFound, detail: "no dashboard file at \(request.path)"))
            }
            return .now(file)
        }
    }
}

extension HTTPField.Name {
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
}
