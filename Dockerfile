# syntax=docker/dockerfile:1
# Build: docker build -t techbridge .    Run: docker run -p 8000:8000 techbridge
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY retrieval ./retrieval
RUN pip install --upgrade pip && pip install .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 techbridge
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=techbridge:techbridge knowledge ./knowledge
COPY --chown=techbridge:techbridge prompts ./prompts
COPY --chown=techbridge:techbridge evals ./evals
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    TECHBRIDGE_DATA_DIR=/data \
    TECHBRIDGE_KNOWLEDGE_DIR=/app/knowledge \
    TECHBRIDGE_PROMPTS_DIR=/app/prompts \
    TECHBRIDGE_INGEST_ON_START=true
RUN mkdir /data && chown techbridge:techbridge /data
USER techbridge
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
CMD ["uvicorn", "--factory", "bot.app:create_app", "--host", "0.0.0.0", "--port", "8000"]
