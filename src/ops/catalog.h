/* catalog (operations): the working-time calendar every deadline is counted with. */
#ifndef HUIYIN_OPS_CATALOG_H
#define HUIYIN_OPS_CATALOG_H

#include "domain/workcal.h"
#include "store/db.h"
#include "util/arena.h"

/* Builds the working-time calendar from the calendar table with the default office hours
 * in Asia/Shanghai, read through db (a write sees its own change). c->days belongs to the
 * calling thread's cache and stays valid until its next call after the calendar changed
 * (the call before is kept too); a is for the rows read. Returns 0 or -1 with e set
 * (500 when the calendar is inconsistent). */
int catalog_workcal(struct db *db, struct arena *a, struct workcal *c, struct err *e);

#endif
