# zeren — build, run and test. `make run` and `make check` are the README's two commands.
CC      ?= cc
BUILD   ?= build
PKGS    := jansson sqlite3 libpq libical libsodium libmicrohttpd libcrypto libcurl libzip libxml-2.0 poppler-glib pangocairo libqrencode harfbuzz-subset pangoft2 fontconfig
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
OPT     ?= -O2 -g
CFLAGS  += $(CSTD) $(WARN) $(OPT) -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread

LIB_SRC := $(sort $(wildcard src/util/*.c src/audit/*.c src/model/*.c src/store/*.c src/cal/*.c src/rules/*.c src/core/*.c src/doc/*.c src/http/*.c src/api/*.c))
CMD_SRC := src/main.c $(sort $(wildcard src/cmd/*.c))
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
DATA_FILES := $(sort $(wildcard data/policy/*.json)) $(sort $(wildcard data/templates/*.json)) data/posts.json data/incident-categories.json data/openapi.json $(wildcard data/weak-passwords.txt) $(wildcard data/demo/demo.json data/demo/policy.json) data/calendar/cn-holidays.csv

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
CMD_OBJ := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIB     := $(BUILD)/libzeren.a
BIN     := $(BUILD)/zeren

PYTHON  ?= $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)

LISTEN  ?= 127.0.0.1:8080

.PHONY: all deps web run check test check-unit check-cli check-api check-pg check-faketime fuzz check-fuzz fuzz-bins check-openapi check-e2e check-sanitize check-valgrind check-nodes bench bench-api bench-draft clean
all: $(BIN) $(if $(filter build,$(BUILD)),zeren)

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# SQL migrations are compiled in, so the binary needs no files beside it to open a store.
$(BUILD)/gen/migrations.h: $(MIGRATIONS) scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh $(MIGRATIONS) > $@
$(BUILD)/src/store/sqlite.o: $(BUILD)/gen/migrations.h
$(BUILD)/src/store/sqlite.o: CFLAGS += -I$(BUILD)/gen
# Their PostgreSQL dialect is derived from them at build time, never kept twice.
PG_MIGRATIONS := $(patsubst src/store/migrations/%,$(BUILD)/gen/migrations-pg/%,$(MIGRATIONS))
$(BUILD)/gen/migrations-pg.h: $(MIGRATIONS) scripts/pg-migration.py scripts/embed.sh
	@rm -rf $(BUILD)/gen/migrations-pg && mkdir -p $(BUILD)/gen/migrations-pg
	python3 scripts/pg-migration.py --out $(BUILD)/gen/migrations-pg $(MIGRATIONS)
	EMBED_NAME=pg_migrations sh scripts/embed.sh $(PG_MIGRATIONS) > $@
$(BUILD)/src/store/postgres.o: $(BUILD)/gen/migrations-pg.h
$(BUILD)/src/store/postgres.o: CFLAGS += -I$(BUILD)/gen

$(BUILD)/gen/embedded.c: $(DATA_FILES) scripts/embed-data.sh
	@mkdir -p $(@D)
	sh scripts/embed-data.sh data $(DATA_FILES) > $@
$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CMD_OBJ) $(LIB)
	$(CC) $(CFLAGS) -o $@ $(CMD_OBJ) $(LIB) $(LDLIBS)

zeren: $(BIN)
	ln -sf $(BIN) zeren

$(BUILD)/tests/%: tests/unit/%.c $(LIB) tests/unit/testutil.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(LIB) $(LDLIBS) -lcmocka

# The browser UI, built with Vite into web/dist (npm ci from the committed lock file first).
web:
	sh scripts/web.sh build

# The demo unit served with the UI: open http://$(LISTEN)/ and sign in as office / Zeren-Demo-2026.
run: deps all web
	rm -rf zeren-data
	./zeren demo
	./zeren check; test $$? -le 1
	@echo; echo "打开 / open http://$(LISTEN)/ — 用 office / Zeren-Demo-2026 登录 / sign in as office, password Zeren-Demo-2026"; echo
	./zeren serve --listen $(LISTEN)

# Every suite runs on three days: today (SQLite), and two far days under libfaketime, one with
# the PostgreSQL pass and one with the sanitizers' pass (check-faketime runs both on SQLite).
check: deps
	sh scripts/check-layers.sh
	$(MAKE) -j$(JOBS) $(BIN) $(UNIT_BIN)
	$(MAKE) check-unit check-cli check-api check-openapi check-e2e check-fuzz check-nodes
	$(MAKE) check-pg FAKE_AT=$(word 1,$(FAKE_TIMES))
	$(MAKE) check-sanitize FAKE_AT=$(word 2,$(FAKE_TIMES))
	$(MAKE) check-valgrind
test: check

check-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "# $$t"; ZEREN_SRCDIR=$(CURDIR) $$t; done

# The CLI scripts and the API modules run JOBS at a time (each has its own data directory, port
# and PostgreSQL schema). FAKE_AT=YYYY-MM-DDTHH:MM:SS (UTC) runs both with every process's clock
# moved to that instant by libfaketime; nothing in zeren knows.
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ "$$n" -ge 2 ] && echo $$n || echo 2)
FAKE = $(if $(FAKE_AT),TZ=UTC faketime -m -f "@$(subst T, ,$(FAKE_AT))")
CLI_SUITE = ZEREN=$(CURDIR)/$(BIN) ZEREN_SRCDIR=$(CURDIR) $(1) prove -j$(JOBS) -f tests/cli/t*.sh
API_SUITE = ZEREN=$(CURDIR)/$(BIN) ZEREN_SRCDIR=$(CURDIR) $(1) $(PYTHON) tests/api/run.py -j $(JOBS)

check-cli: $(BIN)
	@$(if $(FAKE_AT),echo "# the CLI suite at $(FAKE_AT) UTC (faketime)")
	$(call CLI_SUITE,$(FAKE))

# The API against a real `zeren serve` on an ephemeral port (tests/api/harness.py).
check-api: $(BIN)
	@$(if $(FAKE_AT),echo "# the API suite at $(FAKE_AT) UTC (faketime)")
	$(call API_SUITE,$(FAKE))

# The unit, CLI, API and several-nodes suites again on PostgreSQL: a throw-away cluster (scripts/pg.sh) started
# for the run and removed after it, pass or fail; each test's data directory is its own schema.
check-pg: $(BIN) $(UNIT_BIN)
	@url=$$(sh scripts/pg.sh start) || exit 1; \
	trap 'sh scripts/pg.sh stop' EXIT; trap 'exit 130' INT TERM; \
	ZEREN_DB=$$url $(MAKE) check-unit check-cli check-api check-nodes

# The CLI and API suites with every process moved to far days (libfaketime shifts the whole
# process's clock; nothing in zeren knows). No test may depend on today's date. The second
# instant is evening in UTC: already the next day in Asia/Shanghai, the day zeren keeps. `make
# check` runs the PostgreSQL pass at the first and the sanitizers' pass at the second; this
# target runs both on SQLite.
FAKE_TIMES ?= 2027-07-01T10:00:00 2029-02-28T20:00:00
check-faketime: $(BIN)
	@set -e; for t in $(FAKE_TIMES); do $(MAKE) check-cli check-api FAKE_AT=$$t; done

# Three `zeren serve` on one store behind nginx (scripts/nodes.sh): a write through one node seen
# through the others, sessions and sign-outs honoured by all, a node killed under a write load
# losing no acknowledged write. ZEREN_DB (an empty database) runs it on PostgreSQL.
check-nodes: $(BIN)
	ZEREN=$(CURDIR)/$(BIN) ZEREN_SRCDIR=$(CURDIR) $(PYTHON) -m unittest -v tests/nodes/test_nodes.py

# The OpenAPI document, checked by a real validator (npm @redocly/cli from tests/tools).
check-openapi:
	sh scripts/openapi-lint.sh

# The browser journeys in Debian's chromium (playwright-core), with screenshots into docs/screenshots.
check-e2e: $(BIN) web
	ZEREN=$(CURDIR)/$(BIN) sh scripts/web.sh e2e

# The whole suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer (the API
# tests run the sanitized server, under concurrent load too). Under libfaketime (FAKE_AT) the
# sanitizer's runtime is not the first library loaded, which it accepts when told.
SAN_MAKE = $(MAKE) BUILD=build-san OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
check-sanitize:
	$(SAN_MAKE) -j$(JOBS) build-san/zeren $(UNIT_BIN:$(BUILD)/%=build-san/%)
	ASAN_OPTIONS=verify_asan_link_order=0 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp $(SAN_MAKE) check-unit check-cli check-api

check-valgrind: $(BIN)
	sh tests/valgrind.sh $(BIN)

# libFuzzer harnesses (tests/fuzz), built with clang, AddressSanitizer and UBSan into build-fuzz:
# `make fuzz` runs each for FUZZ_TIME seconds; `make check-fuzz` (part of check) for
# CHECK_FUZZ_TIME seconds each. A crash fails the run and leaves its input in build-fuzz/artifacts.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_TIME ?= 60
CHECK_FUZZ_TIME ?= 10
FUZZ_MAKE = $(MAKE) BUILD=build-fuzz CC=clang \
	OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(LDLIBS)

fuzz-bins: $(FUZZ_BIN)

fuzz:
	sh scripts/deps.sh --dev
	$(FUZZ_MAKE) -j$(JOBS) fuzz-bins
	sh tests/fuzz/run.sh build-fuzz/fuzz $(FUZZ_TIME)

check-fuzz:
	sh scripts/deps.sh --dev
	$(FUZZ_MAKE) -j$(JOBS) fuzz-bins
	sh tests/fuzz/run.sh build-fuzz/fuzz $(CHECK_FUZZ_TIME)

bench: $(LIB) $(BIN)
	$(MAKE) -C bench run

# wrk against `zeren serve` and nginx on loopback (needs Debian's wrk and nginx).
bench-api: $(BIN)
	sh scripts/deps.sh --bench
	ZEREN=$(CURDIR)/$(BIN) sh bench/api.sh

# Precision and recall of `zeren policy draft` against the annotated seeds (bench/draft).
bench-draft: $(BIN)
	ZEREN=$(CURDIR)/$(BIN) $(PYTHON) bench/draft/score

clean:
	rm -rf build build-san build-fuzz zeren web/dist

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)
