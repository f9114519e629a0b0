# Two commands do all the set-up on a fresh machine with Python >= 3.10:
#   make figures   create .venv, install cityreports, run the main job on the bundled corpus
#   make test      install the test extras and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?=
OUT    ?= build/tables

.PHONY: all install install-test figures extract test lint bench kernel lab notebooks clean \
	chromium r notebook-filter

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

# The bundled corpus: figures/ (committed), build/tables, build/notebooks, build/report.html.
# `cityreports run --corpus DIR` writes runs/<name of DIR>/ instead and leaves figures/ alone.
figures: install
	$(BIN)/cityreports run

lint: install-test
	$(BIN)/ruff check --no-cache src tests benchmarks notebooks

test: install-test chromium r
	$(BIN)/ruff check --no-cache src tests benchmarks notebooks
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env notebooks/

# Headless Chromium renders the HTML report in a test; Debian's package, installed when missing
# (CI runs as root on a fresh machine).
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	{ if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "chromium is missing: sudo apt-get install -y chromium (the report test needs it)"; \
	  fi; }

# R reads the exported document-feature matrix in tests/analyses/test_dfm.py: Debian's
# r-base-core and r-cran-matrix, installed when missing (as root), else how to get them.
r:
	@Rscript -e 'quit(status = !requireNamespace("Matrix", quietly = TRUE))' >/dev/null 2>&1 || \
	{ if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends r-base-core r-cran-matrix >/dev/null; \
	  else echo "R's Matrix is missing: sudo apt-get install -y r-base-core r-cran-matrix" \
	    "(the dfm export test needs it)"; \
	  fi; }

bench: install
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_claims.py
	$(BIN)/python benchmarks/bench_themes.py
	$(BIN)/python benchmarks/bench_run.py

# Register the virtualenv as a Jupyter kernel ("Python (cityreports)") for your own JupyterLab.
kernel: install
	$(BIN)/python -m ipykernel install --user --name cityreports --display-name "Python (cityreports)"

# JupyterLab from the virtualenv, opened on the notebooks (the .ipynb files are the source:
# edit and save there). The git filter named in .gitattributes commits them clean.
lab: install notebook-filter
	$(BIN)/jupyter lab notebooks/

# Register the clean filter for notebooks/*.ipynb in this clone's git config (no execution
# counts, timings, stderr or injected parameters are committed; outputs are kept).
notebook-filter: install
	-git config filter.cityreports-notebook.clean \
	  "$(abspath $(BIN))/python notebooks/make_notebooks.py --filter"

# Refresh the committed notebooks' outputs and figures/ from the bundled corpus (after changing
# the library or a notebook's code); the sources of the cells are kept as they are.
notebooks: install
	$(BIN)/python notebooks/make_notebooks.py --execute

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
