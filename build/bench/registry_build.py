#!/usr/bin/env python3
"""Build cost of the team registry (README, Teams on one server), against a redis-server this script starts. Not a test:
run by hand.

1. No-op builds with USHADOW_REGISTRY pointing at the server: the project with the package vs. the same
   project without it, interleaved, medians of N, ratio with/without (no connection is made: must stay <= 1.03).
2. Builds whose resolution runs (a new -p:UshadowProductionEnvironments each time) of the project with the
   package, with USHADOW_REGISTRY=file vs. the Redis URL, interleaved, medians of N: every build is a fresh
   MSBuild node (no node reuse), so each pays what a first build pays to load the task, StackExchange.Redis
   included when the Redis store is used. Printed as the difference and the ratio redis/file.
   The two variants write separate .env/secrets files so they never see each other's values as hand edits.

Usage: python3 build/bench/registry_build.py [runs]   (default 9)
"""
import os, socket, statistics, subprocess, sys, time
from consumers import Consumers, VARIANTS, report

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 9

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def connections(port):
    info = subprocess.run(["redis-cli", "-p", str(port), "INFO", "stats"], stdout=subprocess.PIPE, text=True).stdout
    return int(next(l for l in info.splitlines() if l.startswith("total_connections_received:")).split(":")[1])

port = free_port()
server = subprocess.Popen(["/usr/bin/redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                          stdout=subprocess.DEVNULL)
try:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    url = f"redis://127.0.0.1:{port}"
    with Consumers() as consumers:
        consumers.env["USHADOW_REGISTRY"] = url
        consumers.env["USHADOW_HOST"] = "bench"
        for variant in VARIANTS:
            consumers.build(variant)   # the "with" project claims its number here
            consumers.build(variant)   # warm
        before = connections(port)
        times = {variant: [] for variant in VARIANTS}
        for _ in range(RUNS):
            for variant in VARIANTS:
                times[variant].append(consumers.build(variant)[0])
        report("no-op build, Redis registry configured,", times)
        print(f"connections the {2 * RUNS} no-op builds opened: {connections(port) - before - 1}")   # minus redis-cli's own

        stores = {"file": ["-p:UshadowEnvFile=.env.file", "-p:UshadowSecretsFile=secrets.file.yaml"],
                  "redis": ["-p:UshadowEnvFile=.env.redis", "-p:UshadowSecretsFile=secrets.redis.yaml"]}
        runs = {store: [] for store in stores}
        for i in range(RUNS + 1):
            for store, arguments in stores.items():
                consumers.env["USHADOW_REGISTRY"] = "file" if store == "file" else url
                seconds, _ = consumers.build("with", f"-p:UshadowProductionEnvironments=run{i}", *arguments)
                if i > 0:   # the first round claims and writes: warm-up
                    runs[store].append(seconds)
        med = {k: statistics.median(v) for k, v in runs.items()}
        for store in stores:
            print(f"build with the resolution running, {store:>5} registry: median {med[store]*1000:7.0f} ms  "
                  f"(min {min(runs[store])*1000:.0f}, max {max(runs[store])*1000:.0f}, n={len(runs[store])})")
        print(f"added by the Redis registry: {(med['redis'] - med['file'])*1000:.0f} ms, ratio redis/file: {med['redis'] / med['file']:.3f}")
finally:
    server.kill()
