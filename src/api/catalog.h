/* catalog (API side): the admin endpoints over categories, tiers, the calendar, the
 * dispatch catalogue and reply templates (the calendar's reader is ops/catalog.h). */
#ifndef HUIYIN_API_CATALOG_H
#define HUIYIN_API_CATALOG_H

#include "api/req.h"
#include "ops/catalog.h"

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
