/* sniff: what kind of file a byte string is, judged by its first bytes (its "magic"), never
 * by its name or by the type a client claims. Only the types Huiyin accepts as attachments
 * are recognised: photos (JPEG, PNG, WebP) and documents (PDF). Pure: no I/O, no state. */
#ifndef HUIYIN_SNIFF_H
#define HUIYIN_SNIFF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The media type of the n bytes at p: "image/jpeg" (FF D8 FF), "image/png"
 * (89 50 4E 47 0D 0A 1A 0A), "image/webp" ("RIFF", four size bytes, "WEBP") or
 * "application/pdf" ("%PDF-"); NULL for anything else, including a header cut short.
 * The result is a static string; p may be NULL when n is 0. */
const char *sniff_type(const uint8_t *p, size_t n);

/* True when the media type a client declared (a Content-Type header value: "image/png",
 * "IMAGE/PNG; charset=x", " image/jpg") names the sniffed type `sniffed`. Parameters after
 * ';', surrounding blanks and case are ignored; "image/jpg" is taken for "image/jpeg".
 * False when either is NULL. */
bool sniff_type_agrees(const char *declared, const char *sniffed);

#endif
