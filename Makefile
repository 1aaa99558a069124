# zeren — build, run and test. `make run` and `make check` are the README's two commands.
CC      ?= cc
BUILD   ?= build
PKGS    := jansson sqlite3 libical libsodium libmicrohttpd
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
OPT     ?= -O2 -g
CFLAGS  += $(CSTD) $(WARN) $(OPT) -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread

LIB_SRC := $(sort $(wildcard src/util/*.c src/audit/*.c src/model/*.c src/store/*.c src/cal/*.c src/rules/*.c src/core/*.c src/doc/*.c src/http/*.c src/api/*.c))
CMD_SRC := src/main.c $(sort $(wildcard src/cmd/*.c))
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
DATA_FILES := $(sort $(wildcard data/policy/*.json)) data/posts.json data/incident-categories.json data/openapi.json $(wildcard data/weak-passwords.txt) $(wildcard data/demo/demo.json) data/calendar/cn-holidays.csv

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
CMD_OBJ := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIB     := $(BUILD)/libzeren.a
BIN     := $(BUILD)/zeren

PYTHON  ?= $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)

LISTEN  ?= 127.0.0.1:8080

.PHONY: all deps web run check test check-unit check-cli check-api check-openapi check-e2e check-sanitize check-valgrind bench bench-api clean
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

check: deps
	$(MAKE) check-unit check-cli check-api check-openapi check-e2e
	$(MAKE) check-sanitize
	$(MAKE) check-valgrind
test: check

check-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "# $$t"; ZEREN_SRCDIR=$(CURDIR) $$t; done

check-cli: $(BIN)
	ZEREN=$(CURDIR)/$(BIN) ZEREN_SRCDIR=$(CURDIR) prove -f tests/cli/t*.sh

# The API against a real `zeren serve` on an ephemeral port (tests/api/harness.py).
check-api: $(BIN)
	ZEREN=$(CURDIR)/$(BIN) ZEREN_SRCDIR=$(CURDIR) $(PYTHON) -m unittest discover -s tests/api -p 'test_*.py'

# The OpenAPI document, checked by a real validator (npm @redocly/cli from tests/tools).
check-openapi:
	sh scripts/openapi-lint.sh

# The browser journeys in Debian's chromium (playwright-core), with screenshots into docs/screenshots.
check-e2e: $(BIN) web
	ZEREN=$(CURDIR)/$(BIN) sh scripts/web.sh e2e

# The whole suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer (the API
# tests run the sanitized server, under concurrent load too).
check-sanitize:
	$(MAKE) BUILD=build-san OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" check-unit check-cli check-api

check-valgrind: $(BIN)
	sh tests/valgrind.sh $(BIN)

bench: $(LIB)
	$(MAKE) -C bench run

# wrk against `zeren serve` and nginx on loopback (needs Debian's wrk and nginx).
bench-api: $(BIN)
	sh scripts/deps.sh --bench
	ZEREN=$(CURDIR)/$(BIN) sh bench/api.sh

clean:
	rm -rf build build-san zeren web/dist

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)
