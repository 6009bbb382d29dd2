/* n_of: N_OF(a), the number of elements of an array, as an int (the tables it counts are
 * small). Given a pointer instead, the build fails: -Wall's -Wsizeof-pointer-div. */
#ifndef HUIYIN_UTIL_N_OF_H
#define HUIYIN_UTIL_N_OF_H

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

#endif
