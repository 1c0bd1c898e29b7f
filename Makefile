# The commands the README names. Each target installs what it needs first (`deps`).
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := liblapacke-dev libopenblas-dev libsuitesparse-dev pkg-config

.PHONY: deps build test demo bench bench-baselines notebooks fuzz fuzz-build clean spark-example

## deps: LAPACKE + OpenBLAS + SuiteSparse (CHOLMOD) from Debian's packages, installed only when missing.
deps:
	@if pkg-config --exists lapacke openblas 2>/dev/null && [ -f /usr/include/suitesparse/cholmod.h ]; then :; else \
		echo "Installing $(APT_PACKAGES) ..."; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build

## test: the whole test suite in a debug build (the README's test command; CI runs it). Every executable is built
## first: the end-to-end tests (dimred, the notebooks) run the binaries and fail, naming this step, when one is missing.
## The suite then runs a second time under another OpenBLAS kernel with one BLAS thread, so a test that passes only
## on this processor's kernel or thread split fails here and not on someone else's machine.
OTHER_KERNEL := $(if $(filter x86_64,$(shell uname -m)),Nehalem,ARMV8)
test: deps
	$(SWIFT) build
	$(SWIFT) test
	@echo "== the suite again with OPENBLAS_CORETYPE=$(OTHER_KERNEL) OPENBLAS_NUM_THREADS=1"
	OPENBLAS_CORETYPE=$(OTHER_KERNEL) OPENBLAS_NUM_THREADS=1 $(SWIFT) test --skip-build

## demo: dimred unrolls a swiss roll with Isomap: the embedding (CSV) and its picture (SVG, coloured by the
## roll parameter), plus a gallery comparing methods on the same points.
demo: deps
	$(SWIFT) build -c release --product dimred
	@mkdir -p output/demo
	.build/release/dimred embed --dataset swiss-roll --samples 2000 --seed 1 --method isomap --neighbors 10 \
		-o output/demo/swiss-roll-isomap.csv --plot output/demo/swiss-roll-isomap.svg
	.build/release/dimred compare --dataset swiss-roll --samples 2000 --seed 1 --methods pca,isomap,lle,ltsa \
		--plot output/demo/swiss-roll-gallery.svg
	@echo "wrote output/demo/swiss-roll-isomap.csv, output/demo/swiss-roll-isomap.svg and output/demo/swiss-roll-gallery.svg"

## bench: release-built benchmarks; each table prints the baseline beside our figure.
bench: deps
	$(SWIFT) build -c release --product mathfoundations-bench
	$(SWIFT) build -c release --product dimred
	.build/release/mathfoundations-bench $(SECTIONS)

## bench-baselines: a Python virtual environment with scikit-learn and imbalanced-learn, so `make bench` prints
## their times beside ours from the same run (optional; the benchmarks print our figures without it).
bench-baselines:
	python3 -m venv .venv-compare
	.venv-compare/bin/pip install --quiet scikit-learn imbalanced-learn

## spark-example: examples/spark on PySpark in local mode (installs pyspark into .venv-compare; needs Java 17+):
## fit on a sample, transform every partition with dimred, compare with a single-process transform. Not in `make test`.
spark-example: deps
	$(SWIFT) build -c release --product dimred
	test -x .venv-compare/bin/python || python3 -m venv .venv-compare
	.venv-compare/bin/pip install --quiet pyspark
	.venv-compare/bin/python examples/spark/spark_transform.py --dimred .build/release/dimred --rows 300000 --partitions 4 --work .build/spark-example

## notebooks: every worked example of notebooks-as-scripts/ in a release build; each writes output/NAME/.
NOTEBOOKS := $(sort $(filter-out NotebookSupport README.md,$(notdir $(wildcard notebooks-as-scripts/*))))
notebooks: deps
	$(SWIFT) build -c release
	@for name in $(NOTEBOOKS); do \
		echo "== $$name"; .build/release/$$name || exit 1; \
	done

## fuzz: libFuzzer (with AddressSanitizer) on every harness of Fuzz/Sources, FUZZ_SECONDS each (one after another),
## starting from Fuzz/Corpus/NAME and Fuzz/Regressions/NAME; new inputs go to Fuzz/.build/corpus/NAME, a crashing
## input to Fuzz/.build/crashes/NAME/ (copy it to Fuzz/Regressions/NAME/ once fixed). FUZZERS=NAME runs one.
## Release build: the same checks (bounds, overflow, ASan) at about twice the executions per second of debug.
FUZZ_SECONDS ?= 600
FUZZERS ?= $(notdir $(wildcard Fuzz/Sources/*))
FUZZ_BUILD := $(SWIFT) build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
fuzz-build: deps
	$(FUZZ_BUILD)

fuzz: fuzz-build
	@bin=$$($(FUZZ_BUILD) --show-bin-path) && for name in $(FUZZERS); do \
		mkdir -p Fuzz/.build/corpus/$$name Fuzz/.build/crashes/$$name Fuzz/Regressions/$$name; \
		dict=Fuzz/Dictionaries/$$name.dict; [ -f $$dict ] && dict=-dict=$$dict || dict=; \
		echo "== $$name: $(FUZZ_SECONDS) s"; \
		$$bin/$$name Fuzz/.build/corpus/$$name Fuzz/Corpus/$$name Fuzz/Regressions/$$name $$dict \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
			-artifact_prefix=Fuzz/.build/crashes/$$name/ || exit 1; \
	done

clean:
	rm -rf .build output Fuzz/.build
