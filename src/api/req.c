/* req: small helpers shared by every handler (see req.h). */
#include "api/req.h"

#include <stdlib.h>

static void release_json(void *p)
{
	json_decref(p);
}

int api_write(struct req *r, req_write_fn fn, void *arg)
{
	r->write_fn = fn;
	r->write_arg = arg;
	return API_WRITE;
}

int api_reply(struct req *r, int status, json_t *out)
{
	if (r->out)
		json_decref(r->out);
	r->out = out;
	return status;
}

int api_reply_jw(struct req *r, int status, struct jw *w)
{
	size_t len;
	char *text = jw_finish(w, &len);
	if (!text)
		return err_internal(&r->err, "the answer could not be built");
	arena_defer(&r->arena, free, text);
	r->out_raw = text;
	r->out_raw_len = len;
	r->out_type = "application/json; charset=utf-8";
	return status;
}

json_t *req_keep(struct req *r, json_t *v)
{
	if (v)
		arena_defer(&r->arena, release_json, v);
	return v;
}
