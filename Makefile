# Huiyin build. `make` builds build/huiyin and the web front end (web/dist, with Vite);
# `make test` installs what is missing, builds and runs every test (the API tests on SQLite,
# then on a throwaway PostgreSQL with `make api-pg`; the browser tests last); `make run`
# serves the demo district; `make SAN=1 test` does the same with AddressSanitizer and UBSan
# in build/san/. `make bench` measures (bench/RESULTS.md; sizes in BENCH_SIZES, default
# "100000 1000000").

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium libpq xlsxwriter libqrencode libpng
ifeq ($(SAN),1)
BUILD   := build/san
OPT     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD   := build
OPT     := -O2 -g
endif
CFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wno-missing-field-initializers -Wno-format-truncation \
           -Isrc $(OPT) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
LDFLAGS := $(OPT)

SRC      := $(sort $(wildcard src/*/*.c src/*.c))
LIB_SRC  := $(filter-out src/main.c,$(SRC))
OBJ      := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MIGRATION_DIRS := src/store/migrations/sqlite src/store/migrations/pg
MIGRATIONS := $(sort $(wildcard $(MIGRATION_DIRS:%=%/*.sql)))
# The web front end: rebuilt when a file under web/ (but web/dist) or the lockfile changes.
WEB_SRC  := $(shell find web -path web/dist -prune -o -path web/node_modules -prune -o -type f -print 2>/dev/null)
WEB_DIST := web/dist/index.html
NODE_MODULES := node_modules/.package-lock.json

.PHONY: all deps test unit api api-pg e2e run clean format lint bench
all: $(BUILD)/huiyin $(WEB_DIST)

deps:
	@scripts/setup.sh

$(BUILD)/huiyin: $(OBJ)
	@echo "LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# npm packages of the lockfile (again when it changes).
$(NODE_MODULES): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(WEB_DIST): $(WEB_SRC) package-lock.json $(NODE_MODULES)
	@echo "VITE web/dist"
	@npx --no-install vite build --config web/vite.config.js --logLevel warn
	@touch $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/gen/migrations.c: $(MIGRATIONS) scripts/embed-migrations.sh
	@mkdir -p $(dir $@)
	scripts/embed-migrations.sh $(MIGRATION_DIRS) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/migrations.o: $(BUILD)/gen/migrations.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do echo "== $$t"; $$t || exit 1; done

lint:
	@scripts/check-layers.sh

api: $(BUILD)/huiyin
	HUIYIN_BIN=$(CURDIR)/$(BUILD)/huiyin node --test --test-concurrency=2 tests/api/

# The same API tests on PostgreSQL 15: scripts/with-postgres.sh starts a throwaway server
# (HUIYIN_TEST_PG) and stops it afterwards; each data directory gets its own database.
api-pg: $(BUILD)/huiyin
	scripts/with-postgres.sh env HUIYIN_BIN=$(CURDIR)/$(BUILD)/huiyin node --test --test-concurrency=2 tests/api/

# Browser tests: playwright-core drives Debian's /usr/bin/chromium against real servers.
e2e: $(BUILD)/huiyin $(WEB_DIST)
	HUIYIN_BIN=$(CURDIR)/$(BUILD)/huiyin node --test --test-concurrency=1 tests/e2e/

test: deps
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory api
	@$(MAKE) --no-print-directory api-pg
	@$(MAKE) --no-print-directory e2e

run: deps
	@$(MAKE) --no-print-directory all
	@test -f data/huiyin.db || $(BUILD)/huiyin init --demo
	$(BUILD)/huiyin serve

# Benchmarks (bench/run.mjs): wrk and nginx from Debian, databases made by `huiyin gen`;
# the PostgreSQL sizes run on a durable throwaway PostgreSQL (scripts/with-postgres.sh),
# filled with `huiyin copy` from the SQLite database of the same size. bench/export.mjs then
# measures the server's memory while 200,000 appeals download as CSV and .xlsx.
BENCH_SIZES ?= 100000 1000000
BENCH_PG_SIZES ?= 100000
bench: deps
	@scripts/setup-bench.sh
	@$(MAKE) --no-print-directory $(BUILD)/huiyin
	WITH_PG_DURABLE=1 scripts/with-postgres.sh env BENCH_SIZES="$(BENCH_SIZES)" \
	  BENCH_PG_SIZES="$(BENCH_PG_SIZES)" HUIYIN_BIN=$(CURDIR)/$(BUILD)/huiyin node bench/run.mjs
	HUIYIN_BIN=$(CURDIR)/$(BUILD)/huiyin node bench/export.mjs

format:
	clang-format -i $(SRC) $(UNIT_SRC) $(wildcard src/*/*.h)

clean:
	rm -rf build web/dist

-include $(OBJ:.o=.d)
