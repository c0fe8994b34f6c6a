# Dangjian: `make run` starts the system with the Lanshan demo; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Apache ECharts from npm (package-lock.json), copied into the static files; no CDN.
ECHARTS := assets/echarts/echarts.min.js
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs in this many processes (pytest-xdist); "auto" is one per CPU core.
TEST_WORKERS ?= auto

.PHONY: install run test lint typecheck migrate demo messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(ECHARTS): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $(ECHARTS))
	cp node_modules/echarts/dist/echarts.min.js $(ECHARTS)

install: $(STAMP) $(ECHARTS)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# Web server, Celery worker and beat run together; Ctrl-C stops all of them.
run: demo
	@echo ""
	@echo "Dangjian is starting at http://$(HOST):$(PORT)/admin/ (Ctrl-C stops everything)"
	@trap 'kill 0' INT TERM; \
	$(BIN)/celery -A config worker --beat --loglevel=INFO --concurrency=2 & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload & \
	wait

# The schema fuzz gives every API operation the same test id, which a parallel run would
# schedule once: it runs in one process after the rest.
test: install
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --ignore=tests/api/test_schema_fuzz.py
	$(BIN)/pytest tests/api/test_schema_fuzz.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/python -m mypy

messages: install
	cd config && ../$(BIN)/python ../manage.py compilemessages

clean:
	rm -rf $(VENV) var/ assets/ node_modules/
