# The commands the README names. Each target installs what it needs first (`deps`).
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := liblapacke-dev libopenblas-dev libsuitesparse-dev libfftw3-dev pkg-config

.PHONY: deps build test demo bench fresh-release bench-baselines notebooks fuzz fuzz-build clean install uninstall test-install docs spark-demo spark-example streaming-demo

## deps: LAPACKE + OpenBLAS + SuiteSparse (CHOLMOD) + FFTW 3 from Debian's packages, installed only when missing.
deps:
	@if pkg-config --exists lapacke openblas 2>/dev/null && [ -f /usr/include/suitesparse/cholmod.h ] && [ -f /usr/include/fftw3.h ]; then :; else \
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

## OpenBLAS 0.3.21 (Debian 12) does not recognise Intel cores newer than its tables (Sapphire and Emerald Rapids) and
## falls back to its Prescott (SSE3) kernels, about 3× slower in dgemm (the bench header prints the kernel). On an Intel
## CPU with AVX-512, unless you chose a kernel yourself, the timed targets name SkylakeX, its newest AVX-512 kernel.
## `make test` keeps the detected kernel (and runs a second, older one), so tests see what users' machines pick.
CPU_FLAGS := $(shell grep -m1 -o -w -e GenuineIntel /proc/cpuinfo 2>/dev/null) $(shell grep -m1 -o -w avx512f /proc/cpuinfo 2>/dev/null)
FAST_KERNEL := $(if $(OPENBLAS_CORETYPE),,$(if $(filter GenuineIntel,$(CPU_FLAGS)),$(if $(filter avx512f,$(CPU_FLAGS)),SkylakeX)))
ifneq ($(FAST_KERNEL),)
demo bench notebooks streaming-demo spark-demo: export OPENBLAS_CORETYPE := $(FAST_KERNEL)
endif

## fresh-release: SwiftPM's incremental release build does not always recompile a module when only an `@inlinable`
## body it imports has changed, and that module keeps its specialisations of the old code (a benchmark once timed
## the old conv2d packing after a change to Autodiff alone). So when any source is newer than the last release build
## made through this Makefile, every module is recompiled: the timed and published targets run the code checked out.
RELEASE_STAMP := .build/release-sources.stamp
fresh-release:
	@mkdir -p .build
	@if [ ! -f $(RELEASE_STAMP) ] || [ -n "$$(find Sources Package.swift -newer $(RELEASE_STAMP) -name '*.swift' -print -quit)" ]; then \
		echo "fresh-release: sources changed since the last release build, so every module is recompiled"; \
		find Sources -name '*.swift' -exec touch {} +; fi
	@touch $(RELEASE_STAMP)

## demo: dimred unrolls a swiss roll with Isomap: the embedding (CSV) and its picture (SVG, coloured by the
## roll parameter), plus a gallery comparing methods on the same points.
demo: deps fresh-release
	$(SWIFT) build -c release --product dimred
	@mkdir -p output/demo
	.build/release/dimred embed --dataset swiss-roll --samples 2000 --seed 1 --method isomap --neighbors 10 \
		-o output/demo/swiss-roll-isomap.csv --plot output/demo/swiss-roll-isomap.svg
	.build/release/dimred compare --dataset swiss-roll --samples 2000 --seed 1 --methods pca,isomap,lle,ltsa \
		--plot output/demo/swiss-roll-gallery.svg
	@echo "wrote output/demo/swiss-roll-isomap.csv, output/demo/swiss-roll-isomap.svg and output/demo/swiss-roll-gallery.svg"

