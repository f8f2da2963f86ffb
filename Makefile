# Two set-up commands: `make build` and `make test`. Each creates .venv and installs by itself.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build pyc test lint bench readme-image docs clean

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dask]'
	touch $(STAMP)

# Byte-compile the package as pip does for a regular install (an editable one is not, and
# PYTHONDONTWRITEBYTECODE keeps Python from doing it): every run would compile it again.
pyc: $(STAMP)
	$(BIN)/python -m compileall -q generator

build: pyc
	$(BIN)/generator build --out output

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks scripts
	$(BIN)/ruff format --check generator tests benchmarks scripts

test: lint
	$(BIN)/pytest

bench: pyc
	$(BIN)/python benchmarks/run.py

# docs/templates.md from the template schema (a test fails when it is out of date).
docs: $(STAMP)
	$(BIN)/python scripts/template_guide.py

readme-image: $(STAMP)
	$(BIN)/python scripts/readme_image.py

clean:
	rm -rf $(VENV) build *.egg-info
