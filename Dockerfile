# The assistant's image for a team deployment (compose.yaml runs the app, the Chroma server and its auth proxy
# from it). Dependencies come from the hash-checked lock, as in the README's install command; torch is the CPU
# build, installed first as there.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False MLOPS_ASSISTANT_HOME=/data
WORKDIR /app

COPY requirements-app.lock ./
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
 && pip install --no-deps --require-hashes -r requirements-app.lock

COPY pyproject.toml README.md app.py ./
COPY .streamlit/config.toml .streamlit/config.toml
COPY assistant assistant
RUN pip install --no-deps . \
 && useradd --uid 10001 --create-home assistant \
 && mkdir -p /data && chown assistant /data
USER assistant

EXPOSE 8501
# The web app; `docker compose run --rm app mlops-assistant ...` runs the command line (users, access, ingest).
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
