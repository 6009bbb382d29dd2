/* catalog (API side): the admin endpoints over categories, tiers, the calendar, the
 * dispatch catalogue and reply templates, and the helper other handlers use to get the
 * working-time calendar. */
#ifndef HUIYIN_API_CATALOG_H
#define HUIYIN_API_CATALOG_H

#include "api/req.h"
#include "domain/workcal.h"

/* Builds the working-time calendar from the calendar table (days in arena memory) with
 * the default office hours in Asia/Shanghai. */
int catalog_workcal(struct db *db, struct arena *a, struct workcal *c, struct err *e);

int api_categories_list(struct req *r);
int api_categories_create(struct req *r);
int api_categories_update(struct req *r);
int api_tiers_list(struct req *r);
int api_tiers_update(struct req *r);
int api_calendar_list(struct req *r);
int api_calendar_put(struct req *r);
int api_calendar_delete(struct req *r);
int api_dispatch_rules_list(struct req *r);
int api_dispatch_rules_create(struct req *r);
int api_dispatch_rules_delete(struct req *r);
int api_templates_list(struct req *r);
int api_templates_create(struct req *r);
int api_templates_update(struct req *r);
int api_templates_delete(struct req *r);

#endif
