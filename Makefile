# Two commands do all the set-up on a fresh machine with Python >= 3.10:
#   make figures   create .venv, install cityreports, run the main job on the bundled corpus
#   make test      install the test extras and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?=
OUT    ?= build/tables

.PHONY: all install install-test figures extract test lint bench kernel lab notebooks clean

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
	$(BIN)/ruff check --no-cache src tests benchmarks notebooks

test: install-test
	$(BIN)/ruff check --no-cache src tests benchmarks notebooks
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax notebooks/

bench: install
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_claims.py
	$(BIN)/python benchmarks/bench_themes.py
	$(BIN)/python benchmarks/bench_run.py

# Register the virtualenv as a Jupyter kernel ("Python (cityreports)") for your own JupyterLab.
kernel: install
	$(BIN)/python -m ipykernel install --user --name cityreports --display-name "Python (cityreports)"

# JupyterLab from the virtualenv, opened on the notebooks.
lab: install
	$(BIN)/jupyter lab notebooks/

# Regenerate the committed notebooks with outputs from the bundled corpus (after code changes).
notebooks: install
	$(BIN)/python notebooks/make_notebooks.py --execute

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
