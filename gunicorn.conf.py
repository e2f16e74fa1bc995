"""gunicorn's settings for `make serve`: read by gunicorn from the project folder."""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# The usual rule for synchronous workers: two per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Requests are short; a worker stuck longer than this is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Keep connections from the proxy open briefly; restart workers now and then so that a slow leak
# never grows.
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
# The TLS proxy in front sets X-Forwarded-Proto; Django reads it (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The site writes its own JSON request log line; gunicorn's access log would repeat it.
accesslog = None
errorlog = "-"


# Garbage collection between requests rather than during them; see backpain_site/collector.py.
def post_worker_init(worker):
    from backpain_site.collector import freeze_startup_objects

    freeze_startup_objects()


def post_request(worker, req, environ, resp):
    from backpain_site.collector import collect_after_response

    collect_after_response()
