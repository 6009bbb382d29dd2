/* secret: random tokens, token hashes and password hashes (libsodium).
 * Tokens are 32 random bytes (256 bits) in base64url without padding (43 characters);
 * only their BLAKE2b-256 hash is stored, and a lookup compares hashes. Passwords are
 * hashed with argon2id. */
#ifndef HUIYIN_SECRET_H
#define HUIYIN_SECRET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SECRET_TOKEN_LEN 43
#define SECRET_HASH_LEN  32
#define SECRET_PWHASH_MAX 128

/* Initialises libsodium; call once before any other function here. Returns 0 or -1. */
int secret_init(void);
/* Writes a fresh random token and its NUL into out. */
void secret_token(char out[SECRET_TOKEN_LEN + 1]);
/* BLAKE2b-256 of s. */
void secret_hash(const char *s, size_t n, uint8_t out[SECRET_HASH_LEN]);
/* argon2id hash string of a password; returns 0, or -1 when out of memory. */
int secret_password_hash(const char *password, char out[SECRET_PWHASH_MAX]);
/* Whether password matches the argon2id hash string (slow by design). */
bool secret_password_ok(const char *hash, const char *password);
/* Constant-time equality of two NUL-terminated strings. */
bool secret_equal(const char *a, const char *b);

#endif
