# Two commands on a fresh machine: `make install`, then `make run`. `make test` for CI.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
OUT    ?= output

.PHONY: install run test report inspect eval train-model train-threads bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,dask,bench]'
	touch $@

run: install
	$(PY) -m pipeline run seeds --out $(OUT)

test: install
	$(PY) -m pytest -q

eval: install
	$(PY) -m eval.run_eval

train-model: install
	$(PY) -m eval.train_model

# The thread model (pipeline/rules/thread_model.json), from the development parts only.
train-threads: install
	$(PY) -m eval.train_threads

# Speed and memory (bench/run_bench.py): BENCH_MB of scraped text (default 100);
# BENCH_RSS_MB adds JSONL sizes for the memory check, e.g.
#   make bench BENCH_RSS_MB="300 500"      (500 MB takes several minutes on 2 cores)
# BENCH_REPEAT rounds of the 1- and 2-worker runs, each keeping its fastest (default 3).
BENCH_MB     ?= 100
BENCH_RSS_MB ?=
BENCH_REPEAT ?= 3
bench: install
	$(PY) bench/build_corpus.py --mb $(BENCH_MB) $(BENCH_RSS_MB)
	$(PY) bench/run_bench.py --mb $(BENCH_MB) --rss-mb $(BENCH_RSS_MB) --repeat $(BENCH_REPEAT)

report: install
	$(PY) -m pipeline report $(OUT)

inspect: install
	$(PY) -m pipeline inspect $(OUT)

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
