# SPDX-License-Identifier: ISC
# cong: one Makefile. `make run` sets up and serves, `make check` tests.
# Every library comes through pkg-config; nothing is vendored.

CC      ?= cc
SHARED  ?= $(abspath ../shared)
PKGS    := libh2o-evloop openssl jansson gumbo vips libsodium libutf8proc \
           inih libbrotlienc libdeflate sqlite3 icu-uc icu-i18n libseccomp libpq
SAN     ?= 0
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)

ifeq ($(SAN),1)
BUILD   := build/san
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=undefined
else
BUILD   := build/rel
OPT     := -O2 -g
endif

WARN    := -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  += $(WARN) $(OPT) -Isrc $(PKG_CFLAGS) -D_GNU_SOURCE -DH2O_USE_LIBUV=0 -MMD -MP
LDFLAGS += $(OPT)
LDLIBS  += $(PKG_LIBS) -lpthread -lm

SRC     := $(shell find src -name '*.c' ! -path src/main.c | LC_ALL=C sort)
OBJ     := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations_sqlite.o \
           $(BUILD)/gen/migrations_pg.o
MIGRATIONS_SQLITE := $(sort $(wildcard src/store/migrations/sqlite/*.sql))
# PostgreSQL runs the same migrations, translated by embed-sql.sh, except
# where src/store/migrations/pg/ holds its own file of the same name.
MIGRATIONS_PG := $(foreach f,$(MIGRATIONS_SQLITE),$(firstword \
           $(wildcard src/store/migrations/pg/$(notdir $(f))) $(f)))
LIB     := $(BUILD)/libcong.a
BIN     := $(BUILD)/cong
UNIT_SRC := $(shell find tests/unit -name '*.c' | LC_ALL=C sort)
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)

.PHONY: all deps run check test bench fuzz fuzz-build clean distclean
all: $(BIN) cong

# The top-level ./cong always points at the last build.
cong: $(BIN)
	@ln -sf $(BIN) cong

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/gen/migrations_sqlite.c: $(MIGRATIONS_SQLITE) src/store/migrations/sqlite scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	@scripts/embed-sql.sh sqlite $(MIGRATIONS_SQLITE) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/migrations_pg.c: $(MIGRATIONS_PG) src/store/migrations/sqlite \
           $(wildcard src/store/migrations/pg) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	@scripts/embed-sql.sh pg $(MIGRATIONS_PG) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	@$(CC) $(CFLAGS) -c -o $@ $<

$(LIB): $(OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BIN): $(BUILD)/src/main.o $(LIB)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS) -Itests -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS) \
		$(shell pkg-config --libs cmocka zlib libbrotlidec)

deps:
	@scripts/deps.sh

# Fuzzing (fuzz/README.md): every src file once more with clang and
# ASan+UBSan, instrumented for libFuzzer, into its own library; each
# fuzz/<name>.c links against it. `make fuzz` runs every target for
# FUZZ_S seconds on a scratch copy of its corpus.
FUZZ_CC    ?= clang
FUZZ_S     ?= 60
FUZZ_BUILD := build/fuzz
FUZZ_OPT   := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -std=c17 -Isrc $(PKG_CFLAGS) -D_GNU_SOURCE -DH2O_USE_LIBUV=0 \
               $(FUZZ_OPT) -MMD -MP
FUZZ_OBJ   := $(SRC:%.c=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/gen/migrations_sqlite.o \
              $(FUZZ_BUILD)/gen/migrations_pg.o
FUZZ_LIB   := $(FUZZ_BUILD)/libcong-fuzz.a
FUZZ_BIN   := $(patsubst fuzz/%.c,$(FUZZ_BUILD)/bin/%,$(sort $(wildcard fuzz/*.c)))

$(FUZZ_BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/gen/migrations_sqlite.o: $(BUILD)/gen/migrations_sqlite.c
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/gen/migrations_pg.o: $(BUILD)/gen/migrations_pg.c
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(FUZZ_BUILD)/bin/%: fuzz/%.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) \
		$(LDLIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: deps
	@$(MAKE) --no-print-directory -j$(JOBS) fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) fuzz/run.sh $(FUZZ_S)

run: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@scripts/demo.sh

check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all $(UNIT_BIN)
	@BUILD=$(BUILD) SHARED=$(SHARED) SAN=$(SAN) tests/run

test: check

BENCH_BIN := $(patsubst bench/%.c,$(BUILD)/bench/%,$(wildcard bench/*.c))

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "  BENCH   $@"
	@$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

bench: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all $(BENCH_BIN)
	@BUILD=$(BUILD) SHARED=$(SHARED) bench/run

clean:
	rm -rf build cong

distclean: clean
	rm -rf data node_modules

-include $(OBJ:.o=.d) $(BUILD)/src/main.d
-include $(wildcard $(FUZZ_BUILD)/src/*/*.d $(FUZZ_BUILD)/bin/*.d)
