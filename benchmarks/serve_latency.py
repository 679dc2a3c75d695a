"""How soon `prongsai serve` shows an edit of one data value, at 1× and 10× the example data.

    .venv/bin/python benchmarks/serve_latency.py [--data data] [--factors 1,10] [--runs 5]

For each factor: a copy of the data with that many times the plan's projects and measures
reports (benchmarks/build_speed.py scaled_copy), `prongsai serve` on it in a new process, then
`runs` times: save organisation.yaml with a new first line of its vision, and poll
/organisation/ over HTTP until the page has it. Prints the seconds from saving to the page
served (median and each run), the CPU seconds the server used for each edit (the figure a busy
machine distorts least) and the server's start-up time. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from build_speed import scaled_copy  # noqa: E402

QUIET_ENV = {key: value for key, value in os.environ.items() if not key.startswith("PRONGSAI_")}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (OSError, urllib.error.HTTPError):
        return None


def wait_until(condition, seconds: float, poll: float = 0.02) -> float:
    """Seconds until condition() is true (SystemExit after `seconds`)."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > seconds:
            raise SystemExit(f"gave up after {seconds} s")
        time.sleep(poll)
    return time.perf_counter() - start


def cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used so far (Linux /proc), else None: on a
    machine shared with other work, the server's CPU time per edit is the steadier figure."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(data: Path, runs: int, config: Path | None = None) -> tuple[float, list[float], list[float]]:
    """(start-up seconds, seconds from each save to the page served with the edit, CPU seconds
    the server used for each); `config` is the mkdocs.yml to serve with (the repository's by default)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--data", str(data),
         *(["--config", str(config)] if config else []), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO, env=QUIET_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/organisation/"
    try:
        startup = wait_until(lambda: fetch(url) is not None or server.poll() is not None, 600, 0.2)
        if server.poll() is not None:
            raise SystemExit("prongsai serve stopped")
        source = data / "organisation.yaml"
        original = source.read_text(encoding="utf-8")
        latencies, cpu = [], []
        for n in range(runs):
            time.sleep(2)  # the server settles after the previous rebuild
            marker = f"วัดความเร็ว{n}ครั้ง{os.getpid()}"
            edited, count = re.subn(r"(?m)^vision: >-\n", f"vision: >-\n  {marker}\n", original, count=1)
            if not count:
                raise SystemExit("organisation.yaml has no 'vision: >-' line to edit")
            used = cpu_seconds(server.pid)
            start = time.perf_counter()
            source.write_text(edited, encoding="utf-8")
            wait_until(lambda: marker in (fetch(url) or ""), 300)
            latencies.append(time.perf_counter() - start)
            if used is not None:
                cpu.append(cpu_seconds(server.pid) - used)
        source.write_text(original, encoding="utf-8")
        return startup, latencies, cpu
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "data")
    parser.add_argument("--factors", default="1,10")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="serve-latency-") as temp:
        for factor in (int(f) for f in args.factors.split(",")):
            data = Path(temp) / f"data{factor}"
            scaled_copy(args.data, data, factor)
            startup, latencies, cpu = measure(data, args.runs)
            shown = " ".join(f"{s:.2f}" for s in latencies)
            used = f"; server CPU per edit, median {statistics.median(cpu):.2f} s" if cpu else ""
            print(f"{factor:>3}× serve: edit → page shown, median {statistics.median(latencies):.2f} s "
                  f"(runs: {shown}){used}; first build and start {startup:.1f} s")


if __name__ == "__main__":
    main()
