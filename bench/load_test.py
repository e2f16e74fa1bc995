"""
Load test: gunicorn (as `make serve` runs it) + PostgreSQL with 100,000 providers, on loopback.

For each of two modes, page cache off and on (Redis), it starts gunicorn and runs, with 50
concurrent clients:
  1. the minimal Django view (/_bench/minimal, same middleware) alone, 15 s: the baseline;
  2. the directory page (/providers/) alone, 15 s, then its filtered URLs alone, 15 s;
  3. a 60 s mix of home, directory (with and without filters), profiles and articles.
It prints requests/s, p50 and p95 per page and errors, and the directory's requests/s, without
and with filters, as a ratio of the minimal view's. Then, with the page cache off, it runs the
mix for 30 s and stops PostgreSQL 8 s in, starts it again 5 s later, and prints when errors
began and ended against those moments (gunicorn is not restarted); and, with the page cache on,
the mix for 30 s with Redis stopped 8 s in and started again 5 s later, where no request may
fail. Bounded in time (about 7 minutes), 127.0.0.1 only.

The restart uses `pg_ctlcluster` on the cluster in BENCH_PG_CLUSTER ("15 main"; found in
/etc/postgresql when unset); BENCH_PG_CLUSTER=none skips it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/backpain_bench make loadtest

The database is seeded (100,000 providers, about 4 minutes) when it has fewer.
"""

import http.client
import json
import multiprocessing
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/backpain_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
MIX_SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
SOLO_SECONDS = int(os.environ.get("BENCH_SOLO_SECONDS", "15"))
PROCESSES = 2  # client processes, CLIENTS / PROCESSES threads each


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=PROJECT, env=env, check=True)


def query(sql, env):
    code = (
        "import django, json, sys; django.setup(); from django.db import connection\n"
        "with connection.cursor() as c:\n"
        f"    c.execute({sql!r}); print(json.dumps([r[0] for r in c.fetchall()]))"
    )
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=PROJECT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        connection.close()
    return status, (time.perf_counter() - started) * 1000


