# Asistente de Llegada a Territorio — tareas de desarrollo.
# Todo se instala en .venv con pip (torch CPU primero, para no traer CUDA).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.instalado
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

help: ## Muestra esta ayuda
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Crea el entorno virtual e instala todo

index: $(STAMP) ## Construye el índice de conocimiento si falta
	$(BIN)/asistente indice construir

run: index ## Inicia la web y la API en http://127.0.0.1:8000 con los valores embebidos
	$(BIN)/asistente servir

AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

navegador: $(AXE) ## Instala Chromium de Debian y axe-core (npm) para las pruebas de navegador
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

$(AXE):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@$(AXE_VERSION)

test: $(STAMP) navegador ## Instala y corre toda la suite de pruebas (sin 'integration')
	$(BIN)/python -m pytest -m "not integration" $(PYTEST_ARGS)

test-integration: $(STAMP) ## Corre las pruebas 'integration'
	$(BIN)/python -m pytest -m integration $(PYTEST_ARGS)

lint: $(STAMP) ## ruff (lint y formato) e import-linter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP) ## mypy sobre los paquetes
	$(BIN)/mypy

format: $(STAMP) ## Formatea el código con ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: index ## Imprime las métricas de rendimiento
	$(BIN)/asistente bench

vectores: $(STAMP) ## Regenera los vectores y términos latentes de la política (tras cambiar el parser)
	$(BIN)/asistente indice exportar-vectores

eval: index ## Evalúa recuperación y respuestas sobre el conjunto dev
	$(BIN)/asistente evaluar --dev $(or $(DEV),../shared/eval/qa_dev.jsonl) --respuestas
	$(BIN)/asistente ficha evaluar-reglas tests/intake/data/enunciados_problema.yaml

.PHONY: help install navegador index run test test-integration lint typecheck format bench eval vectores
