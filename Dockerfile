FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=factorypulse.settings.production
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
# The production settings refuse to start without a mail server and a site URL; collecting static
# files uses neither, so the build passes placeholders.
RUN DJANGO_SECRET_KEY=build-only EMAIL_URL=smtp://build.invalid SITE_URL=https://build.invalid \
    python manage.py collectstatic --noinput
# /metrics under several processes: prometheus-client's multiprocess files (apps/core/metrics.py).
ENV PROMETHEUS_MULTIPROC_DIR=/var/lib/factorypulse/metrics
RUN useradd --system --uid 1000 factorypulse && chown -R factorypulse /app \
    && mkdir -p /var/lib/factorypulse/metrics && chown -R factorypulse /var/lib/factorypulse
USER factorypulse
EXPOSE 8000
# Workers, bind address and the multiprocess hooks (on_starting, child_exit) are in the config.
CMD ["gunicorn", "-c", "factorypulse/gunicorn.conf.py", "factorypulse.wsgi:application"]
