# Huiyin build. `make` builds build/huiyin; `make test` installs what is missing, builds and
# runs every test; `make run` serves the demo district; `make SAN=1 test` does the same
# with AddressSanitizer and UBSan in build/san/.

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium
ifeq ($(SAN),1)
BUILD   := build/san
OPT     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD   := build
OPT     := -O2 -g
endif
CFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wno-missing-field-initializers -Wno-format-truncation \
           -Isrc $(OPT) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
LDFLAGS := $(OPT)

SRC      := $(sort $(wildcard src/*/*.c src/*.c))
LIB_SRC  := $(filter-out src/main.c,$(SRC))
OBJ      := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MIGRATIONS := $(sort $(wildcard src/store/migrations/sqlite/*.sql))

.PHONY: all deps test unit api run clean format lint
all: $(BUILD)/huiyin

deps:
	@scripts/setup.sh

$(BUILD)/huiyin: $(OBJ)
	@echo "LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/gen/migrations.c: $(MIGRATIONS) scripts/embed-migrations.sh
	@mkdir -p $(dir $@)
	scripts/embed-migrations.sh src/store/migrations/sqlite > $@

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

test: deps
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory api

run: deps
	@$(MAKE) --no-print-directory all
	@test -f data/huiyin.db || $(BUILD)/huiyin init --demo
	$(BUILD)/huiyin serve

format:
	clang-format -i $(SRC) $(UNIT_SRC) $(wildcard src/*/*.h)

clean:
	rm -rf build

-include $(OBJ:.o=.d)
