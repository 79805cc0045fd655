#!/usr/bin/env python3
"""A hostile-client load test for `herald serve` (issue 23), on loopback only, bounded in time.

It starts `herald serve` on a database, holds IDLE connections open that send nothing (spread
over enough processes to stay inside each one's file limit), and while they are held makes
REQUESTS ordinary requests, each on a new connection. Then it closes the idle connections, waits
SETTLE seconds and reads the server's memory again.

Passes (exit 0) when every request was answered 200, their p99 latency is under 100 ms, and the
server's resident memory is within 100 MB of what it was before the idle connections.

    scripts/hostile_load.py --herald target/release/herald --db herald.db [--idle 20000]
        [--requests 100] [--settle 30] [--json]
"""

import argparse
import json
import multiprocessing
import os
import resource
import socket
import statistics
import subprocess
import sys
import time

PATHS = ["/api/v1/stats", "/api/v1/actors?limit=10", "/api/v1/quotes?limit=5", "/", "/api/v1/search?q=Trump&limit=5"]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def hold(port, count, ready, release, held):
    """Opens `count` connections that send nothing; keeps them until `release` is set."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    sockets = []
    for _ in range(count):
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            sockets.append(s)
        except OSError:
            break
    with held.get_lock():
        held.value += len(sockets)
    ready.set()
    release.wait(120)
    for s in sockets:
        s.close()


def request(port, path):
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, (time.perf_counter() - start) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herald", default="target/release/herald")
    parser.add_argument("--db", required=True)
    parser.add_argument("--idle", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--settle", type=float, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    server = subprocess.Popen(
        [args.herald, "serve", "--db", args.db, "--addr", "127.0.0.1:0", "--cache-mb", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline()
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        for path in PATHS:
            request(port, path)
        rss_start = rss_mb(server.pid)

        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        per_process = max(100, min(10000, hard - 200))
        held = multiprocessing.Value("i", 0)
        release = multiprocessing.Event()
        holders = []
        remaining = args.idle
        while remaining > 0:
            n = min(per_process, remaining)
            ready = multiprocessing.Event()
            p = multiprocessing.Process(target=hold, args=(port, n, ready, release, held))
            p.start()
            ready.wait(60)
            holders.append(p)
            remaining -= n
        time.sleep(1)
        rss_held = rss_mb(server.pid)

        answers = [request(port, PATHS[i % len(PATHS)]) for i in range(args.requests)]
        latencies = sorted(ms for _, ms in answers)
        statuses = [status for status, _ in answers]
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]

        release.set()
        for p in holders:
            p.join(60)
        time.sleep(args.settle)
        rss_end = rss_mb(server.pid)
        after = request(port, "/api/v1/stats")[0]

        result = {
            "idle_connections": held.value,
            "requests": len(answers),
            "answered_200": statuses.count(200),
            "p50_ms": round(statistics.median(latencies), 2),
            "p99_ms": round(p99, 2),
            "rss_start_mb": round(rss_start, 1),
            "rss_with_idle_mb": round(rss_held, 1),
            "rss_after_settle_mb": round(rss_end, 1),
            "answers_after": after,
        }
        ok = (
            result["answered_200"] == len(answers)
            and p99 < 100
            and rss_end - rss_start < 100
            and after == 200
            and server.poll() is None
        )
        result["pass"] = ok
        if args.json:
            print(json.dumps(result))
        else:
            for k, v in result.items():
                print(f"{k:>22}: {v}")
        return 0 if ok else 1
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
