/* err: the error every layer returns, shaped exactly like the API's error body
 * {"error":{"code","message","field"}} plus the HTTP status it maps to.
 * Functions return 0 or a negative value and fill a struct err; err_set() returns -1 so
 * that `return err_set(e, ...)` reads like a sentence. */
#ifndef HUIYIN_ERR_H
#define HUIYIN_ERR_H

struct err {
	int status;          /* HTTP status: 400, 401, 403, 404, 405, 409, 413, 429, 500 ... */
	const char *code;    /* snake_case, static storage */
	const char *field;   /* the input field at fault, or NULL; static storage */
	char message[200];
};

/* Fills *e (code and field must be static strings; the message is formatted and cut at
 * 199 bytes) and returns -1. */
int err_set(struct err *e, int status, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Shorthands for the common cases. Each returns -1. */
/* 400 `invalid` naming the field at fault. */
int err_invalid(struct err *e, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* 404 `not_found`: "<what> not found". */
int err_not_found(struct err *e, const char *what);
/* 409 with the given code (static) and message. */
int err_conflict(struct err *e, const char *code, const char *message);
/* 409 `stale`: "the <what> was changed meanwhile; reload it" (a version check failed). */
int err_stale(struct err *e, const char *what);
/* 403 `forbidden` with the message. */
int err_forbidden(struct err *e, const char *message);
/* 500 `internal`; the HTTP layer logs the message. */
int err_internal(struct err *e, const char *message);

#endif
