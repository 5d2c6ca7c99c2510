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
# Dependencies first, so that a code change does not reinstall them: exactly the versions and files of
# requirements.lock (`make lock`: every dependency and the extra `postgres`, pinned with their sha256; pip
# refuses anything unpinned or altered), nothing resolved at build time.
COPY pyproject.toml README.md requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock
COPY bot ./bot
COPY retrieval ./retrieval
# The package itself, built with the locked setuptools (no download); then pip leaves the environment.
RUN pip install --no-deps --no-build-isolation . && pip uninstall -y pip

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
# --no-proxy-headers: the app alone reads X-Forwarded-For, and only from TECHBRIDGE_SERVER__TRUSTED_PROXIES
# (bot/security/ratelimit.py). uvicorn's own handling is on by default and would rewrite the client address
# from the header of any peer in FORWARDED_ALLOW_IPS (an environment variable: "*" trusts everyone).
CMD ["uvicorn", "--factory", "bot.app:create_app", "--host", "0.0.0.0", "--port", "8000", "--no-proxy-headers"]
