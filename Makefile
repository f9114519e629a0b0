# Two commands do all the set-up on a fresh machine with Python >= 3.10:
#   make figures   create .venv, install cityreports, run the main job on the bundled corpus
#   make test      install the test extras and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= data
OUT    ?= build/tables

.PHONY: all install install-test figures extract test lint bench clean

all: figures

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

extract: install
	$(BIN)/cityreports extract $(CORPUS) --out $(OUT)

figures: install
	$(BIN)/cityreports run

lint: install-test
	$(BIN)/ruff check src tests benchmarks

test: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/bench_extract.py

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
