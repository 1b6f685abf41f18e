"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py campaign.conf.wsgi`.

Values can be overridden from the environment (GUNICORN_BIND, GUNICORN_WORKERS, ...).

Threaded workers (gthread): a client that sends its upload slowly, or stalls half-way, holds one
thread, not a whole process, and only until its body has been silent for REQUEST_BODY_TIMEOUT
seconds (campaign.conf.bodies); five stalled uploads leave the site and `/healthz` answering
(tests/campaign/conf/test_faults.py). A worker takes connections whether or not it has a thread
free, so each has enough threads that a handful of stalled clients cannot fill one. A buffering
proxy in front (deploy/nginx.conf) goes further: gunicorn then sees only complete requests.

Database connections: each thread serving a request holds one connection, and with CONN_MAX_AGE=0
(the default) gives it back when the request ends, so a server needs at most WORKERS x THREADS
connections and an idle one none. The budget: servers x WORKERS x THREADS + 2 (the task worker,
migrations) + a margin <= PostgreSQL's max_connections (100 by default). README, "Production".
"""

import multiprocessing
import os

# One address or several, separated by spaces or commas: "127.0.0.1:8000 [::1]:8000" serves IPv4
# and IPv6 (behind deploy/nginx.conf, which listens on both, loopback is enough).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").replace(",", " ").split()
worker_class = "gthread"
# Processes: one per core plus one (the views are database-bound, the threads share the GIL).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 8))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True
