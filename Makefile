# The two commands of the README:
#   make run   installs what is missing, builds server and client, starts on the defaults
#   make test  installs what is missing, builds everything, runs every test (also under ASan+UBSan,
#              and the integration tests against a ThreadSanitizer server)
# CI calls `make test` through .ci/run.

JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-sanitize
TSAN_BUILD ?= build-tsan
ARGS ?=

.PHONY: all run test deps test-deps web server asan-server tsan-server unit-web test-cpp test-asan test-tsan test-web test-e2e test-fuzz clean

all: server web

deps:
	scripts/install-deps.sh build

test-deps:
	scripts/install-deps.sh test

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web: web/node_modules/.package-lock.json
	cd web && npm run build

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG' '-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG'

server: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# One sanitizer build (clang-14, ASan+UBSan) holds the unit tests, the server binary and the
# libFuzzer targets; line tables only, which is all the sanitizers' stack traces need.
$(ASAN_BUILD)/build.ninja:
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_C_FLAGS_DEBUG=-gline-tables-only -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only \
	  -DBARERTC_SANITIZE=ON -DBARERTC_FUZZ=ON -DBARERTC_INTEGRATION_TESTS=OFF

asan-server: $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

run: deps
	$(MAKE) server web
	./$(BUILD)/barertc $(ARGS)

test-cpp: server
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

SANITIZER_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# The unit tests run instrumented; the integration tests of the normal build drive the
# instrumented server, whose every ASan/UBSan report (leaks at exit too) lands in reports/ and
# fails the target, even when the test itself passed.
test-asan: server asan-server
	cd $(ASAN_BUILD) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS) -L unit
	rm -rf $(ASAN_BUILD)/reports && mkdir -p $(ASAN_BUILD)/reports
	cd $(BUILD) && BARERTC_BINARY=$(CURDIR)/$(ASAN_BUILD)/barertc \
	  ASAN_OPTIONS=detect_leaks=1:log_path=$(CURDIR)/$(ASAN_BUILD)/reports/asan \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$(CURDIR)/$(ASAN_BUILD)/reports/ubsan \
	  ctest -L integration --output-on-failure -j $(JOBS)
	@if ls $(ASAN_BUILD)/reports/* >/dev/null 2>&1; then cat $(ASAN_BUILD)/reports/*; \
	  echo "AddressSanitizer/UndefinedBehaviorSanitizer reported the errors above" >&2; exit 1; fi

# Each libFuzzer target runs a bounded number of inputs over its seed corpus.
test-fuzz: asan-server
	cd $(ASAN_BUILD) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS) -L fuzz

# ThreadSanitizer: only the server binary is built with it (the hub's thread, the image pool's
# threads); the integration tests of the normal build drive it. A race writes a report file
# (log_path) and makes the run fail, also when it happens during a server's shutdown.
# Images.ATooLargeFileIsRefused is left out: base64-decoding 9 MB under TSan outlasts its
# 5-second wait on a loaded machine (a timing limit, not a race).
$(TSAN_BUILD)/build.ninja:
	cmake -S . -B $(TSAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBARERTC_TSAN=ON -DBARERTC_TESTS=OFF

tsan-server: $(TSAN_BUILD)/build.ninja
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target barertc

test-tsan: server tsan-server
	rm -rf $(TSAN_BUILD)/reports && mkdir -p $(TSAN_BUILD)/reports
	cd $(BUILD) && BARERTC_BINARY=$(CURDIR)/$(TSAN_BUILD)/barertc \
	  TSAN_OPTIONS="log_path=$(CURDIR)/$(TSAN_BUILD)/reports/race exitcode=66 suppressions=$(CURDIR)/tests/tsan.supp" \
	  ctest -L integration -E 'ATooLargeFileIsRefused' --output-on-failure -j $(JOBS)
	@if ls $(TSAN_BUILD)/reports/race* >/dev/null 2>&1; then cat $(TSAN_BUILD)/reports/race*; \
	  echo "ThreadSanitizer reported the races above" >&2; exit 1; fi

test-web: web
	cd web && npm test

test-e2e: server web
	BARERTC_BINARY=$(CURDIR)/$(BUILD)/barertc tests/e2e/run.sh

# Each stage prints its wall time, so a slow CI run says where the time went.
TEST_STAGES = test-cpp test-web test-e2e test-asan test-tsan test-fuzz
test: test-deps
	@for stage in $(TEST_STAGES); do start=$$(date +%s); $(MAKE) --no-print-directory $$stage || exit 1; \
	  echo "== $$stage: $$(( $$(date +%s) - start )) s"; done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) web/dist
