# Two commands on a fresh machine with Python >= 3.11, a Rust toolchain (cargo) and the package
# registries:
#   make demo   -> creates .venv if missing, installs moneyx (building its Rust core), extracts
#                  the seed articles
#   make test   -> creates .venv if missing, installs moneyx + test tools, runs the whole test
#                  suite (pytest, then the core's cargo tests)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CARGO  ?= cargo
# the compiled core is rebuilt (pip install -e . runs maturin) when its sources change
CORE   := core/Cargo.toml core/Cargo.lock $(wildcard core/src/*.rs core/src/*/*.rs)

.PHONY: demo test bench lint rust-lint rust-test rates clean eval wheel check-cargo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=25.1"

check-cargo:
	@command -v $(CARGO) >/dev/null || { echo "moneyx builds its core from Rust source: install a Rust toolchain (https://rustup.rs), then run make again" >&2; exit 1; }

$(VENV)/.installed-run: pyproject.toml $(CORE) | check-cargo $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(CORE) | check-cargo $(BIN)/python
	$(BIN)/python -m pip install -q -e . --group test
	touch $@ $(VENV)/.installed-run

demo: $(VENV)/.installed-run
	$(BIN)/moneyx extract --manifest seeds/gold.jsonl --format table

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q
	$(MAKE) rust-test

rust-test: check-cargo
	$(CARGO) test -q --manifest-path core/Cargo.toml

# cargo fmt and clippy with warnings as errors, the binding (feature "python") included
rust-lint: check-cargo
	$(CARGO) fmt --manifest-path core/Cargo.toml --check
	$(CARGO) clippy -q --manifest-path core/Cargo.toml --all-targets --features python -- -D warnings

# a release wheel with the core, the data and the rate tables, in dist/
wheel: check-cargo | $(BIN)/python
	$(BIN)/python -m pip install -q "maturin>=1.5,<2"
	$(BIN)/maturin build --release --out dist

bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install -q --group bench
	$(BIN)/python -m pytest benchmarks --benchmark-only -q

lint: $(VENV)/.installed-test
	$(BIN)/python -m pip install -q --group lint
	$(BIN)/ruff check moneyx tests benchmarks scripts
	$(BIN)/mypy
	$(MAKE) rust-lint

rates: $(VENV)/.installed-run
	$(BIN)/python scripts/build_rates.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .benchmarks core/target moneyx/_core*.so

# Document gold: span precision/recall and per-field accuracy on the seeds, the development set
# and the held-out set (read only the held-out totals: nobody tunes rules on it).
eval: $(VENV)/.installed-run
	$(BIN)/python scripts/score_gold.py seeds/gold.jsonl tests/eval/dev.jsonl tests/eval/dev2.jsonl tests/eval/dev3.jsonl tests/eval/dev4.jsonl tests/eval/dev5.jsonl tests/eval/dev6.jsonl tests/eval/dev7.jsonl tests/eval/dev8.jsonl tests/eval/dev9.jsonl tests/eval/dev10.jsonl tests/eval/dev11.jsonl tests/eval/dev12.jsonl tests/eval/dev13.jsonl tests/eval/dev14.jsonl tests/eval/dev15.jsonl tests/eval/dev16.jsonl tests/eval/dev17.jsonl tests/eval/dev18.jsonl tests/eval/dev19.jsonl tests/eval/dev20.jsonl tests/eval/dev21.jsonl tests/eval/dev22.jsonl tests/eval/dev23.jsonl tests/eval/dev24.jsonl tests/eval/dev25.jsonl tests/eval/dev26.jsonl tests/eval/dev27.jsonl tests/eval/dev28.jsonl tests/eval/dev29.jsonl tests/eval/dev30.jsonl tests/eval/dev31.jsonl tests/eval/dev32.jsonl tests/eval/dev33.jsonl tests/eval/dev34.jsonl tests/eval/dev35.jsonl tests/eval/dev36.jsonl tests/eval/dev37.jsonl tests/eval/dev38.jsonl tests/eval/dev39.jsonl heldout/gold.jsonl
