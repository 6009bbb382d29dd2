/* sniff: file types from magic bytes (see sniff.h). */
#include "domain/sniff.h"

#include <string.h>
#include <strings.h>

/* Do the len bytes of `magic` appear at `offset` of the n bytes at p? */
static bool has(const uint8_t *p, size_t n, size_t offset, const char *magic, size_t len)
{
	return n >= offset + len && !memcmp(p + offset, magic, len);
}

const char *sniff_type(const uint8_t *p, size_t n)
{
	if (!p)
		return NULL;
	if (has(p, n, 0, "\xff\xd8\xff", 3))
		return "image/jpeg";
	if (has(p, n, 0, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	/* A RIFF container (any RIFF: WAV, AVI ...) is a WebP only with "WEBP" at offset 8. */
	if (has(p, n, 0, "RIFF", 4) && has(p, n, 8, "WEBP", 4))
		return "image/webp";
	if (has(p, n, 0, "%PDF-", 5))
		return "application/pdf";
	return NULL;
}

bool sniff_type_agrees(const char *declared, const char *sniffed)
{
	if (!declared || !sniffed)
		return false;
	while (*declared == ' ' || *declared == '\t')
		declared++;
	size_t n = strcspn(declared, ";");
	while (n && (declared[n - 1] == ' ' || declared[n - 1] == '\t'))
		n--;
	if (n == strlen(sniffed) && !strncasecmp(declared, sniffed, n))
		return true;
	/* A common misspelling that browsers and phones still send. */
	return !strcmp(sniffed, "image/jpeg") && n == 9 && !strncasecmp(declared, "image/jpg", 9);
}
