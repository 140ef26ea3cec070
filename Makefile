# caibao: `make demo` (install, ingest the sample, ask, serve the UI) and `make test` (install, pytest + evals + browser).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LLAMA_CPP_VERSION := 0.3.36
# Built llama-cpp-python wheels outlive the venv and the clone, so the 5-10 minute build happens once per machine.
WHEELHOUSE ?= $(HOME)/.cache/caibao/wheels
SAMPLE := data/samples/alibaba_fy2025q3_article.txt
QUESTION ?= 阿里云智能集团收入同比增长多少？
PYTEST_ARGS ?=

.PHONY: demo test test-fast install clean clean-machine-check

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml Makefile scripts/build_llama_cpp.sh scripts/install_llama_cpp.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, from the local CPU wheel: otherwise a dependency pulls a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	bash scripts/install_llama_cpp.sh $(BIN)/pip $(WHEELHOUSE) $(LLAMA_CPP_VERSION)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: install
	$(BIN)/caibao ingest $(SAMPLE)
	$(BIN)/caibao ask "$(QUESTION)"
	$(BIN)/caibao ui

# The UI tests drive the system's Chromium; the script installs it with apt when it is missing.
test: install
	bash scripts/install_browser.sh
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The unit tier (tests/unit: no models, Chroma, subprocess or browser): the loop to run after each change; keep it under 2 minutes.
test-fast: install
	$(BIN)/lint-imports
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

# A fresh clone of HEAD with HOME an empty folder: `make install`, then the demo's ingest and question (not the UI).
clean-machine-check:
	bash scripts/clean_machine_check.sh

clean:
	rm -rf $(VENV) .caibao .pytest_cache
