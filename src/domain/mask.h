/*
 * mask.h - masking of personal data (names, phone numbers, e-mail addresses) for staff views.
 *
 * Pure domain code: no I/O, no allocation, no globals. Every function writes into the caller's
 * buffer out of cap bytes and, when cap > 0, always NUL-terminates it. Output that does not
 * fit is cut after the last whole character that fits (a UTF-8 character is never split), so
 * a short buffer only ever hides more. Output is always valid UTF-8: an invalid input byte is
 * treated as one character and written as '*'. NULL input is treated as empty; empty input
 * gives empty output. out NULL or cap 0 writes nothing.
 */
#ifndef HUIYIN_MASK_H
#define HUIYIN_MASK_H
#include <stddef.h>

/*
 * Keeps the first character of name and writes '*' for every other character: 张三 -> 张*,
 * 欧阳娜娜 -> 欧***. Name separators are kept in place so that the shape stays readable:
 * space, ideographic space, '-', '.', '\'', and the middle dots · • ‧ ・ (阿依·古丽 -> 阿*·**,
 * "Li Lei" -> "L* ***"). Combining marks and variation selectors (U+0300-036F, U+FE00-FE0F)
 * follow the character they belong to: kept after the first character, dropped after a
 * masked one.
 */
void mask_name(const char *name, char *out, size_t cap);

/*
 * Masks the digits of a phone number, keeping everything else in place:
 *   - A leading country code written "+86", "0086", or "86" directly before an 11-digit
 *     number starting with 1 (13 digits in all) is kept and not counted below.
 *   - The remaining (national) digits: 11 digits starting with 1 (mainland mobile) keep the
 *     first 3 and last 4 (13812345678 -> 138****5678); otherwise 7 or more digits keep the
 *     first 3 and last 2 (0752-2345678 -> 075*-*****78); 2 to 6 digits keep only the last
 *     (12345 -> ****5); a single digit is masked.
 *   - Full-width digits count as digits and are written as ASCII when kept.
 *   - '+', '-', '(', ')', '.', '/' and spaces are kept in place; any other character
 *     (letters, "转", ...) is written as one '*'.
 */
void mask_phone(const char *phone, char *out, size_t cap);

/*
 * Masks the local part of an e-mail address like mask_name() but without keeping any
 * separators (every character after the first becomes '*') and keeps '@' and the domain:
 * abc@example.com -> a**@example.com. A one-character local part is masked entirely:
 * a@example.com -> *@example.com; an empty one stays empty. The last '@' splits local part
 * and domain. Without '@' the whole string is masked with mask_name().
 */
void mask_email(const char *email, char *out, size_t cap);

#endif
