import Dispatch
import HTTPServer
import HTTPTypes
import Locking

/// Request counts by route and status and a latency histogram by route, written in the
/// Prometheus text format together with the store's size.
public final class Metrics: Sendable {
    /// Upper bounds in seconds: the store answers in microseconds, writes and fetches in seconds.
    static let bounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2.5, 10]

    private struct Histogram {
        var buckets = [Int](repeating: 0, count: Metrics.bounds.count)
        var count = 0
        var sum = 0.0

        mutating func record(_ seconds: Double) {
            if let bucket = Metrics.bounds.firstIndex(where: { seconds <= $0 }) { buckets[bucket] += 1 }
            count += 1
            sum += seconds
        }
    }

    private struct Key: Hashable, Comparable {
        var route: String
        var method: String
        var status: Int

        static func < (a: Key, b: Key) -> Bool {
            (a.route, a.method, a.status) < (b.route, b.method, b.status)
        }
    }

    private struct State {
        var requests: [Key: Int] = [:]
        var latency: [String: Histogram] = [:]
    }

    private let state = Locked(State())

    public init() {}

    func record(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[Key(route: route, method: method, status: status), default: 0] += 1
            // In place: a copy taken out of the dictionary would copy its buckets on every request.
            state.latency[route, default: Histogram()].record(seconds)
        }
    }

    func render(gauges: [(name: String, help: String, value: Int)]) -> String {
        let state = state.withLock { $0 }
        var text = "# HELP peacetrack_http_requests_total Requests answered, by route, method and status.\n"
        text += "# TYPE peacetrack_http_requests_total counter\n"
        for (key, count) in state.requests.sorted(by: { $0.key < $1.key }) {
            text += "peacetrack_http_requests_total{route=\"\(key.route)\",method=\"\(key.method)\",status=\"\(key.status)\"} \(count)\n"
        }
        text += "# HELP peacetrack_http_request_duration_seconds Time from a parsed request to its response, by route.\n"
        text += "# TYPE peacetrack_http_request_duration_seconds histogram\n"
        for (route, histogram) in state.latency.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (bound, count) in zip(Self.bounds, histogram.buckets) {
                cumulative += count
                text += "peacetrack_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            text += "peacetrack_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(histogram.count)\n"
            text += "peacetrack_http_request_duration_seconds_sum{route=\"\(route)\"} \(histogram.sum)\n"
            text += "peacetrack_http_request_duration_seconds_count{route=\"\(route)\"} \(histogram.count)\n"
        }
        for gauge in gauges {
            text += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n\(gauge.name) \(gauge.value)\n"
        }
        return text
    }
}

/// Times every request and counts it under its route pattern (never the raw path, so the
/// number of series stays bounded whatever clients send).
struct MetricsRecorder: HTTPResponder {
    let metrics: Metrics
    let router: Router
    let next: any HTTPResponder

    func respond(to request: ServerRequest) -> Reply {
        let started = DispatchTime.now().uptimeNanoseconds
        let route = router.pattern(for: request.path) ?? "unmatched"
        let method = request.head.method.rawValue
        let metrics = metrics
        return next.respond(to: request).map { response in
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds &- started) / 1e9
            metrics.record(route: route, method: method, status: response.head.status.code, seconds: elapsed)
            return response
        }
    }
}
