# The workbook's entry points. `make report` and `make test` set themselves up
# from nothing: they create .venv and install the package with its extras when
# missing or when pyproject.toml changed, and do nothing slow otherwise.
#
# An active conda environment that has osint installed (`conda env create -f
# environment.yml && conda activate osint-workbench`) is used instead of .venv:
# its python, osint, pytest and jupyter run everything, and it is brought up to
# date with pyproject.toml the same way.

PYTHON ?= python3
SEED := seeds/000_908df4e159e4c100.txt
GWN ?= ../shared/eval/geowebnews

# `python -I` leaves the current folder off sys.path: only an installed osint counts.
CONDA_OSINT := $(if $(CONDA_PREFIX),$(shell test -x "$(CONDA_PREFIX)/bin/python" && \
	"$(CONDA_PREFIX)/bin/python" -I -c "import osint" >/dev/null 2>&1 && echo yes))

ifeq ($(CONDA_OSINT),yes)
ENV_NAME := conda environment $(CONDA_PREFIX)
BIN := $(CONDA_PREFIX)/bin
STAMP := .make-conda-$(notdir $(CONDA_PREFIX)).installed
else
ENV_NAME := .venv
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
endif

.PHONY: setup env report screenshots test test-fast wheel-check lint lab bench clean

setup: $(STAMP)

# Which Python environment the targets use.
env:
	@echo "$(ENV_NAME): $(BIN)/python"

$(STAMP): pyproject.toml
ifeq ($(CONDA_OSINT),yes)
	$(BIN)/python -m pip install --quiet -e ".[notebooks,test,dask,ftm,languages,xlsx,fast]"
else
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[notebooks,test,dask,ftm,languages,xlsx,fast]"
endif
	@touch $(STAMP)

# Every numbered notebook run offline on the seed, exported without code to
# reports/NN-name.html, plus reports/map.html (and map.png, map.pdf for print)
# and places.csv/.geojson/.kml.
report: $(STAMP)
	$(BIN)/osint report --article $(SEED) --out reports
	@echo "reports/ written"

# docs/img/: the seed's map.html, 02 and 03 at 1280x800 (and the map at 390x844) in
# headless Chromium, offline; see scripts/screenshots.py.
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py --out docs/img

lint: $(STAMP)
	$(BIN)/ruff check osint tests benchmarks notebooks tools scripts
	$(BIN)/python tools/mypy_check.py

# The whole suite on two processes (pytest-xdist): about 6 minutes on a quiet 2-core machine
# against 11 on one.
test: lint
	$(BIN)/python -m pytest -q -n 2

# The edit loop: everything but the notebook, browser, report and memory-cap tests (marked
# slow), on two processes.
test-fast: lint
	$(BIN)/python -m pytest -q -m "not slow" -n 2

# `pip install .` into a fresh venv, then `osint geoparse` from another folder, offline.
wheel-check:
	bash .ci/wheel-check

# Geoparsing accuracy and speed beside published geoparsers (GeoWebNews, read
# from ../shared), then on the project's own held-out texts.
# The speed comparison needs flashgeotext (the 'bench' extra), installed here on first use.
bench: $(STAMP)
	@$(BIN)/python -c "import flashgeotext" 2>/dev/null || $(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/geoparse.py $(GWN)
	$(BIN)/python benchmarks/geoparse.py benchmarks/heldout --only-osint
	$(BIN)/python benchmarks/geoparse.py benchmarks/heldout_new/dev --only-osint
	$(BIN)/python benchmarks/geoparse.py benchmarks/heldout_new/blind --only-osint

# JupyterLab on the workbook (each .ipynb is paired with its .py by jupytext).
# .jupyter/jupyter_server_config.json hides the notebooks' jupytext twins (NN-name.py) and
# __init__.py from JupyterLab's file browser: only the .ipynb a reader opens are listed.
lab: $(STAMP)
	JUPYTER_CONFIG_PATH="$(CURDIR)/.jupyter$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.open_browser=$${OPEN_BROWSER:-True} \
		$$(test "$$(id -u)" = 0 && echo --allow-root)

clean:
	rm -rf reports/*.html reports/*.png reports/*.pdf reports/*.csv reports/*.geojson reports/*.kml \
		data/interim
