/* err: filling struct err (see err.h). */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

static void fill(struct err *e, int status, const char *code, const char *field, const char *fmt,
		 va_list ap)
{
	e->status = status;
	e->code = code;
	e->field = field;
	vsnprintf(e->message, sizeof e->message, fmt, ap);
}

int err_set(struct err *e, int status, const char *code, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fill(e, status, code, field, fmt, ap);
	va_end(ap);
	return -1;
}

int err_invalid(struct err *e, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fill(e, 400, "invalid", field, fmt, ap);
	va_end(ap);
	return -1;
}

int err_not_found(struct err *e, const char *what)
{
	return err_set(e, 404, "not_found", NULL, "%s not found", what);
}

int err_conflict(struct err *e, const char *code, const char *message)
{
	return err_set(e, 409, code, NULL, "%s", message);
}

int err_stale(struct err *e, const char *what)
{
	return err_set(e, 409, "stale", NULL, "the %s was changed meanwhile; reload it", what);
}

int err_forbidden(struct err *e, const char *message)
{
	return err_set(e, 403, "forbidden", NULL, "%s", message);
}

int err_internal(struct err *e, const char *message)
{
	return err_set(e, 500, "internal", NULL, "%s", message);
}
