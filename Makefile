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

vectores: $(STAMP) ## Regenera los vectores de la política (pasajes y oraciones) y los de la FAQ semilla (tras cambiar el parser o la semilla)
	$(BIN)/asistente indice exportar-vectores
	$(BIN)/asistente faq vectores

# Módulos críticos (nombres con puntos); `make mutacion MUTACION_MODULOS=api.web.auth` corre uno.
# La verificación de Slack la hace Bolt; lo del proyecto está en app (secreto obligatorio en HTTP,
# verificación activa), http (lo que se rechaza antes de Bolt) y deliveries (bots, reintentos).
MUTACION_MODULOS ?= intake.rules.checks.presence intake.rules.checks.values \
	intake.rules.checks.patterns intake.rules.checks.value_chain intake.rules.engine \
	intake.storage.repository intake.workflow.submission intake.workflow.review \
	assistant.answering.abstention api.web.auth api.slack.app api.slack.http api.slack.deliveries

# `make mutacion MUTACION_SOLO=tests/mutation/muestra.txt`: solo los mutantes de esa lista (una
# muestra al azar, 25 por módulo), cuando correrlos todos no cabe en el tiempo de la máquina.
mutacion: $(STAMP) ## Pruebas de mutación (mutmut) de los módulos críticos, uno a la vez; imprime el puntaje de cada uno
	@# mutmut no vuelve a copiar los datos (el YAML de reglas) cuando cambia el código: de cero.
	rm -rf mutants
ifdef MUTACION_SOLO
	nice -n 19 $(BIN)/mutmut run $$(cat $(MUTACION_SOLO)) --max-children $(or $(MUTACION_PROCESOS),1) >/dev/null 2>&1 \
		|| echo "   (mutmut terminó con error: vea '$(BIN)/mutmut run <nombres>')"
	$(BIN)/python -m tests.mutation.report --solo $(MUTACION_SOLO) $(MUTACION_MODULOS)
else
	@for module in $(MUTACION_MODULOS); do \
		echo "== $$module"; \
		nice -n 19 $(BIN)/mutmut run "$$module.*" --max-children $(or $(MUTACION_PROCESOS),1) >/dev/null 2>&1 \
			|| echo "   (mutmut terminó con error: vea '$(BIN)/mutmut run $$module.*')"; \
	done
	$(BIN)/python -m tests.mutation.report $(MUTACION_MODULOS)
endif

eval: index ## Evalúa recuperación, respuestas y seguimientos (conjunto dev, FAQ semilla) y la agrupación de la cola sin resolver
	$(BIN)/asistente evaluar --dev $(or $(DEV),../shared/eval/qa_dev.jsonl) --respuestas --semilla --erratas \
		--seguimiento tests/data/seguimiento_conversaciones.jsonl
	$(BIN)/asistente ficha evaluar-reglas tests/intake/data/enunciados_problema.yaml
	$(BIN)/asistente faq pureza tests/data/cola_sin_resolver.jsonl

.PHONY: help install navegador index run test test-integration lint typecheck format bench eval vectores mutacion
