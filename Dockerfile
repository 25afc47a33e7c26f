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
RUN useradd --system --uid 1000 factorypulse && chown -R factorypulse /app
USER factorypulse
EXPOSE 8000
CMD ["gunicorn", "factorypulse.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
