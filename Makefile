# tidings -- a plain Makefile is the single entry point.
#
#   make            debug build of bin/tidings (asserts on)
#   make release    optimised build (NDEBUG) in build/release
#   make test       every test tier: unit, golden (CLI transcripts, demo),
#                   api (HTTP), web (headless Chromium), crash (SIGKILL)
#   make asan       the tests under ASan + UBSan
#   make valgrind   the tests under valgrind memcheck
#   make eval       tidings eval on every set in ../shared/data, with floors
#   make bench      throughput and memory benchmarks (release build)
#   make check      what must pass before a change lands (test, asan, checksrc)
#
# Every target first runs tools/deps.sh, which installs missing Debian
# packages (apt-get, sudo when not root) and does nothing when all are there.

CC      ?= cc
CXX     ?= g++
MODE    ?= debug
BUILD   ?= build/$(MODE)
WARN    = -Wall -Wextra -Wshadow -Wundef -Wwrite-strings -Wstrict-prototypes \
          -Wmissing-prototypes -Wold-style-definition -Wredundant-decls
ifeq ($(CI),true)
WARN   += -Werror
endif
ICU_CFLAGS := $(shell pkg-config --cflags icu-uc icu-i18n 2>/dev/null)
ICU_LIBS   := $(shell pkg-config --libs icu-uc icu-i18n 2>/dev/null || echo -licui18n -licuuc -licudata)
JSON_LIBS  := $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)

ifeq ($(MODE),release)
OPT     = -O2 -DNDEBUG
else ifeq ($(MODE),asan)
OPT     = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDSAN   = -fsanitize=address,undefined
else
OPT     = -O1 -g
endif
CFLAGS  = -std=c11 $(WARN) $(OPT) -Iinclude -Isrc $(ICU_CFLAGS) -MMD -MP
CXXFLAGS = -std=c++11 -O2 -w $(LDSAN)
LDLIBS  = $(ICU_LIBS) $(JSON_LIBS) -lsqlite3 -lmicrohttpd -lstemmer -lcld2 -lstdc++ -lpthread -lm
LDFLAGS = $(LDSAN)

LIB_SRC = $(filter-out src/cli_main.c,$(wildcard src/*.c))
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/cld2_shim.o $(BUILD)/web_tab.o
WEB     = web/index.html web/app.js web/style.css
CLI_OBJ = $(BUILD)/cli_main.o
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(BUILD)/unit_tests

.PHONY: all deps release test unit golden asan valgrind eval bench check clean demo \
        format format-check checksrc

all: deps bin/tidings

deps:
	@sh tools/deps.sh

bin/tidings: $(BUILD)/tidings
	@mkdir -p bin
	cp $< $@

$(BUILD)/tidings: $(LIB_OBJ) $(CLI_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/web_tab.c: $(WEB) tools/gen_web.py | $(BUILD)
	python3 tools/gen_web.py $@ $(WEB)

$(BUILD)/web_tab.o: $(BUILD)/web_tab.c
	$(CC) -std=c11 -O1 -c -o $@ $<

$(BUILD)/cld2_shim.o: src/cld2_shim.cc | $(BUILD)
	$(CXX) $(CXXFLAGS) -c -o $@ $<

$(BUILD):
	@mkdir -p $@

$(UNIT_BIN): $(UNIT_SRC) tests/harness.h $(LIB_OBJ)
	$(CC) $(CFLAGS) -Itests $(LDFLAGS) -o $@ $(UNIT_SRC) $(LIB_OBJ) $(LDLIBS)

release: deps
	$(MAKE) MODE=release build/release/tidings

unit: deps $(UNIT_BIN)
	$(UNIT_BIN)

golden: all
	sh tests/golden/run.sh bin/tidings

test: deps
	$(MAKE) unit
	$(MAKE) golden
	sh tests/api/run.sh bin/tidings
	sh tests/web/run.sh bin/tidings
	sh tests/crash/run.sh bin/tidings 4
	@echo "test: all tiers passed"

asan: deps
	$(MAKE) MODE=asan build/asan/unit_tests build/asan/tidings
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/asan/unit_tests
	ASAN_OPTIONS=detect_leaks=1 sh tests/golden/run.sh build/asan/tidings
	ASAN_OPTIONS=detect_leaks=1 sh tests/api/run.sh build/asan/tidings

valgrind: deps
	$(MAKE) build/debug/unit_tests build/debug/tidings
	valgrind -q --error-exitcode=9 --leak-check=full build/debug/unit_tests
	TD_WRAP="valgrind -q --error-exitcode=9 --leak-check=full" sh tests/golden/run.sh build/debug/tidings

eval: release
	sh tools/eval.sh build/release/tidings

bench: release
	python3 bench/run.py build/release/tidings $(or $(BENCH_SIZES),10000)

demo: all
	bin/tidings cluster --format text demo/articles.jsonl

checksrc:
	sh tools/checksrc.sh

# Everything that must pass before a change lands (the README's test
# command): unit and golden tests, the same under ASan+UBSan, source rules.
check: deps
	$(MAKE) test
	$(MAKE) asan
	$(MAKE) checksrc

clean:
	rm -rf build bin

-include $(wildcard $(BUILD)/*.d)
