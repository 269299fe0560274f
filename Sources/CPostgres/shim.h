#include <libpq-fe.h>

// The diagnostic field codes are character macros ('C', 'n'), which Swift does not import.

/// The SQLSTATE of a failed statement, such as "23505" (unique violation).
static inline const char *peacetrack_result_sqlstate(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_SQLSTATE);
}

/// The constraint a failed statement violated, when it names one.
static inline const char *peacetrack_result_constraint(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
}

static void peacetrack_drop_notice(void *context, const char *message) {
    (void)context;
    (void)message;
}

/// Notices ("relation already exists, skipping") are not errors: without this, libpq prints
/// them on standard error, among the server's log lines.
static inline void peacetrack_drop_notices(PGconn *connection) {
    PQsetNoticeProcessor(connection, peacetrack_drop_notice, NULL);
}
