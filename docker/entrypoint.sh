#!/bin/sh
# Container entrypoint for the Alliance Portal image.
#
# Only the web container (command "gunicorn ...") prepares the database: it migrates
# (unless MIGRATE_ON_START=0) and, with SEED_DEMO=1, loads the demo content. Worker and
# beat containers pass their own command, skip all this and just exec it; in compose they
# wait for web to be healthy, which means migrations have run.
set -eu

case "${1:-}" in
    gunicorn | */gunicorn)
        # GUNICORN_WORKERS sets the worker count; gunicorn reads WEB_CONCURRENCY as its
        # default, and a --workers given on the command line still wins.
        WEB_CONCURRENCY="${GUNICORN_WORKERS:-${WEB_CONCURRENCY:-3}}"
        export WEB_CONCURRENCY

        if [ "${MIGRATE_ON_START:-1}" != "0" ]; then
            echo "entrypoint: applying migrations"
            python manage.py migrate --noinput
        fi

        # The search index (database rows, and Elasticsearch's alias when ELASTICSEARCH_URL is
        # set) is built once; tasks on commit keep it current from then on.
        python manage.py search_index rebuild --if-missing

        if [ "${SEED_DEMO:-0}" = "1" ]; then
            echo "entrypoint: seeding demo content"
            # Demo accounts have published passwords: only for a throwaway demo server.
            python manage.py seed_demo --allow-production
        fi
        ;;
esac

exec "$@"
