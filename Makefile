# Two commands for a newcomer: `make run` (the bot; without BOT_TOKEN the local sandbox) and
# `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BROWSER := $(VENV)/.browser
CHROMIUM := /usr/bin/chromium
EMOJI_FONT := /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Debian's chromium (and a colour emoji font for the screenshot) for the browser test, when this
# machine can install packages (root with apt-get); otherwise that test is skipped and says how.
$(BROWSER): $(STAMP)
	@if [ ! -x $(CHROMIUM) ] || [ ! -e $(EMOJI_FONT) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser test (apt-get install chromium)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    { apt-get install -y -q chromium fonts-noto-color-emoji \
	      || { apt-get update -q && apt-get install -y -q chromium fonts-noto-color-emoji; }; \
	    } > $(VENV)/apt.log 2>&1 \
	      || echo "could not install chromium (see $(VENV)/apt.log): the browser test is skipped"; \
	  else \
	    echo "no $(CHROMIUM): the browser test is skipped (as root: apt-get install chromium)"; \
	  fi; \
	fi
	@if [ -x $(CHROMIUM) ]; then touch $@; fi

run: $(STAMP)
	$(VENV)/bin/icp-bot db upgrade
	$(VENV)/bin/icp-bot run

test: $(STAMP) $(BROWSER)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	for f in bench/*.py; do $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
