/* routes: `huiyin routes` prints the route table (src/http/routes.c) as JSON, one object
 * per route in table order: {"method","pattern","flags":[...],"body_max"}. Not listed in
 * the usage: it is for tests (tests/api/access_matrix.test.mjs walks it, so a route added
 * to the table is checked the day it is added) and for reviewing who may call what. */
#include "cmd/cmd.h"
#include "http/router.h"
#include "util/n_of.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static const char usage[] = "Usage: huiyin routes\n\nPrints the route table as JSON.\n";

static const struct {
	unsigned flag;
	const char *name;
} flag_names[] = {{R_PUBLIC, "public"},         {R_STAFF, "staff"},
                  {R_NO_CSRF, "no_csrf"},       {R_TEST, "test"},
                  {R_RAW, "raw"},               {R_PERSONAL, "personal"},
                  {R_IDEMPOTENT, "idempotent"}, {R_LIMIT_SUBMIT, "limit_submit"},
                  {R_LIMIT_NEED, "limit_need"}, {R_LIMIT_UPLOAD, "limit_upload"}};

int cmd_routes(int argc, char **argv)
{
	struct cmd_ctx ctx;
	int rc = cmd_parse(argc, argv, NULL, 0, 0, 0, usage, &ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	json_t *out = json_array();
	for (int i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		char method[16]; /* one method: its name */
		router_allow_header(rt->method, method, sizeof method);
		json_t *flags = json_array();
		for (int k = 0; k < N_OF(flag_names); k++)
			if (rt->flags & flag_names[k].flag)
				json_array_append_new(flags, json_string(flag_names[k].name));
		json_array_append_new(out, json_pack("{s:s, s:s, s:o, s:I}", "method", method,
		                                     "pattern", rt->pattern, "flags", flags,
		                                     "body_max", (json_int_t)rt->body_max));
	}
	char *text = json_dumps(out, JSON_COMPACT);
	json_decref(out);
	if (!text)
		return cmd_fail("cannot write the route table");
	puts(text);
	free(text);
	return EXIT_OK;
}
