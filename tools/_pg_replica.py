"""A streaming replica of the local PostgreSQL cluster, for the load benchmark.

:class:`Replica` copies the cluster that ``psql`` reaches with
``pg_basebackup -R`` into a temporary directory, starts it as a hot standby
on a Unix socket of its own (no TCP port), and at :meth:`Replica.stop` stops
it and removes the directory. Nothing is changed on the primary: the copy
streams its WAL through a temporary replication slot, which PostgreSQL drops
when the copy ends, and the standby connects as the copy did. It needs
PostgreSQL's own binaries only (those of the server's version) and a primary
that allows a replication connection over its local socket, as PostgreSQL's
default ``pg_hba.conf`` does (``local replication all peer``).

PostgreSQL refuses to run as root: started by root, the replica runs as the
owner of the primary's data directory (``postgres``), as the primary does.
"""

import os
import pathlib
import pwd
import shutil
import subprocess
import tempfile
import time

# Hot standby refuses to start when one of these is lower than the primary's.
PRIMARY_SETTINGS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


class ReplicaError(RuntimeError):
    """The replica could not be made or started; says why and what to do."""


def psql_value(query, *connection):
    result = subprocess.run(
        ["psql", *connection, "-d", "postgres", "-Atc", query],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def setting(query, default=""):
    """What ``query`` reads on the primary, or ``default`` when the role
    may not read it (``pg_config`` and ``data_directory`` are for
    superusers and pg_read_all_settings)."""
    try:
        return psql_value(query)
    except subprocess.CalledProcessError:
        return default


class Replica:
    """A hot standby of the primary on ``port``, in a temporary directory."""

    def __init__(self, port):
        self.port = port
        self.base = self.data = None
        self.user = None  # the OS user the replica runs as (None: ourselves)
        self.bindir = None

    # ------------------------------------------------------------------
    @property
    def host(self):
        """The socket directory: ``--db_replica_host`` and ``psql -h``."""
        return self.base

    def connection(self):
        return ["-h", self.base, "-p", str(self.port)]

    def _ids(self):
        entry = pwd.getpwnam(self.user)
        return entry.pw_uid, entry.pw_gid

    def _run(self, *command, timeout=600):
        """Run a PostgreSQL binary as the replica's user."""
        kwargs = {"user": self.user} if self.user is not None else {}
        return subprocess.run(
            [os.path.join(self.bindir, command[0]), *command[1:]],
            capture_output=True,
            text=True,
            check=False,
            cwd=self.base,
            timeout=timeout,
            **kwargs,
        )

    def _check_primary(self):
        """The primary's settings that a streaming copy needs; its binaries."""
        wal_level = psql_value("SHOW wal_level")
        if wal_level not in ("replica", "logical"):
            raise ReplicaError(
                f"the primary runs with wal_level = {wal_level}: a replica needs "
                "wal_level = replica (PostgreSQL's default); set it and restart PostgreSQL"
            )
        senders = int(psql_value("SHOW max_wal_senders"))
        used = int(psql_value("SELECT COUNT(*) FROM pg_stat_replication"))
        if senders - used < 1:
            raise ReplicaError(
                f"the primary has no free WAL sender (max_wal_senders = {senders}, {used} in use)"
            )
        major = psql_value("SHOW server_version_num")[:-4]
        candidates = [
            setting("SELECT setting FROM pg_config WHERE name = 'BINDIR'"),
            f"/usr/lib/postgresql/{major}/bin",
            os.path.dirname(shutil.which("pg_basebackup") or ""),
        ]
        for bindir in candidates:
            if bindir and all(
                os.access(os.path.join(bindir, name), os.X_OK)
                for name in ("pg_basebackup", "pg_ctl", "postgres")
            ):
                self.bindir = bindir
                break
        else:
            raise ReplicaError(
                f"pg_basebackup, pg_ctl and postgres of PostgreSQL {major} are not found "
                f"(looked in {', '.join(c for c in candidates if c)})"
            )
        if os.geteuid() == 0:
            # As the primary: the owner of its data directory.
            data_directory = setting("SHOW data_directory")
            owner = os.stat(data_directory).st_uid if data_directory else None
            self.user = pwd.getpwuid(owner).pw_name if owner else "postgres"
        return {name: psql_value(f"SHOW {name}") for name in PRIMARY_SETTINGS}

    def start(self, timeout=300):
        """Copy the primary, configure the copy as a hot standby, start it and
        wait until it accepts connections."""
        settings = self._check_primary()
        self.base = tempfile.mkdtemp(prefix="load_benchmark_replica_")
        if self.user is not None:
            os.chown(self.base, *self._ids())
        self.data = os.path.join(self.base, "data")
        copy = self._run(
            "pg_basebackup", "-D", self.data, "-R", "-X", "stream", "-c", "fast", "--no-sync"
        )
        if copy.returncode:
            raise ReplicaError(
                "pg_basebackup could not copy the primary: "
                f"{copy.stderr.strip()}. The replica needs a replication connection over the "
                "local socket, as PostgreSQL's default pg_hba.conf allows "
                "(local replication all peer), as a superuser or a role with REPLICATION"
            )
        data = pathlib.Path(self.data)
        # Packaged clusters keep their configuration outside the data
        # directory; a copy of one that keeps it inside must not reuse it.
        (data / "postgresql.conf").write_text(
            "# The load benchmark's replica (removed with it).\n"
            "hot_standby = on\n"
            "hot_standby_feedback = on\n"
            + "".join(f"{name} = {value}\n" for name, value in settings.items())
        )
        (data / "pg_hba.conf").write_text("local all all peer\n")
        (data / "pg_ident.conf").write_text("")
        for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            if self.user is not None:
                os.chown(data / name, *self._ids())
        options = (
            f"-c port={self.port} -c listen_addresses='' "
            f"-c unix_socket_directories='{self.base}' "
            f"-c hba_file='{data / 'pg_hba.conf'}' -c ident_file='{data / 'pg_ident.conf'}'"
        )
        started = self._run(
            "pg_ctl",
            "-D",
            self.data,
            "-l",
            os.path.join(self.base, "replica.log"),
            "-o",
            options,
            "-w",
            "-t",
            str(timeout),
            "start",
            timeout=timeout + 30,
        )
        if started.returncode:
            log = pathlib.Path(self.base, "replica.log")
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ReplicaError(f"the replica did not start: {started.stderr.strip()}\n{tail}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if psql_value("SELECT pg_is_in_recovery()", *self.connection()) == "t":
                    return
            except subprocess.CalledProcessError:
                pass
            time.sleep(0.5)
        raise ReplicaError(f"the replica did not accept connections in {timeout} s")

    def stop(self):
        """Stop the replica and remove its directory (also after a failed
        start)."""
        if self.base is None:
            return
        try:
            if self.data and os.path.exists(os.path.join(self.data, "postmaster.pid")):
                self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", timeout=120)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = self.data = None