## install: a release-built dimred in $(DESTDIR)$(PREFIX)/bin, its man page (swift-argument-parser's generate-manual, from
## `dimred --experimental-dump-help`) in share/man/man1, bash / zsh / fish completions (`dimred
## --generate-completion-script SHELL`) where each shell looks for them, and the bundled data sets in
## share/mathfoundations/datasets (where dimred looks beside its bin folder). PREFIX defaults to /usr/local for root,
## else ~/.local; DESTDIR stages the tree for a package (every path written is $(DESTDIR)$(PREFIX)/...).
## uninstall removes exactly those files. test-install installs into a temporary PREFIX and checks the result.
PREFIX ?= $(if $(filter 0,$(shell id -u)),/usr/local,$(HOME)/.local)
DESTDIR ?=
BINDIR := $(PREFIX)/bin
MAN1DIR := $(PREFIX)/share/man/man1
BASH_COMPLETION_DIR := $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR := $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR := $(PREFIX)/share/fish/vendor_completions.d
DATA_DIR := $(PREFIX)/share/mathfoundations/datasets
STAGE := .build/install-stage
DATASET_FILES := $(notdir $(wildcard datasets/*.csv)) README.md

install: deps fresh-release
	$(SWIFT) build -c release --product dimred
	$(SWIFT) build -c release --product generate-manual
	@bin=$$($(SWIFT) build -c release --show-bin-path) && rm -rf $(STAGE) && mkdir -p $(STAGE) && \
		$$bin/generate-manual $$bin/dimred --output-directory $(STAGE) \
			--authors "MathFoundations contributors" --date $$(date -u +%Y-%m-%d) && \
		for shell in bash zsh fish; do $$bin/dimred --generate-completion-script $$shell > $(STAGE)/completion.$$shell || exit 1; done && \
		install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MAN1DIR)" "$(DESTDIR)$(BASH_COMPLETION_DIR)" \
			"$(DESTDIR)$(ZSH_COMPLETION_DIR)" "$(DESTDIR)$(FISH_COMPLETION_DIR)" "$(DESTDIR)$(DATA_DIR)" && \
		install -m 755 $$bin/dimred "$(DESTDIR)$(BINDIR)/dimred" && \
		install -m 644 $(STAGE)/dimred.1 "$(DESTDIR)$(MAN1DIR)/dimred.1" && \
		install -m 644 $(STAGE)/completion.bash "$(DESTDIR)$(BASH_COMPLETION_DIR)/dimred" && \
		install -m 644 $(STAGE)/completion.zsh "$(DESTDIR)$(ZSH_COMPLETION_DIR)/_dimred" && \
		install -m 644 $(STAGE)/completion.fish "$(DESTDIR)$(FISH_COMPLETION_DIR)/dimred.fish" && \
		for file in $(DATASET_FILES); do install -m 644 datasets/$$file "$(DESTDIR)$(DATA_DIR)/$$file" || exit 1; done
	@echo "installed dimred in $(DESTDIR)$(BINDIR) (man dimred; completions for bash, zsh, fish)"
	@case ":$$PATH:" in *":$(BINDIR):"*) ;; *) echo "note: $(BINDIR) is not on your PATH";; esac

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/dimred" "$(DESTDIR)$(MAN1DIR)/dimred.1" "$(DESTDIR)$(BASH_COMPLETION_DIR)/dimred" \
		"$(DESTDIR)$(ZSH_COMPLETION_DIR)/_dimred" "$(DESTDIR)$(FISH_COMPLETION_DIR)/dimred.fish" \
		$(addprefix "$(DESTDIR)$(DATA_DIR)/,$(addsuffix ",$(DATASET_FILES)))
	-rmdir "$(DESTDIR)$(DATA_DIR)" "$(DESTDIR)$(PREFIX)/share/mathfoundations" 2>/dev/null

test-install:
	scripts/test-install.sh

## docs: the API documentation as a static site in docs-site/ (DocC through swift-docc-plugin): one landing article per
## library module (Sources/MODULE/Documentation.docc), the course-topic table on the MathFoundations page, every module
## in one combined site so pages link across modules (such a link starts with a slash: ``/LinearAlgebra/Matrix``).
## Fails on any DocC warning: a link to a symbol that does not exist, a parameter left undocumented. DOCS_BASE_PATH
## sets the URL path the site is served under (e.g. the repository name on a project page); DOCS_SWIFTPM_FLAGS
## passes options to SwiftPM (e.g. --scratch-path).
DOCS_DIR ?= docs-site
DOCS_BASE_PATH ?= /
DOCS_SWIFTPM_FLAGS ?=
DOC_TARGETS := LinearAlgebra DataIO Neighbors DimensionalityReduction Autodiff Optimization NeuralNetworks Resampling \
	Datasets HighDimensionalGeometry Plotting MathFoundations
docs: deps
	$(SWIFT) package $(DOCS_SWIFTPM_FLAGS) --allow-writing-to-directory $(DOCS_DIR) generate-documentation \
		$(addprefix --target ,$(DOC_TARGETS)) --enable-experimental-combined-documentation \
		--output-path $(DOCS_DIR) --transform-for-static-hosting --hosting-base-path $(DOCS_BASE_PATH) --warnings-as-errors
	@echo "wrote $(DOCS_DIR)/ (serve it with: python3 -m http.server -d $(DOCS_DIR), then open /documentation/mathfoundations)"

## bench: release-built benchmarks; each table prints the baseline beside our figure, run in the same run by the scripts
## of benchmarks/ with .venv-compare's Python when it exists (`make bench-baselines`), else "not run". The run starts
## with a header (date, CPU, OpenBLAS kernel, threads); BENCH_FLAGS=--markdown ends it with the README's performance
## table from this run's figures (BENCH_FLAGS=--quick shrinks every size).
BENCH_FLAGS ?=
bench: deps fresh-release
	$(SWIFT) build -c release --product mathfoundations-bench
	$(SWIFT) build -c release --product dimred
	.build/release/mathfoundations-bench $(BENCH_FLAGS) $(SECTIONS)

## bench-baselines: the Python environment `make bench` compares against, in .venv-compare: scikit-learn (spectral,
## manifold), imbalanced-learn (resampling), PyTorch (autodiff, networks, cnn; the CPU-only wheel from PyTorch's own
## index when it answers, else PyPI's), openTSNE and umap-learn (with pynndescent), pandas and micrograd (io and
## autodiff rows). Optional: without it the benchmarks print our figures and "not run" for the baselines.
TORCH_CPU_INDEX ?= https://download.pytorch.org/whl/cpu
bench-baselines:
	[ -x .venv-compare/bin/python ] || python3 -m venv .venv-compare
	.venv-compare/bin/pip install --quiet --upgrade pip
	.venv-compare/bin/pip install --quiet scikit-learn imbalanced-learn openTSNE umap-learn pynndescent scipy pandas micrograd
	.venv-compare/bin/python -c "import torch" 2>/dev/null || \
		.venv-compare/bin/pip install --quiet --timeout 30 --retries 1 torch --index-url $(TORCH_CPU_INDEX) || \
		.venv-compare/bin/pip install --quiet torch
	.venv-compare/bin/python -c "import sklearn, imblearn, torch, openTSNE, umap; print('baselines:', 'scikit-learn', sklearn.__version__, \
		'imbalanced-learn', imblearn.__version__, 'torch', torch.__version__, 'openTSNE', openTSNE.__version__, 'umap-learn', umap.__version__)"

## spark-demo: examples/spark on PySpark in local[2] mode: fit on a sample, transform 300 000 rows in 4 partitions,
## one `dimred transform` per partition, and check the result against the single-process transform row for row.
## Installs PySpark from PyPI into .venv-compare and Java (Debian's default-jre-headless) when `java` is missing.
## Not in `make test` (a minute or two). `spark-example` is the old name.
SPARK_ROWS ?= 300000
SPARK_PARTITIONS ?= 4
spark-demo: deps fresh-release
	$(SWIFT) build -c release --product dimred
	@command -v java >/dev/null 2>&1 || { echo "Installing default-jre-headless (Java for Spark) ..."; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends default-jre-headless; }
	test -x .venv-compare/bin/python || python3 -m venv .venv-compare
	.venv-compare/bin/python -c "import pyspark" 2>/dev/null || .venv-compare/bin/pip install --quiet pyspark
	.venv-compare/bin/python examples/spark/spark_transform.py --dimred .build/release/dimred --rows $(SPARK_ROWS) \
		--partitions $(SPARK_PARTITIONS) --work .build/spark-demo
spark-example: spark-demo

## streaming-demo: a generated 10^7-row CSV (about 0.4 GB under .build/streaming-demo, deleted afterwards) streamed
## through `dimred transform --keep-columns id` with a landmark-Isomap model fitted on 5 000 of its rows; prints
## rows, seconds and peak resident memory, and checks 8 rows against the whole-file transform. STREAMING_ROWS=N.
STREAMING_ROWS ?= 10000000
streaming-demo: deps fresh-release
	$(SWIFT) build -c release --product dimred
	sh benchmarks/streaming-demo.sh .build/release/dimred $(STREAMING_ROWS) .build/streaming-demo

## notebooks: every worked example of notebooks-as-scripts/ in a release build; each writes output/NAME/.
NOTEBOOKS := $(sort $(filter-out NotebookSupport README.md,$(notdir $(wildcard notebooks-as-scripts/*))))
notebooks: deps fresh-release
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
