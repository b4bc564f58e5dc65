# Two commands on a fresh machine with Python >= 3.11 and the package registries:
#   make demo   -> creates .venv if missing, installs moneyx, extracts the seed articles
#   make test   -> creates .venv if missing, installs moneyx + test tools, runs the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench lint rates clean eval

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=25.1"

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e . --group test
	touch $@ $(VENV)/.installed-run

demo: $(VENV)/.installed-run
	$(BIN)/moneyx extract --manifest seeds/gold.jsonl --format table

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install -q --group bench
	$(BIN)/python -m pytest benchmarks --benchmark-only -q

lint: $(VENV)/.installed-test
	$(BIN)/python -m pip install -q --group lint
	$(BIN)/ruff check moneyx tests benchmarks scripts
	$(BIN)/mypy

rates: $(VENV)/.installed-run
	$(BIN)/python scripts/build_rates.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .benchmarks

# Document gold: span precision/recall and per-field accuracy on the seeds, the development set
# and the held-out set (read only the held-out totals: nobody tunes rules on it).
eval: $(VENV)/.installed-run
	$(BIN)/python scripts/score_gold.py seeds/gold.jsonl tests/eval/dev.jsonl tests/eval/dev2.jsonl tests/eval/dev3.jsonl tests/eval/dev4.jsonl tests/eval/dev5.jsonl tests/eval/dev6.jsonl tests/eval/dev7.jsonl heldout/gold.jsonl
