# The workbook's entry points. `make report` and `make test` set themselves up
# from nothing: they create .venv and install the package with its extras when
# missing or when pyproject.toml changed, and do nothing slow otherwise.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEED := seeds/000_908df4e159e4c100.txt
GWN ?= ../shared/eval/geowebnews

.PHONY: setup report test test-fast wheel-check lint lab bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[notebooks,test,dask,ftm]"
	@touch $(STAMP)

# Every numbered notebook run offline on the seed, exported without code to
# reports/NN-name.html, plus reports/map.html and places.csv/.geojson/.kml.
report: $(STAMP)
	$(BIN)/osint report --article $(SEED) --out reports
	@echo "reports/ written"

lint: $(STAMP)
	$(BIN)/ruff check osint tests benchmarks notebooks tools

test: lint
	$(BIN)/python -m pytest -q

# The edit loop: everything but the notebook, browser and report tests (marked slow).
test-fast: lint
	$(BIN)/python -m pytest -q -m "not slow"

# `pip install .` into a fresh venv, then `osint geoparse` from another folder, offline.
wheel-check:
	bash .ci/wheel-check

# Geoparsing accuracy and speed beside published geoparsers (GeoWebNews, read
# from ../shared), then on the project's own held-out texts.
bench: $(STAMP)
	$(BIN)/python benchmarks/geoparse.py $(GWN)
	$(BIN)/python benchmarks/geoparse.py benchmarks/heldout --only-osint

# JupyterLab on the workbook (each .ipynb is paired with its .py by jupytext).
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.open_browser=$${OPEN_BROWSER:-True} \
		$$(test "$$(id -u)" = 0 && echo --allow-root)

clean:
	rm -rf reports/*.html reports/*.csv reports/*.geojson reports/*.kml data/interim
