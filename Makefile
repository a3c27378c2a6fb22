# The front door: `make deps`, `make` (build/s3copy), `make test`, `make sanitize`, `make demo`.
# CMake does the building; this file only names the steps.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build test unit sanitize tsan demo server-start server-stop format clean

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

# ThreadSanitizer build: the unit tests here, the pipeline's integration tests in tools/run-tests.
tsan:
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DS3COPY_SANITIZE=tsan >/dev/null
	cmake --build build-tsan -j $(JOBS) --target unit_tests integration_tests s3copy
	TSAN_OPTIONS="suppressions=$(CURDIR)/test/tsan.supp halt_on_error=1" build-tsan/unit_tests --gtest_brief=1

server-start:
	tools/s3-server start

server-stop:
	tools/s3-server stop

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf $(BUILD) build-asan build-tsan