def client_process(port, urls, seconds, threads, seed):
    """Runs `threads` clients until the time is up; returns (page, status, ms) tuples."""
    results = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n):
        rng = random.Random(seed * 1000 + n)
        mine = []
        while time.monotonic() < deadline:
            page, path = rng.choice(urls)
            status, ms = fetch(port, path)
            mine.append((page, status, ms, time.time()))
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def run_load(port, urls, seconds):
    with multiprocessing.Pool(PROCESSES) as pool:
        parts = pool.starmap(
            client_process,
            [(port, urls, seconds, CLIENTS // PROCESSES, seed) for seed in range(PROCESSES)],
        )
    return [row for part in parts for row in part]


def summarise(rows, seconds):
    pages = {}
    for page, status, ms, _finished in rows:
        pages.setdefault(page, []).append((status, ms))
    table = {}
    for page, found in pages.items():
        times = sorted(ms for _, ms in found)
        table[page] = {
            "requests": len(found),
            "rps": len(found) / seconds,
            "p50": statistics.median(times),
            "p95": times[int(len(times) * 0.95) - 1] if len(times) > 1 else times[0],
            "errors": sum(1 for status, _ in found if status != 200),
        }
    return table


def serve(env, port):
    log = open(PROJECT / "bench" / f"gunicorn-{port}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [GUNICORN, "--config", "gunicorn.conf.py", "backpain_site.wsgi"],
        cwd=PROJECT,
        env=env | {"PORT": str(port)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        time.sleep(0.2)
        try:
            if fetch(port, "/healthz")[0] == 200:
                return server
        except OSError:
            pass
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz")


def main():
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "SECURE_SSL_REDIRECT": "0",
        "BENCHMARK_VIEW": "1",
        "DJANGO_SETTINGS_MODULE": "backpain_site.settings",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
    }
    env.pop("REDIS_URL", None)
    manage("migrate", "--noinput", "-v0", env=env)
    (count,) = query("SELECT count(*) FROM providers_provider", env)
    if count < 100_000:
        print(f"Seeding 100,000 providers into {DATABASE_URL} (has {count:,}) ...", flush=True)
        manage("seed_demo", "--providers", "100000", env=env)
    manage("load_starter_articles", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)

    slugs = query(
        "SELECT slug FROM providers_provider WHERE is_published ORDER BY random() LIMIT 500", env
    )
    services = query("SELECT slug FROM providers_service ORDER BY slug", env)
    areas = query("SELECT slug FROM providers_area WHERE parent_id IS NOT NULL", env)
    articles = query("SELECT slug FROM articles_article WHERE status = 'published'", env)
    rng = random.Random(6)
    directory = [("directory", "/providers/")] + [
        (
            "directory filtered",
            rng.choice(
                [
                    f"/providers/?service={rng.choice(services)}&area={rng.choice(areas)}",
                    f"/providers/?near={rng.choice(areas)}&radius=3&sort=distance",
                    f"/providers/?service={rng.choice(services)}&verified=on&page=2",
                ]
            ),
        )
        for _ in range(200)
    ]
    mix = (
        [("home", "/")] * 100
        + [("directory", "/providers/")] * 100
        + [row for row in directory if row[0] == "directory filtered"][:100]
        + [("profile", f"/providers/{slug}/") for slug in slugs[:100]]
        + [("article", f"/articles/{rng.choice(articles)}/") for _ in range(100)]
    )
    modes = [("uncached", {"PAGE_CACHE_SECONDS": "0"})]
    modes.append(("cached", {"PAGE_CACHE_SECONDS": "300", "REDIS_URL": REDIS_URL}))
    report = {
        "cores": os.cpu_count(),
        "clients": CLIENTS,
        "providers": query("SELECT count(*) FROM providers_provider", env)[0],
    }
    for mode, extra in modes:
        if "REDIS_URL" in extra:
            subprocess.run(["redis-cli", "-n", REDIS_URL.rsplit("/", 1)[1], "flushdb"], check=False)
        port = free_port()
        server = serve(env | extra, port)
        try:
            for _, path in mix:  # warm up every worker's connection and the cache
                fetch(port, path)
            minimal = summarise(
                run_load(port, [("minimal", "/_bench/minimal")], SOLO_SECONDS), SOLO_SECONDS
            )["minimal"]
            alone = {}
            for page in ("directory", "directory filtered"):
                urls = [row for row in directory if row[0] == page]
                found = summarise(run_load(port, urls, SOLO_SECONDS), SOLO_SECONDS)[page]
                alone[page] = found | {"ratio": found["rps"] / minimal["rps"]}
            pages = summarise(run_load(port, mix, MIX_SECONDS), MIX_SECONDS)
        finally:
            server.terminate()
            server.wait(timeout=30)
        report[mode] = {"minimal": minimal, "alone": alone, "pages": pages}
        print_mode(mode, report[mode])
    port = free_port()
    server = serve(env | modes[1][1], port)
    try:
        report["redis_outage"] = redis_outage_during_load(port, mix)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print_redis_outage(report["redis_outage"])
    cluster = pg_cluster()
    if cluster:
        port = free_port()
        server = serve(env | {"PAGE_CACHE_SECONDS": "0"}, port)
        try:
            report["restart"] = restart_during_load(port, mix, cluster)
        finally:
            server.terminate()
            server.wait(timeout=30)
        print_restart(report["restart"])
    (PROJECT / "bench" / "load_results.json").write_text(json.dumps(report, indent=2))


RESTART_SECONDS = 30
STOP_AFTER = 8
DOWN_FOR = 5


def pg_cluster():
    """The PostgreSQL cluster to restart, as pg_ctlcluster's version and name, or None."""
    named = os.environ.get("BENCH_PG_CLUSTER", "")
    if named.lower() == "none":
        return None
    if named:
        return named.split()
    versions = (
        sorted(Path("/etc/postgresql").glob("*/main")) if Path("/etc/postgresql").exists() else []
    )
    return [versions[-1].parent.name, "main"] if versions else None


def pg_ctl(cluster, action):
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, action]
    if action == "stop":
        command += ["-m", "fast"]
    subprocess.run(command, check=True)
    return time.time()


def restart_during_load(port, urls, cluster):
    """The mix for RESTART_SECONDS, PostgreSQL stopped at STOP_AFTER for DOWN_FOR seconds."""
    moments = {}

    def restart():
        time.sleep(STOP_AFTER)
        moments["stopping"] = time.time()
        moments["stopped"] = pg_ctl(cluster, "stop")
        time.sleep(DOWN_FOR)
        moments["started"] = pg_ctl(cluster, "start")

    began = time.time()
    restarter = threading.Thread(target=restart)
    restarter.start()
    rows = run_load(port, urls, RESTART_SECONDS)
    restarter.join()
    errors = sorted(finished for _, status, _, finished in rows if status != 200)
    late = [t for t in errors if t > moments["started"]]
    return {
        "requests": len(rows),
        "errors": len(errors),
        "errors_before_stop": sum(1 for t in errors if t < moments["stopping"]),
        "first_error_s": errors[0] - began if errors else None,
        "last_error_s": errors[-1] - began if errors else None,
        "stopping_s": moments["stopping"] - began,
        "stopped_s": moments["stopped"] - began,
        "started_s": moments["started"] - began,
        "errors_after_start": len(late),
        "answering_again_after_start_s": (late[-1] - moments["started"]) if late else 0.0,
    }


def redis_outage_during_load(port, urls):
    """The mix for RESTART_SECONDS, Redis stopped at STOP_AFTER for DOWN_FOR seconds."""
    redis_port = REDIS_URL.rsplit(":", 1)[1].split("/")[0]
    moments = {}

    def outage():
        time.sleep(STOP_AFTER)
        moments["stopped"] = time.time()
        subprocess.run(["redis-cli", "-p", redis_port, "shutdown", "nosave"], check=False)
        time.sleep(DOWN_FOR)
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", redis_port]
            + ["--save", "", "--appendonly", "no"],
            check=True,
        )
        moments["started"] = time.time()

    began = time.time()
    stopper = threading.Thread(target=outage)
    stopper.start()
    rows = run_load(port, urls, RESTART_SECONDS)
    stopper.join()
    during = [row for row in rows if moments["stopped"] <= row[3] <= moments["started"]]
    return {
        "requests": len(rows),
        "errors": sum(1 for _, status, _, _ in rows if status != 200),
        "requests_while_down": len(during),
        "p95_while_down": statistics.quantiles([ms for _, _, ms, _ in during], n=20)[-1]
        if len(during) > 1
        else None,
        "stopped_s": moments["stopped"] - began,
        "started_s": moments["started"] - began,
    }


def print_redis_outage(found):
    print(f"\n== Redis stopped during {RESTART_SECONDS} s of the mix, page cache on ==")
    print(
        f"{found['requests']} requests, {found['errors']} errors; Redis down from "
        f"{found['stopped_s']:.1f} s to {found['started_s']:.1f} s, "
        f"{found['requests_while_down']} requests meanwhile "
        f"(p95 {found['p95_while_down'] or 0:.0f} ms)."
    )


def print_restart(found):
    print(f"\n== PostgreSQL restarted during {RESTART_SECONDS} s of the mix, page cache off ==")
    print(
        f"{found['requests']} requests, {found['errors']} errors "
        f"({found['errors_before_stop']} before the stop). Stop issued at "
        f"{found['stopping_s']:.1f} s, down at {found['stopped_s']:.1f} s, up again at "
        f"{found['started_s']:.1f} s; errors from {found['first_error_s'] or 0:.1f} s to "
        f"{found['last_error_s'] or 0:.1f} s; {found['errors_after_start']} errors after the "
        f"start, the last {found['answering_again_after_start_s']:.2f} s after it."
    )


def print_mode(mode, found):
    print(f"\n== page cache {mode}: {CLIENTS} clients ==")
    print(f"{'page':20} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for page, row in sorted(found["pages"].items()):
        print(
            f"{page:20} {row['requests']:9} {row['rps']:8.1f} {row['p50']:8.1f} "
            f"{row['p95']:8.1f} {row['errors']:7}"
        )
    minimal = found["minimal"]
    print(
        f"minimal view alone: {minimal['rps']:.1f} req/s (p95 {minimal['p95']:.1f} ms, "
        f"{minimal['errors']} errors)"
    )
    for page, row in found["alone"].items():
        print(
            f"{page} alone: {row['rps']:.1f} req/s (p95 {row['p95']:.1f} ms, {row['errors']} "
            f"errors); ratio to the minimal view 1/{1 / row['ratio']:.1f}"
        )


if __name__ == "__main__":
    main()
