# gradplay: the playground and its API, CPU-only PyTorch, one process per container.
#   docker build -t gradplay . && docker run -p 8000:8000 gradplay
# Several replicas behind nginx: docker-compose.yml.
FROM python:3.11-slim

# GRADPLAY_FRONTEND_DIR: pip installs the package into site-packages; the page's files stay in /app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    GRADPLAY_FRONTEND_DIR=/app/frontend

WORKDIR /app

# CPU torch from PyTorch's own index first (a plain `pip install torch` pulls the CUDA build,
# gigabytes); `pip install .` then finds torch==2.13.0 satisfied by 2.13.0+cpu.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

COPY pyproject.toml README.md ./
COPY backend ./backend
COPY frontend ./frontend
RUN pip install .

RUN useradd --create-home --uid 10001 gradplay
USER gradplay

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=2)"]

# One worker: the container is the unit of scale (replicas, not processes, behind nginx).
CMD ["gradplay", "serve", "--host", "0.0.0.0", "--port", "8000"]
