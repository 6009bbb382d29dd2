/* version: the release of this build, reported by `huiyin version` and /healthz. */
#ifndef HUIYIN_VERSION_H
#define HUIYIN_VERSION_H

#define HUIYIN_VERSION "0.1.0"

#endif
