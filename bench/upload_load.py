"""
Five photo uploads at once, and what /healthz answers meanwhile.

Starts gunicorn (gunicorn.conf.py, as `make serve` does, but with DEBUG on so that the session
cookie works over plain HTTP) and the task queue's consumer (`manage.py run_huey`, as
`make worker`) on the benchmark database, signs a scratch staff account in, and sends five
uploads at once through /manage/<slug>/photos/, twice: the 165 kB PNG of 6,324 × 6,324 pixels
(refused from its header), then five 20-megapixel JPEG photos (queued, and prepared by the
consumer two at a time). /healthz is asked every 20 ms throughout; the target is under 200 ms.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/backpain_bench \
        .venv/bin/python bench/upload_load.py
"""

import http.client
import http.cookies
import io
import os
import re
import secrets
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "bench"))
import load_test  # noqa: E402

USERNAME = "upload-benchmark"
PASSWORD = secrets.token_urlsafe(16)


def one_colour_png(side):
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x10\x80\x80\xff" * side
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def photo_jpeg(width=5472, height=3648):
    from PIL import Image

    noise = Image.effect_noise((width // 8, height // 8), 40).resize((width, height))
    picture = Image.merge("RGB", (noise, noise.rotate(90, expand=False), noise))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


class Browser:
    """A client with cookies, for one signed-in session."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(value)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        connection.close()
        return response.status, content.decode("utf-8", "replace")

    def token(self, path):
        _, page = self.request("GET", path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def login(self):
        token = self.token("/accounts/login/")
        body = f"csrfmiddlewaretoken={token}&username={USERNAME}&password={PASSWORD}"
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _ = self.request("POST", "/accounts/login/", body, headers)
        assert status == 302, f"login answered {status}"

    def upload(self, path, name, content):
        token = self.token(path)
        boundary = uuid.uuid4().hex
        fields = {"csrfmiddlewaretoken": token, "upload": "1", "alt_text": "Benchmark photo"}
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="{name}"'
            "\r\nContent-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        started = time.perf_counter()
        status, page = self.request("POST", path, body, headers)
        return status, (time.perf_counter() - started) * 1000, page


def manage(env, code):
    command = [PYTHON, "manage.py", "shell", "-c", code]
    result = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    # `shell` may print what it imported first; the answer is the last line.
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def five_at_once(port, browser, path, name, content):
    healthz, stop = [], threading.Event()

    def poll():
        while not stop.is_set():
            healthz.append(load_test.fetch(port, "/healthz")[1])
            time.sleep(0.02)

    poller = threading.Thread(target=poll)
    poller.start()
    results = []

    def send():
        results.append(browser.upload(path, name, content))

    senders = [threading.Thread(target=send) for _ in range(5)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    time.sleep(0.5)
    stop.set()
    poller.join()
    return results, healthz


def main():
    scratch = Path(tempfile.mkdtemp(prefix="upload-load-"))
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": load_test.DATABASE_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGE_CACHE_SECONDS": "0",
        "TASKS_IMMEDIATE": "0",
        "TASKS_FILE": str(scratch / "tasks.sqlite3"),
        "CACHE_DIR": str(scratch / "cache"),
        "MEDIA_ROOT": str(scratch / "media"),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "backpain_site.settings",
    }
    env.pop("REDIS_URL", None)
    slug = manage(
        env,
        "from django.contrib.auth import get_user_model; from clinics.models import Membership;"
        "from providers.models import Provider;"
        f"u = get_user_model().objects.create_user({USERNAME!r}, password={PASSWORD!r});"
        "p = Provider.objects.listed().order_by('pk').first();"
        "Membership.objects.create(user=u, provider=p, role='owner'); print(p.slug)",
    )
    port = load_test.free_port()
    server = load_test.serve(env, port)
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "run_huey"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        browser = Browser(port)
        browser.login()
        path = f"/manage/{slug}/photos/"
        for label, name, content in [
            ("the 165 kB PNG of 6,324 × 6,324 pixels", "flat.png", one_colour_png(6324)),
            ("a 20-megapixel JPEG photo", "photo.jpg", photo_jpeg()),
        ]:
            results, healthz = five_at_once(port, browser, path, name, content)
            statuses = sorted({status for status, _, _ in results})
            refused = sum("more than 24 megapixels" in page for _, _, page in results)
            print(
                f"Five uploads at once of {label} ({len(content) / 1024:,.0f} kB): answered "
                f"{statuses}, {refused} refused from the header, slowest "
                f"{max(ms for _, ms, _ in results):.0f} ms; /healthz {len(healthz)} times "
                f"meanwhile, median {statistics.median(healthz):.1f} ms, slowest "
                f"{max(healthz):.1f} ms (target under 200 ms)."
            )
        started = time.time()
        while time.time() - started < 60:
            waiting = manage(
                env, "from providers.models import Photo; print(Photo.objects.filter("
                f"provider__slug={slug!r}, alt_text='Benchmark photo', thumbnail='').count())",
            )  # fmt: skip
            if waiting == "0":
                break
            time.sleep(0.5)
        print(f"The consumer prepared the five photos within {time.time() - started:.1f} s.")
    finally:
        worker.terminate()
        server.terminate()
        server.wait(timeout=30)
        manage(
            env,
            "from django.contrib.auth import get_user_model;"
            "from providers.models import Photo;"
            "Photo.objects.filter(alt_text='Benchmark photo').delete();"
            f"get_user_model().objects.filter(username={USERNAME!r}).delete()",
        )


if __name__ == "__main__":
    main()
