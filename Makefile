# SPDX-License-Identifier: ISC
# cong: one Makefile. `make run` sets up and serves, `make check` tests.
# Every library comes through pkg-config; nothing is vendored.

CC      ?= cc
SHARED  ?= $(abspath ../shared)
PKGS    := libh2o-evloop openssl jansson gumbo vips libsodium libutf8proc \
           inih libbrotlienc zlib sqlite3 icu-uc icu-i18n libseccomp
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
OBJ     := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations_sqlite.o
MIGRATIONS_SQLITE := $(sort $(wildcard src/store/migrations/sqlite/*.sql))
LIB     := $(BUILD)/libcong.a
BIN     := $(BUILD)/cong
UNIT_SRC := $(shell find tests/unit -name '*.c' | LC_ALL=C sort)
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)

.PHONY: all deps run check test bench fuzz clean distclean
all: $(BIN) cong

# The top-level ./cong always points at the last build.
cong: $(BIN)
	@ln -sf $(BIN) cong

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/gen/migrations_sqlite.c: $(MIGRATIONS_SQLITE) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	@scripts/embed-sql.sh sqlite $(MIGRATIONS_SQLITE) > $@.tmp && mv $@.tmp $@

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
		$(shell pkg-config --libs cmocka)

deps:
	@scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@scripts/demo.sh

check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all $(UNIT_BIN)
	@BUILD=$(BUILD) SHARED=$(SHARED) SAN=$(SAN) tests/run

test: check

bench: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@BUILD=$(BUILD) SHARED=$(SHARED) bench/run

clean:
	rm -rf build cong

distclean: clean
	rm -rf data node_modules

-include $(OBJ:.o=.d) $(BUILD)/src/main.d
