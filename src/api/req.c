/* req: small helpers shared by every handler (see req.h). */
#include "api/req.h"

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

json_t *req_keep(struct req *r, json_t *v)
{
	if (v)
		arena_defer(&r->arena, release_json, v);
	return v;
}
