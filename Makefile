# InterviewHub: `make run` sets everything up and starts the platform; `make test` runs all tests.
# Every step installs what it needs (apt packages as root, pip into .venv, npm into the checkout).

SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip --disable-pip-version-check
STAMPS := .stamps
LABEXT_SRC := extensions/labextension
LABEXT_OUT := extensions/room/labextension
LABEXT_LINK := .venv/share/jupyter/labextensions/@interviewhub/room
APT_PACKAGES := python3-venv python3-dev build-essential nodejs
APT_TEST_PACKAGES := chromium
APT := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends

.PHONY: all install run test test-unit test-integration test-e2e lint bench clean

all: install

$(STAMPS):
	mkdir -p $(STAMPS)

# System packages (Debian). Skipped when already there; needs root otherwise.
$(STAMPS)/apt: | $(STAMPS)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -q && $(APT) $$missing; fi
	@command -v npm >/dev/null || { apt-get update -q && $(APT) npm; }
	touch $@

# The virtualenv is built from Debian's /usr/bin/python3 so room uids can run it too.
.venv/bin/python: | $(STAMPS)/apt
	/usr/bin/python3 -m venv .venv
	$(PIP) install -q --upgrade "pip>=24" "setuptools>=68" wheel

$(STAMPS)/python: .venv/bin/python setup.py constraints.txt | $(STAMPS)
	$(PIP) install -q -c constraints.txt -e ".[test]"
	touch $@

$(STAMPS)/node: package.json package-lock.json | $(STAMPS)/apt
	npm ci --no-audit --no-fund -q
	touch $@

$(STAMPS)/labextension: $(LABEXT_SRC)/package.json $(LABEXT_SRC)/package-lock.json \
		$(wildcard $(LABEXT_SRC)/src/*.ts $(LABEXT_SRC)/style/*) | $(STAMPS)/apt .venv/bin/python
	cd $(LABEXT_SRC) && npm ci --no-audit --no-fund -q && npm run -s build:prod
	mkdir -p $(dir $(LABEXT_LINK))
	ln -sfn $(CURDIR)/$(LABEXT_OUT) $(LABEXT_LINK)
	touch $@

install: $(STAMPS)/python $(STAMPS)/node $(STAMPS)/labextension

run: install
	.venv/bin/interviewhub run

$(STAMPS)/test-apt: | $(STAMPS)
	@command -v chromium >/dev/null || { apt-get update -q && $(APT) $(APT_TEST_PACKAGES); }
	touch $@

test: install $(STAMPS)/test-apt
	.venv/bin/pytest -q -p no:cacheprovider

test-unit: install
	.venv/bin/pytest -q tests/unit

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench: install
	$(PY) tests/bench/room_ready.py

# Refresh the pinned versions after changing dependencies in setup.py
constraints:
	$(PIP) freeze --exclude-editable | grep -v '^interviewhub' > constraints.txt

clean:
	rm -rf .venv node_modules $(LABEXT_SRC)/node_modules $(LABEXT_OUT) $(STAMPS)
