# Livedesk: `make run` sets up .venv and starts the app; `make test` sets up and runs the suite.
# Windows and macOS: see "Set-up" in README.md for the same steps without make.

PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export QT_API := pyside6

.PHONY: run test install lint bench package soak clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VPY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## Start the app on your default store (created with the sample blog on first run).
run: $(STAMP)
	$(VPY) main.py $(ARGS)

## Lint, then the whole test suite (Qt offscreen; the Xvfb tests start their own X server).
test: $(STAMP)
	$(VPY) -m ruff check .
	@# pytest exits 5 when it collects no test: here that means the suite was not found.
	QT_QPA_PLATFORM=offscreen $(VPY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

## Data-safety soak: 1,000 SIGKILLs of a writer, 1,000 simulated power cuts, and the control run.
soak: $(STAMP)
	$(VPY) tests/safety/crash_harness.py --kills 1000
	$(VPY) tests/safety/crash_harness.py --kills 200 --control
	$(VPY) tests/safety/powercut_harness.py --cuts 1000 --synchronous FULL
	$(VPY) tests/safety/powercut_harness.py --cuts 1000 --synchronous NORMAL

## Benchmarks (not part of `make test`): prints a table of medians and writes docs/benchmarks/.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VPY) tests/benchmarks/run.py $(BENCH_ARGS)

## Installers: the one-folder app, a .tar.gz and a .deb in dist/ (see packaging/README.md).
package: $(STAMP)
	$(VPY) packaging/build.py $(PACKAGE_ARGS)

lint: $(STAMP)
	$(VPY) -m ruff check .

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
