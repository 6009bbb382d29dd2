/* json_out: a fast compact JSON writer for jansson values (see json_out.h), on the text
 * writer of util/jsonw.h. */
#include "http/json_out.h"
#include "util/jsonw.h"

char *json_out(const json_t *j, size_t *len)
{
	struct jw w;
	jw_init(&w);
	jw_json(&w, j);
	return jw_finish(&w, len);
}
