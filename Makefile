# The front door: `make deps`, `make` (build/s3copy), `make test`, `make sanitize`, `make demo`.
# CMake does the building; this file only names the steps.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build test unit sanitize tsan fuzz demo bench server-start server-stop format clean

all: build

deps:
	tools/install-deps

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

# Everything CI runs: dependencies, the build, the local S3 server, every test, the sanitizer builds.
test: deps
	$(MAKE) build
	tools/run-tests $(BUILD)

unit: build
	cd $(BUILD) && ctest --output-on-failure -L '' -E integration

# ASan+UBSan build of the unit tests.
sanitize:
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DS3COPY_SANITIZE=asan >/dev/null
	cmake --build build-asan -j $(JOBS) --target unit_tests
	build-asan/unit_tests --gtest_brief=1

# The main job, demonstrated: a local S3 server, sample objects, a copy, and a no-op rerun.
demo: deps
	$(MAKE) build
	tools/demo

# s3copy against aws-cli, rclone and s3cmd on the bench's own radosgw (port 7490; the test server
# is left alone): the table on stdout and in bench/results.md. BENCH_QUICK=1: a small smoke run.
BENCH_ROUNDS ?= 3
bench: deps
	$(MAKE) build
	tools/bench/run.py --build $(BUILD) --rounds $(BENCH_ROUNDS) $(if $(BENCH_QUICK),--quick)

# ThreadSanitizer build: the unit tests here, the pipeline's integration tests in tools/run-tests.
tsan:
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DS3COPY_SANITIZE=tsan >/dev/null
	cmake --build build-tsan -j $(JOBS) --target unit_tests integration_tests s3copy
	TSAN_OPTIONS="suppressions=$(CURDIR)/test/tsan.supp halt_on_error=1" build-tsan/unit_tests --gtest_brief=1

# libFuzzer on the parsers of untrusted bytes (test/fuzz/), FUZZ_SECONDS per target. New inputs
# join build-fuzz/corpus/TARGET; a crash keeps its input in build-fuzz/artifacts/ and fails.
FUZZ_SECONDS ?= 20
FUZZERS = $(basename $(notdir $(wildcard test/fuzz/*.cc)))
fuzz:
	cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DS3COPY_FUZZ=ON >/dev/null
	cmake --build build-fuzz -j $(JOBS) --target fuzzers
	mkdir -p build-fuzz/artifacts build-fuzz/logs
	for fuzzer in $(FUZZERS); do \
	  log=build-fuzz/logs/$$fuzzer.log; mkdir -p build-fuzz/corpus/$$fuzzer; \
	  build-fuzz/$$fuzzer -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=build-fuzz/artifacts/$$fuzzer- \
	    build-fuzz/corpus/$$fuzzer test/fuzz/corpus/$$fuzzer >$$log 2>&1 || { tail -n 40 $$log; exit 1; }; \
	  echo "$$fuzzer: $$(grep -E '^#[0-9]+' $$log | tail -n 1)"; \
	done

server-start:
	tools/s3-server start

server-stop:
	tools/s3-server stop

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf $(BUILD) build-asan build-tsan
