# Two commands on a fresh clone with only python3 (>= 3.11) and make:
#   make run   - install into .venv, extract the bundled PDF, print the evidence table and the score
#   make test  - same install, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# PYTHONWARNINGS reaches the build backend, whose editable-install notice is noise here
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e ".[test,dask,ocr]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/extractor extract corpus/review_2col.pdf --format md
	$(BIN)/extractor evaluate

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
