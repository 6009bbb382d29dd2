/* render: the small conversions every JSON view makes the same way — an unset text or id
 * is null, and personal data is masked unless the caller may see it in full. Each returns
 * a new reference. */
#ifndef HUIYIN_API_RENDER_H
#define HUIYIN_API_RENDER_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* s as a JSON string, or null when s is NULL. */
static inline json_t *render_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* id as a JSON integer, or null when it is 0 (no reference). */
static inline json_t *render_id(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

/* Personal data s: null when unset or empty; as it is with `reveal`; else masked by mask
 * (mask_name, mask_phone, mask_email of domain/mask.h). */
static inline json_t *render_masked(const char *s, void (*mask)(const char *, char *, size_t),
				    bool reveal)
{
	if (!s || !*s)
		return json_null();
	if (reveal)
		return json_string(s);
	char buf[256];
	mask(s, buf, sizeof buf);
	return json_string(buf);
}

#endif
