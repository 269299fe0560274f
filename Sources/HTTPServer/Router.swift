import HTTPTypes

/// Values captured by `{name}` segments of a route pattern.
public struct PathParameters: Sendable {
    fileprivate var values: [String: String] = [:]

    public subscript(_ name: String) -> String? { values[name] }
}

public typealias RouteHandler = @Sendable (ServerRequest, PathParameters) -> Reply

/// Maps method and path to handlers. Patterns are literal segments and `{name}` captures
/// (`/positions/{id}`). `HEAD` is served by the `GET` route; a path that exists under other
/// methods answers 405 with `Allow`; an unknown path answers 404; `OPTIONS` on a known path
/// answers 204 with `Allow`.
public struct Router: HTTPResponder {
    private struct Route: Sendable {
        var pattern: String
        var segments: [Segment]
        var handlers: [HTTPRequest.Method: RouteHandler]
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case capture(String)
    }

    private var routes: [Route] = []
    /// Routes without captures by their canonical path ("/positions"): most requests name one
    /// exactly and are found without splitting their path.
    private var literalRoutes: [String: Int] = [:]

    public init() {}

    public mutating func on(_ method: HTTPRequest.Method, _ pattern: String, _ handler: @escaping RouteHandler) {
        let segments = pattern.split(separator: "/").map { part -> Segment in
            part.hasPrefix("{") && part.hasSuffix("}") ? .capture(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
        if let index = routes.firstIndex(where: { $0.segments == segments }) {
            routes[index].handlers[method] = handler
            return
        }
        routes.append(Route(pattern: pattern, segments: segments, handlers: [method: handler]))
        let literals = segments.compactMap { if case .literal(let text) = $0 { text } else { nil } }
        if literals.count == segments.count {
            literalRoutes["/" + literals.joined(separator: "/")] = routes.count - 1
        }
    }

    public func respond(to request: ServerRequest) -> Reply {
        guard let (route, parameters) = match(request.path) else {
            return .now(.problem(.notFound, detail: "No resource at \(request.path)."))
        }
        let method = request.head.method
        if let handler = route.handlers[method] ?? (method == .head ? route.handlers[.get] : nil) {
            return handler(request, parameters)
        }
        var allowed = route.handlers.keys.map(\.rawValue)
        if route.handlers[.get] != nil { allowed.append("HEAD") }
        allowed.append("OPTIONS")
        let allow = allowed.sorted().joined(separator: ", ")
        if method == .options {
            return .now(ServerResponse(status: .noContent, headers: [.allow: allow]))
        }
        return .now(.problem(.methodNotAllowed, detail: "\(method.rawValue) is not allowed on \(request.path); use \(allow).",
                             headers: [.allow: allow]))
    }

    /// The pattern a path is served by (`/positions/{id}`), for labels that must not grow
    /// with every id a client tries.
    public func pattern(for path: String) -> String? {
        match(path)?.0.pattern
    }

    /// The one form of each path a route answers: `/documents/x`, never `/documents//x`,
    /// `//documents/x` or `/documents/x/`. Every other spelling is 404, so that no cache keeps
    /// several answers for one resource.
    static func isCanonical(_ path: String) -> Bool {
        path == "/" || path.hasPrefix("/") && !path.hasSuffix("/") && !path.contains("//")
    }

    private func match(_ path: String) -> (Route, PathParameters)? {
        if let index = literalRoutes[path] { return (routes[index], PathParameters()) }
        guard Self.isCanonical(path) else { return nil }
        let parts = path.split(separator: "/")
        // Literal routes win over captures, whatever the registration order.
        var best: (Route, PathParameters, Int)?
        for route in routes where route.segments.count == parts.count {
            var parameters = PathParameters()
            var literals = 0
            var matched = true
            for (segment, part) in zip(route.segments, parts) {
                switch segment {
                case .literal(let text):
                    if text != part { matched = false } else { literals += 1 }
                case .capture(let name):
                    parameters.values[name] = String(part)
                }
                if !matched { break }
            }
            if matched, literals > (best?.2 ?? -1) { best = (route, parameters, literals) }
        }
        return best.map { ($0.0, $0.1) }
    }
}
