# syntax=docker/dockerfile:1
# Build: docker build -t techbridge .    Run: docker run -p 8000:8000 -v techbridge-data:/data techbridge
# The server set-up (Chroma server, PostgreSQL, several workers) is compose.yaml.
#
# Two stages: the build stage installs into a virtual environment, the runtime stage copies only that
# environment and the corpus onto a clean slim base (no compilers, no pip cache, no sources of the build).
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Dependencies first, from the metadata alone, so that a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p bot retrieval && touch bot/__init__.py retrieval/__init__.py \
 && pip install '.[postgres]' && pip uninstall -y techbridge
COPY bot ./bot
COPY retrieval ./retrieval
# The package itself; then pip leaves the environment (not needed to run).
RUN pip install --no-deps . && pip uninstall -y pip

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 techbridge \
 && mkdir /data && chown techbridge:techbridge /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=techbridge:techbridge knowledge ./knowledge
COPY --chown=techbridge:techbridge prompts ./prompts
COPY --chown=techbridge:techbridge evals ./evals
# WEB_CONCURRENCY is uvicorn's default for --workers (one per core is the useful maximum; see README). With
# more than one, turn TECHBRIDGE_INGEST_ON_START off and ingest once, before (compose.yaml does): every
# worker would ingest, and several processes must not write one on-disk index.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WEB_CONCURRENCY=1 \
    TECHBRIDGE_DATA_DIR=/data \
    TECHBRIDGE_KNOWLEDGE_DIR=/app/knowledge \
    TECHBRIDGE_PROMPTS_DIR=/app/prompts \
    TECHBRIDGE_EVALS_DIR=/app/evals \
    TECHBRIDGE_INGEST_ON_START=true
USER techbridge
VOLUME /data
EXPOSE 8000
# Liveness. The first start ingests knowledge/ before serving (~1 min on 2 cores): hence the start period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
  CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["uvicorn", "--factory", "bot.app:create_app", "--host", "0.0.0.0", "--port", "8000"]
