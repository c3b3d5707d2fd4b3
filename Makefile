# The front door: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format translations messages bench demo setup clean help

help:
	@echo "make run           set up, load demo content, serve on http://127.0.0.1:$(PORT)/ with the task worker"
	@echo "make test          install test dependencies and run the whole suite"
	@echo "make lint|format   ruff"
	@echo "make translations  compile locale/*.po (make messages re-extracts them; needs GNU gettext)"
	@echo "make bench         speed and size figures on SQLite and PostgreSQL, into docs/benchmarks.md"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.test-installed: requirements/base.txt requirements/test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $@ $(VENV)/.base-installed

translations: $(VENV)/.base-installed
	$(MANAGE) compile_translations

setup: $(VENV)/.base-installed translations
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) seed_demo

demo: setup

# One Ctrl-C stops both the web server and the task worker. Links the site sends (e-mails,
# admin) use PORTAL_BASE_URL: the address served here unless it is already set.
run: setup
	@echo ""
	@echo "  Site:  http://127.0.0.1:$(PORT)/   Admin: http://127.0.0.1:$(PORT)/admin/  (admin / admin)"
	@echo ""
	@export PORTAL_BASE_URL="$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)}"; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) qcluster & worker=$$!; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The accessibility and HTML checks' tools, pinned, from the npm registry (the machine's npm).
CHECKERS := .cache/checkers
$(CHECKERS)/.installed:
	@if command -v npm >/dev/null; then \
		mkdir -p $(CHECKERS) && cd $(CHECKERS) && npm install --silent --no-audit --no-fund \
			--ignore-scripts --prefix . axe-core@4.14.1 vnu-jar@26.9.27 && touch .installed; \
	else echo "npm not found: the accessibility and HTML checks will be skipped"; fi

test: $(VENV)/.test-installed $(CHECKERS)/.installed
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) compile_translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.test-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-extract interface strings into locale/{kk,ru}; needs GNU gettext (apt-get install gettext).
messages: $(VENV)/.base-installed
	$(MANAGE) makemessages --locale kk --locale ru --no-obsolete --no-location --ignore '.venv/*' --ignore 'tests/*' --ignore '.cache/*'

# Under gunicorn (deploy/gunicorn.conf.py, production settings) against a static file, on SQLite
# and then on a local PostgreSQL it starts and stops (a throwaway database); writes
# docs/benchmarks.md in about 15 minutes. Quick run: BENCH_SECONDS=1 BENCH_SCALE=200 BENCH_DAYS=200
# BENCH_DATABASES=sqlite (tests/bench.py lists the knobs).
bench: $(VENV)/.test-installed translations
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
