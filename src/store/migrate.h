/* migrate: versioned schema migrations, embedded in the binary from
 * src/store/migrations/ and recorded in schema_migrations. Applying them is idempotent and
 * safe when two processes try at once (each migration runs in its own write transaction
 * that first checks whether it is already recorded). */
#ifndef HUIYIN_MIGRATE_H
#define HUIYIN_MIGRATE_H

#include "store/db.h"

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

/* Applies every pending migration; *applied gets how many were applied (may be NULL). */
int migrate_apply(struct db *db, int *applied, struct err *e);
/* The newest applied version, 0 for an empty database, or -1 on error. */
int migrate_current(struct db *db, struct err *e);

#endif
