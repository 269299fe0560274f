import HTTPServer

/// Ready answers (fields and encoded body) of one snapshot by normalised request (path and
/// decoded query), so a dashboard's repeated questions cost a lookup. It lives and dies with
/// its snapshot, so it is never stale; unique queries from a scanner fill it, then are answered
/// without being kept.
typealias AnswerCache = ResponseCache<String>
