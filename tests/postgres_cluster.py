"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary directory, start it
on a free loopback port, hand out one fresh database per test, stop and delete it all.

initdb and the server refuse to run as root, so as root they run as the `postgres` user
(Debian's postgresql package creates it) through runuser or setpriv.
"""

from __future__ import annotations

import asyncio
import glob
import itertools
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg

INSTALL_HINT = "install Debian's postgresql to run it"


class ClusterUnavailable(Exception):
    """PostgreSQL is not installed here, or would not start; the message says which."""


def find_binaries() -> Path:
    """The directory holding initdb and pg_ctl: PATH first, else the newest Debian install."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    installed = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    for initdb in reversed(installed):
        if (Path(initdb).parent / "pg_ctl").exists():
            return Path(initdb).parent
    raise ClusterUnavailable(f"initdb not found ({INSTALL_HINT})")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresCluster:
    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        # Not under pytest's tmp_path: that is private to the user running the tests, and
        # as root the server runs as another user, who must reach its data directory.
        self.root = Path(tempfile.mkdtemp(prefix="debate-bot-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.log = self.root / "server.log"
        self.port = 0
        self._names = itertools.count(1)
        self._prefix: list[str] = []
        self._watchdog: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The base URL; a database name is appended to it."""
        return f"postgresql://postgres@127.0.0.1:{self.port}"

    def _as_server_user(self) -> list[str]:
        if os.geteuid() != 0:
            return []
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise ClusterUnavailable(
                "running as root and there is no `postgres` user to run the server as "
                f"({INSTALL_HINT})"
            ) from None
        os.chown(self.root, user.pw_uid, user.pw_gid)
        if shutil.which("runuser"):
            return ["runuser", "-u", "postgres", "--"]
        if shutil.which("setpriv"):
            return [
                "setpriv",
                f"--reuid={user.pw_uid}",
                f"--regid={user.pw_gid}",
                "--init-groups",
                "--",
            ]
        raise ClusterUnavailable("running as root, and neither runuser nor setpriv is installed")

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = [*self._prefix, str(self.bin_dir / args[0]), *args[1:]]
        done = subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise ClusterUnavailable(
                f"{args[0]} failed ({done.returncode}): {(done.stderr or done.stdout).strip()}"
                + (f"\nserver log:\n{log}" if log else "")
            )

    def start(self) -> None:
        self._prefix = self._as_server_user()
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self._make_dir(self.sockets)
        # A port can be taken between choosing and binding it: try a few.
        for attempt in range(3):
            self.port = _free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sockets} "
                "-c fsync=on -c shared_buffers=32MB -c max_connections=200 "
                # Deadlocks are part of what is tested; find them without a second's wait.
                "-c deadlock_timeout=100ms"
            )
            try:
                self._run(
                    "pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data),
                    "-l", str(self.log), "-o", options,
                )  # fmt: skip
                break
            except ClusterUnavailable:
                if attempt == 2:
                    raise
        self._watch()

    def _watch(self) -> None:
        """Stop the server should this process die without cleaning up (killed by a
        timeout, say): a watchdog in a session of its own outlives it and does it."""
        stop = shlex.join(
            [
                *self._prefix,
                str(self.bin_dir / "pg_ctl"),
                "stop",
                "-m",
                "immediate",
                "-D",
                str(self.data),
            ]
        )
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
            f"{stop} >/dev/null 2>&1; rm -rf {shlex.quote(str(self.root))}"
        )
        self._watchdog = subprocess.Popen(
            ["sh", "-c", script],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _make_dir(self, path: Path) -> None:
        path.mkdir()
        stat = self.root.stat()
        os.chown(path, stat.st_uid, stat.st_gid)

    def stop(self) -> None:
        if self._watchdog is not None:
            self._watchdog.kill()
            self._watchdog.wait()
            self._watchdog = None
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "-m", "fast", "-w", "-D", str(self.data))
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self) -> str:
        """A new, empty database; its URL.

        Synchronous, so that fixtures on any event loop (or none) can ask for one: the
        statement runs on a loop of its own in a worker thread.
        """
        name = f"t_{next(self._names)}"
        statement = f"CREATE DATABASE {name} TEMPLATE template0"
        with ThreadPoolExecutor(1) as worker:
            worker.submit(asyncio.run, self._execute(statement)).result(timeout=60)
        return f"{self.url}/{name}"

    async def _execute(self, statement: str) -> None:
        admin = await asyncpg.connect(f"{self.url}/postgres")
        try:
            await admin.execute(statement)
        finally:
            await admin.close()


def start_cluster() -> PostgresCluster:
    """A started cluster; nothing is left behind when it cannot start."""
    cluster = PostgresCluster(find_binaries())
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster
