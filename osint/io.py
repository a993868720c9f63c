"""Reading inputs and writing outputs so that nothing hangs, overflows or is lost.

Inputs are read only from regular files (a FIFO with no writer would hang, and
``/dev/zero`` never ends), with a real size cap counted while reading rather
than trusted from ``stat``. Outputs are written to a temporary file beside the
target and moved into place when complete (:func:`atomic_output`); an output
that is one of the run's inputs is refused before anything is written; a disk
that fills up or a folder that turns read-only gives one clear error and leaves
any earlier output untouched.

Temporary files and folders carry their owner: a machine tag (host name, boot
and PID namespace), the process id and the process's start time. A later run
removes one only when it is provably stale (:func:`sweep_stale`): written on
this machine by a process that is gone (or whose id now belongs to another
process), or untouched for :data:`STALE_AFTER_S`. Another machine's live work
in a shared folder is never taken for garbage.

A set of outputs (a map with its tables, a report) is staged in a private
folder and committed under a journal (:func:`move_staged`): a run killed half-way
through the renames leaves the journal, and the next run that writes into that
folder finishes the commit, so the folder holds the old set or the new one.
:func:`install_signal_handlers` turns SIGTERM and SIGHUP into a normal exit so
that every ``finally`` runs.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import functools
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import InputError


def _unencodable(exc: UnicodeError) -> tuple[bytes, int]:
    # A lone surrogate (a file name that is not UTF-8, read with surrogateescape) has no UTF-8
    # form: it is written as U+FFFD rather than ending the run with a traceback. (Bytes: the
    # UTF-8 encoder takes only ASCII text as a replacement.)
    if isinstance(exc, UnicodeEncodeError):
        return "\ufffd".encode("utf-8") * (exc.end - exc.start), exc.end
    raise exc


#: The error handler text outputs are written with (see :func:`atomic_output`).
UNENCODABLE = "osint.replace"
codecs.register_error(UNENCODABLE, _unencodable)

#: Larger inputs are refused: an article is kilobytes, not gigabytes.
MAX_INPUT_BYTES = 20 * 1024 * 1024
#: Marks the temporary files and folders of this package:
#: ``.NAME.osint-hMACHINE-pPID-sSTART-RANDOM.tmp`` (or ``.parts`` for a folder).
TEMP_TAG = "osint"
_TEMP_RE = re.compile(
    rf"^\.(?P<name>.+)\.{TEMP_TAG}-h(?P<host>[0-9a-f]{{8}})-p(?P<pid>\d+)-s(?P<start>\d+)-[0-9a-f]+"
    r"(?:\.tmp|\.parts)$")
#: The form of earlier versions (``.NAME.osint-PID-RANDOM.tmp``): no machine, so only age tells.
_OLD_TEMP_RE = re.compile(rf"^\.(?P<name>.+)\.{TEMP_TAG}-(?P<pid>\d+)-[0-9a-f]+(?:\.tmp|\.parts)$")
#: A temporary file or folder untouched this long is stale whoever wrote it (a week: longer
#: than any run pauses between writes, so another machine's live work is never swept).
STALE_AFTER_S = 7 * 24 * 3600.0
#: The longest file name most file systems take (bytes).
NAME_MAX = 255
#: The journal a set's commit writes into its staging folder before the first rename.
JOURNAL = "commit.json"


def publish(path: str | os.PathLike[str]) -> Path:
    """Give a written file the usual permissions (the temporary file it came from is private).

    Maps and tables are made to be sent to colleagues: readable as the umask allows.
    """
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)
    return Path(path)


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, for messages ("a directory", "a FIFO (named pipe)")."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: str | os.PathLike[str]) -> int:
    """Open a regular file for reading and return its descriptor (blocking, close-on-exec).

    It is opened without blocking and checked with ``fstat`` before a byte is read, so a
    FIFO with no writer, a device (``/dev/zero``) or a socket is refused at once.

    Raises
    ------
    InputError
        A missing, unreadable or special file, or a directory.
    """
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise InputError("no such file", path=source) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory, expected a file", path=source) from exc
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=source) from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a directory, expected a file", path=source)
        if not stat.S_ISREG(mode):
            raise InputError(f"is {kind_of(mode)}, not a regular file; save the input to a file first",
                             path=source)
        os.set_blocking(fd, True)
    except OSError as exc:
        os.close(fd)
        raise InputError(f"cannot read ({exc.strerror or exc})", path=source) from exc
    except InputError:
        os.close(fd)
        raise
    return fd


def read_limited(path: str | os.PathLike[str], *, limit: int = MAX_INPUT_BYTES, what: str = "file") -> bytes:
    """Read a regular file (``-`` for standard input) of at most ``limit`` bytes.

    The file is opened without blocking and checked to be a regular file before a
    byte is read, so FIFOs, devices and sockets are refused at once; the size is
    counted while reading, so a file that grows (or lies about its size) cannot
    exhaust memory.

    Raises
    ------
    InputError
        A missing, special, unreadable or oversized file.
    """
    too_big = f"larger than {limit / 2**20:g} MiB, the most a {what} may be"
    if str(path) == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise InputError(too_big, path="<stdin>")
        return data
    source = str(path)
    fd = open_regular(path)
    try:
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=source) from exc
    finally:
        os.close(fd)
    if size > limit:
        raise InputError(too_big, path=source)
    return b"".join(chunks)


def lexists(path: str | os.PathLike[str]) -> bool:
    """Whether anything (a link included) is at ``path``; False for a name no file system takes
    (longer than :data:`NAME_MAX`, a NUL), where :meth:`pathlib.Path.exists` raises."""
    try:
        os.lstat(path)
    except (OSError, ValueError):
        return False
    return True


def is_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a regular file (links followed); False for an impossible name."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def check_regular(path: str | os.PathLike[str]) -> Path:
    """Check that ``path`` names an existing regular file, without opening it for long.

    Raises
    ------
    InputError
        Missing, a directory, or a FIFO, device or socket.
    """
    p = Path(path)
    try:
        mode = p.stat().st_mode
    except FileNotFoundError as exc:
        raise InputError("no such file", path=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=str(path)) from exc
    if stat.S_ISDIR(mode):
        raise InputError("is a directory, expected a file", path=str(path))
    if not stat.S_ISREG(mode):
        raise InputError(f"is {kind_of(mode)}, not a regular file", path=str(path))
    return p


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when two paths name the same file (by inode when both exist, else by resolved path)."""
    pa, pb = Path(a), Path(b)
    try:
        if pa.exists() and pb.exists():
            return os.path.samefile(pa, pb)
    except OSError:
        pass
    return pa.resolve() == pb.resolve()


def sidecars(path: str | os.PathLike[str]) -> list[Path]:
    """The files read beside an article: its metadata sidecar and its review file."""
    p = Path(path)
    return [p.with_suffix(".json"), p.with_name(p.stem + ".review.csv")]


def shipped_files() -> list[Path]:
    """The data files shipped with the package (every file of :func:`osint.paths.data_dir`).

    They are inputs of every run (the gazetteer's tables, the default evidence
    table, the sensor, satellite and object tables), so no output may be written over them.
    """
    from .paths import data_dir

    try:
        return [p for p in data_dir().iterdir() if p.is_file()]
    except OSError:
        return []


def refuse_overwrite(output: str | os.PathLike[str] | None, inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise :class:`InputError` when ``output`` is one of ``inputs`` or a shipped data file.

    Writing the output would destroy the input it is made from. The package's
    own data files (:func:`shipped_files`) count as inputs of every run.
    """
    if output in (None, "-"):
        return
    for inp in inputs:
        if inp in (None, "-"):
            continue
        if same_file(output, inp):
            raise InputError(f"is also an input ({inp}); writing it would destroy that input. "
                             "Choose another output name", path=str(output))
    try:
        st = os.stat(output)
    except (OSError, ValueError):
        return  # not there yet: it cannot be a shipped file
    for f in shipped_files():
        with contextlib.suppress(OSError):
            if os.path.samestat(st, f.stat()):
                raise InputError(f"is a data file shipped with osint ({f.name}), read by every run; "
                                 "writing it would destroy it. Choose another output name",
                                 path=str(output))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _start_ticks(pid: int) -> int | None:
    """When process ``pid`` started, in clock ticks since boot (Linux), or None when unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            raw = fh.read(4096)
        # The command name is in parentheses and may hold spaces: fields follow the last ')'.
        return int(raw[raw.rindex(b")") + 2:].split()[19])
    except (OSError, ValueError, IndexError):
        return None


@functools.cache
def machine_tag() -> str:
    """Eight hex digits naming this machine as a process sees it: host name, boot, PID namespace.

    Two containers on one host with their own PID namespaces get different tags, since a
    process id means nothing across them.
    """
    parts = [socket.gethostname()]
    with contextlib.suppress(OSError):
        parts.append(Path("/proc/sys/kernel/random/boot_id").read_text("ascii").strip())
    with contextlib.suppress(OSError):
        parts.append(os.readlink("/proc/self/ns/pid"))
    return hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()[:8]


def _last_touched(path: str) -> float:
    """The newest modification time of a file, or of a folder and its direct entries."""
    st = os.lstat(path)
    newest = st.st_mtime
    if stat.S_ISDIR(st.st_mode):
        with contextlib.suppress(OSError), os.scandir(path) as it:
            for e in it:
                with contextlib.suppress(OSError):
                    newest = max(newest, e.stat(follow_symlinks=False).st_mtime)
    return newest


def is_stale(name: str, folder: str | os.PathLike[str], *, now: float | None = None) -> bool:
    """Whether the temporary file or folder ``name`` in ``folder`` is provably abandoned.

    Written on this machine (same :func:`machine_tag`): stale when its process is gone, or
    when that process id now belongs to a process that started at another time. Written
    elsewhere, or by an earlier version that did not record its machine: stale only when
    untouched for :data:`STALE_AFTER_S`. Not a temporary name of this package: never.
    """
    m = _TEMP_RE.match(name)
    if m is not None and m.group("host") == machine_tag():
        pid, start = int(m.group("pid")), int(m.group("start"))
        if pid == os.getpid():
            return False
        if not _pid_alive(pid):
            return True
        now_start = _start_ticks(pid)
        return now_start is not None and start != 0 and now_start != start
    if m is None and _OLD_TEMP_RE.match(name) is None:
        return False
    try:
        age = (time.time() if now is None else now) - _last_touched(os.path.join(folder, name))
    except OSError:
        return False
    return age > STALE_AFTER_S


def sweep_stale(folder: str | os.PathLike[str]) -> int:
    """Remove the temporary files and folders of this package in ``folder`` that are provably stale.

    A staging folder whose commit had begun (it holds a journal) is finished first, so
    that a set cut off half-way through its renames is completed, never left mixed.
    Returns how many were removed. Live work, this machine's or another's, is left alone
    (see :func:`is_stale`).
    """
    n = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        if not is_stale(name, folder):
            continue
        target = os.path.join(folder, name)
        with contextlib.suppress(OSError):
            if os.path.isdir(target) and not os.path.islink(target):
                finish_commit(Path(target))
                shutil.rmtree(target)
            else:
                os.unlink(target)
            n += 1
    return n


def _fit_name(name: str, room: int) -> str:
    """``name`` cut to at most ``room`` UTF-8 bytes, with a short hash of the whole when cut."""
    if len(name.encode("utf-8", "surrogateescape")) <= room:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    keep = name
    while len(keep.encode("utf-8", "surrogateescape")) > room - 9:
        keep = keep[:-1]
    return f"{keep}~{digest}"


def temp_name(target: str | os.PathLike[str], suffix: str = ".tmp") -> Path:
    """A temporary name beside ``target`` that records its owner (see :func:`is_stale`).

    The target's name is shortened (with a hash) when the whole would exceed
    :data:`NAME_MAX`, so that a long but valid output name can still be written.
    """
    t = Path(target)
    tag = (f".{TEMP_TAG}-h{machine_tag()}-p{os.getpid()}-s{_start_ticks(os.getpid()) or 0}"
           f"-{secrets.token_hex(4)}{suffix}")
    return t.with_name(f".{_fit_name(t.name, NAME_MAX - 1 - len(tag))}{tag}")


def write_error(exc: OSError, path: str | os.PathLike[str]) -> InputError:
    """The one-line error for a failed write: disk full, read-only, no permission, ..."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        reason += "; free some space and run again (nothing was written)"
    return InputError(f"cannot write ({reason})", path=str(path))


def check_output_folder(target: Path) -> None:
    """The checks made before a file is written into ``target``'s folder."""
    folder = target.parent
    if not folder.exists():
        raise InputError("output folder does not exist", path=str(folder))
    if not folder.is_dir():
        raise InputError("is not a folder, cannot write into it", path=str(folder))
    if target.is_dir():
        raise InputError("is a directory, expected an output file name", path=str(target))


#: Names of an open descriptor rather than of a file: written in place, never renamed over.
_FD_ALIAS = re.compile(r"^/(?:dev/(?:fd/\d+|std(?:in|out|err))|proc/(?:self|thread-self|\d+)/fd/\d+)$")


def _system_path(target: Path) -> bool:
    """True for paths under /proc, and under /dev outside /dev/shm: nothing is created there."""
    parts = Path(os.path.abspath(target)).parts
    if len(parts) < 2 or parts[1] not in ("dev", "proc"):
        return False
    return not (parts[1] == "dev" and len(parts) > 2 and parts[2] == "shm")


def _stream_target(target: Path) -> tuple[str, os.stat_result | None]:
    """How an output path is written.

    ``"file"``: a temporary file beside it, renamed over it (every regular file, /dev/shm
    included); ``"stdout"``/``"stderr"``: it is this process's standard output or error;
    ``"direct"``: opened and written in place, truncated first (a character device, a FIFO,
    or a descriptor alias such as ``/dev/fd/3`` naming a file); ``"refuse"``: a block
    device, a socket, or a new name under /dev or /proc.
    """
    try:
        st = os.stat(target)
    except (OSError, ValueError):
        st = None
    if st is not None:
        for fd, name in ((1, "stdout"), (2, "stderr")):
            with contextlib.suppress(OSError, ValueError):
                if os.path.samestat(st, os.fstat(fd)) and (
                        not stat.S_ISREG(st.st_mode) or _FD_ALIAS.match(os.path.abspath(target))):
                    return name, st
        if stat.S_ISBLK(st.st_mode) or stat.S_ISSOCK(st.st_mode):
            return "refuse", st
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            return "direct", st
        if stat.S_ISREG(st.st_mode) and _FD_ALIAS.match(os.path.abspath(target)):
            return "direct", st
        if stat.S_ISREG(st.st_mode) and Path(os.path.abspath(target)).parts[1:2] != ("proc",):
            return "file", st
    if _system_path(target) and (st is None or not stat.S_ISDIR(st.st_mode)):
        return "refuse", st
    return "file", st


def is_stream(path: str | os.PathLike[str] | None) -> bool:
    """True when ``path`` is written in place rather than through a temporary file beside it
    (standard output, ``/dev/null``, a terminal, a FIFO; see :func:`atomic_output`)."""
    return path in (None, "-") or _stream_target(Path(path))[0] != "file"


def _open_direct(target: Path, st: os.stat_result | None) -> int:
    """Open a device or FIFO for writing, refusing instead of blocking on a FIFO with no reader."""
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
    fifo = st is not None and stat.S_ISFIFO(st.st_mode)
    if st is not None and stat.S_ISREG(st.st_mode):
        flags |= os.O_TRUNC  # a descriptor alias naming a file: never its new head on its old tail
    try:
        fd = os.open(target, flags | (os.O_NONBLOCK if fifo else 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise InputError("is a FIFO (named pipe) that no process is reading; start the reader "
                             "first (nothing was written)", path=str(target)) from exc
        raise InputError(f"cannot write ({exc.strerror or exc})", path=str(target)) from exc
    if fifo:
        os.set_blocking(fd, True)
    return fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _regular_stream(stream: Any) -> bool:
    """True when ``stream`` writes into a regular file (``> out.csv``), which keeps text as is."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False  # a captured stream (tests, notebooks): cleaned like a pipe


@contextlib.contextmanager
def _to_stream(kind: str, target: Path | None, st: os.stat_result | None,
               binary: bool) -> Iterator[io.IOBase]:
    """Buffer the whole output in memory, then write it to standard output or error, or in place."""
    stream = sys.stderr if kind == "stderr" else sys.stdout
    if binary and kind in ("stdout", "stderr") and stream.isatty():
        raise InputError("the output is binary (Parquet); give -o FILE or pipe it into another program",
                         path=f"<{kind}>")
    fd = _open_direct(target, st) if kind == "direct" and target is not None else None
    try:
        buf: io.BytesIO | io.StringIO = io.BytesIO() if binary else io.StringIO()
        yield buf  # an error half-way writes nothing
        data = buf.getvalue()
        if fd is None:
            if binary:
                stream.buffer.write(data)  # type: ignore[arg-type]
            else:
                text = data.encode("utf-8", UNENCODABLE).decode("utf-8")  # type: ignore[union-attr]
                if not _regular_stream(stream):
                    from .escape import stream_text

                    text = stream_text(text)  # a pipe or a terminal: never escape sequences
                stream.write(text)
            stream.flush()
        else:
            try:
                raw = data if isinstance(data, bytes) else data.encode("utf-8", UNENCODABLE)
                _write_all(fd, raw)
            except OSError as exc:
                raise write_error(exc, target) from exc  # type: ignore[arg-type]
    finally:
        if fd is not None:
            os.close(fd)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str] | None, *, binary: bool = False,
                  inputs: Iterable[str | os.PathLike[str]] = (), private: bool = False,
                  replace_special: bool = False) -> Iterator[Any]:
    """Open ``path`` for writing so that it appears whole or not at all.

    Parameters
    ----------
    path : str, Path or None
        The file to write; ``None`` or ``-`` writes to standard output (buffered
        in memory, so that an error half-way prints nothing). A path that is not
        a regular file is never replaced by one: ``/dev/stdout`` (and ``/dev/fd/1``)
        writes to standard output, a character device (``/dev/null``, a terminal)
        and a FIFO with a reader are written in place (buffered the same way), a
        FIFO that no process reads, a block device and a socket are refused.
    binary : bool
        Open in binary mode.
    inputs : iterable of paths
        The run's inputs: an output that is one of them, or one of the package's
        data files, is refused.
    private : bool
        Keep the file readable and writable by this user only, whatever the
        umask (caches: a file that others could write is never read again).
    replace_special : bool
        For the package's own caches: a FIFO or device planted at ``path`` is
        replaced by the file instead of written to.

    Raises
    ------
    InputError
        The output is an input, its folder is missing or not writable, or the
        write failed (disk full, ...); an earlier file at ``path`` is left as it was.
    """
    if path in (None, "-"):
        with _to_stream("stdout", None, None, binary) as buf:
            yield buf
        return
    target = Path(path)
    refuse_overwrite(target, inputs)
    kind, st = _stream_target(target)
    if replace_special and kind in ("direct", "refuse") and not _system_path(target):
        kind = "file"  # a node planted in a cache folder is replaced, never written to
    if kind == "refuse":
        if st is None or stat.S_ISREG(st.st_mode):
            raise InputError("is under /dev or /proc, where no file is created; choose a folder of files "
                             "(/dev/shm and /tmp take them)", path=str(target))
        raise InputError(f"is {kind_of(st.st_mode)}, not a file an output can be written to",
                         path=str(target))
    if kind != "file":
        with _to_stream(kind, target, st, binary) as buf:
            yield buf
        return
    check_output_folder(target)
    sweep_stale(target.parent)
    tmp = temp_name(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        raise InputError(f"cannot write here ({exc.strerror})", path=str(target.parent)) from exc
    try:
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else "utf-8",
                       errors=None if binary else UNENCODABLE, newline=None if binary else "") as fh:
            yield fh
        if not private:
            publish(tmp)  # the temporary file is private; outputs are meant to be shared
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise write_error(exc, target) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def warn_stderr(message: str) -> None:
    """Print a warning as the command line does: one line on standard error, control characters removed."""
    from .escape import terminal

    print(f"osint: warning: {' '.join(terminal(message).splitlines())}", file=sys.stderr)


class Terminated(SystemExit):
    """Raised in the main thread when the process is asked to stop (SIGTERM, SIGHUP)."""


#: Exit statuses of the termination signals received (for code that runs inside C libraries,
#: such as SQLite, where the exception raised by the handler cannot reach the caller).
_TERMINATION: list[int] = []


def termination_requested() -> int | None:
    """The exit status of a SIGTERM or SIGHUP this process received, or None."""
    return _TERMINATION[-1] if _TERMINATION else None


def _on_signal(signum: int, frame: object) -> None:
    _TERMINATION.append(128 + signum)
    raise Terminated(128 + signum)


def install_signal_handlers() -> None:
    """Turn SIGTERM and SIGHUP into an exception, so that temporary files are removed.

    Only in the main thread (signals are delivered there); harmless elsewhere.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) in (signal.SIG_DFL, None):
            signal.signal(sig, _on_signal)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block ends (for a few renames that must not be cut)."""
    sigs = {s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s is not None}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    except (AttributeError, ValueError, OSError):  # not POSIX, or not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def staged_outputs(folder: str | os.PathLike[str], name: str) -> Iterator[Path]:
    """A private folder inside ``folder`` in which a run writes all its outputs first.

    The outputs are moved into ``folder`` together by :func:`move_staged` once every one is
    written: a full disk or an error half-way leaves the earlier outputs whole and none of
    the new ones (never a map beside last week's table). The folder is removed at the end,
    and one a killed run left is swept by the next (:func:`sweep_stale`).

    Raises
    ------
    InputError
        The folder cannot be written into.
    """
    folder = Path(folder)
    staging = temp_name(folder / name, ".parts")
    check_output_folder(staging)  # the folder's own checks ("output folder does not exist")
    sweep_stale(folder)
    try:
        staging.mkdir(mode=0o700)
    except OSError as exc:
        raise InputError(f"cannot write into the output folder ({exc.strerror})", path=str(folder)) from exc
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike[str], *, wait_s: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (``flock`` on the folder itself, no lock file left).

    Two runs committing sets into one folder take turns, so that their renames never
    interleave. Where the file system has no locks the block runs unlocked.

    Raises
    ------
    InputError
        Another run held the folder for longer than ``wait_s``.
    """
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise InputError(f"another run has been writing into this folder for more than "
                                     f"{wait_s:g} s; try again when it is done", path=str(folder)) from None
                time.sleep(0.05)
            except OSError:
                break  # no locks here (some network file systems): go on unlocked
        yield
    finally:
        os.close(fd)


def _plain_name(name: object) -> bool:
    return (isinstance(name, str) and name not in ("", ".", "..") and "/" not in name
            and "\0" not in name and len(name.encode("utf-8", "surrogateescape")) <= NAME_MAX)


def _write_journal(pairs: list[tuple[Path, Path]]) -> Path | None:
    """Write the commit's journal into the staging folder; None when the pairs cannot be journaled.

    Only a set whose staged files all lie in one staging folder of this package, and whose
    final names all lie in that folder's parent, is journaled: the journal holds plain names,
    so finishing it can never move a file anywhere else.
    """
    if not pairs:
        return None
    staging = pairs[0][0].parent
    if _TEMP_RE.match(staging.name) is None or not staging.name.endswith(".parts"):
        return None
    names = []
    for staged, final in pairs:
        if staged.parent != staging or not same_file(final.parent, staging.parent):
            return None
        names.append([staged.name, final.name])
    journal = staging / JOURNAL
    tmp = staging / f".{JOURNAL}.tmp"
    data = json.dumps({"version": 1, "pairs": names}, ensure_ascii=False).encode("utf-8", "surrogateescape")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        _write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, journal)
    return journal


def finish_commit(staging: Path) -> int:
    """Finish the commit a killed run began in ``staging``: move what is still staged into place.

    Returns how many files were moved. A staging folder without a journal belongs to a run
    that died before its commit: nothing of it is moved (the earlier set is whole). The
    journal is untrusted (a shared folder): it is read with a size cap, and only plain
    names inside ``staging`` are moved to plain names beside it.
    """
    journal = staging / JOURNAL
    try:
        st = os.lstat(journal)
    except OSError:
        return 0
    if not stat.S_ISREG(st.st_mode):
        return 0
    try:
        doc = parse_json(read_limited(journal, limit=2**20, what="commit journal"))
    except (InputError, ValueError):
        return 0
    pairs = doc.get("pairs") if isinstance(doc, dict) else None
    if not isinstance(pairs, list):
        return 0
    moved = 0
    with signals_deferred():
        for pair in pairs:
            if not (isinstance(pair, list) and len(pair) == 2 and all(map(_plain_name, pair))):
                continue
            src = staging / pair[0]
            with contextlib.suppress(OSError):
                if stat.S_ISREG(os.lstat(src).st_mode):
                    os.replace(src, staging.parent / pair[1])
                    moved += 1
    return moved


def move_staged(files: Iterable[tuple[Path, Path]]) -> list[Path]:
    """Commit staged files to their places (``(staged, final)`` pairs) as one set.

    A journal naming every pair is written into the staging folder first; then the files
    are renamed with SIGINT, SIGTERM and SIGHUP held and the folder locked against another
    run's commit. A run killed half-way (SIGKILL, a power cut) leaves the journal, and the
    next run writing into the folder finishes the renames (:func:`sweep_stale`): the set
    ends whole, never half old and half new. Renames within one file system need no
    space, so they do not fail on a full disk.
    """
    pairs = [(Path(a), Path(b)) for a, b in files]
    done: list[Path] = []
    if not pairs:
        return done
    with folder_lock(pairs[0][1].parent), signals_deferred():
        try:
            journal = _write_journal(pairs)
        except OSError as exc:
            raise write_error(exc, pairs[0][1]) from exc
        for staged, final in pairs:
            try:
                os.replace(staged, final)
            except OSError as exc:
                raise write_error(exc, final) from exc
            done.append(final)
        if journal is not None:
            with contextlib.suppress(OSError):
                journal.unlink()
    return done


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {text} is too large")
    return value


#: Nesting deeper than this is refused before the parser sees it (JSON objects in
#: this project's inputs and answers are a few levels deep).
MAX_JSON_DEPTH = 200


def _too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    # A cheap upper bound: brackets inside strings count too, so only clearly flat
    # documents skip the exact check below.
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


_ORJSON: Any = None


def json_line(obj: Any) -> bytes:
    """``obj`` as one line of compact JSON in UTF-8, ending in a newline.

    Written by orjson when it is installed (about eight times faster than the standard
    library on a corpus's rows), else by :func:`json.dumps` with the same separators and
    ``ensure_ascii=False``, so the two give the same bytes for the same rows (their only
    difference is how a float with an exponent is spelled, ``1e-05`` or ``1e-5``). What orjson
    refuses (an integer beyond 64 bits, a lone surrogate, a key that is not a string) goes to
    the standard library, which writes it or raises as it always did.
    """
    global _ORJSON
    if _ORJSON is None:
        try:
            import orjson as module
        except ImportError:
            module = False  # type: ignore[assignment]
        _ORJSON = module
    if _ORJSON:
        try:
            return _ORJSON.dumps(obj, option=_ORJSON.OPT_APPEND_NEWLINE)
        except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
            pass
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def parse_json(text: str | bytes) -> object:
    """Parse untrusted JSON: strict (no NaN or Infinity, no numbers that overflow), bounded depth.

    Raises
    ------
    ValueError
        With a short reason: malformed, nested deeper than :data:`MAX_JSON_DEPTH`, or a
        non-finite number. (``json.JSONDecodeError`` is a ``ValueError`` too.)
    """
    import json

    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if _too_deep(text):
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except RecursionError as exc:  # pragma: no cover - caught by the depth check first
        raise ValueError("nested too deeply") from exc


def sha256_file(path: str | os.PathLike[str]) -> tuple[str, int]:
    """SHA-256 (hex) and size of a regular file, read in blocks.

    Raises
    ------
    InputError
        ``path`` is missing, unreadable or no regular file: a device (``/dev/zero``)
        or a FIFO would never end or never begin, so it is refused before a byte is read.
    """
    h = hashlib.sha256()
    n = 0
    with os.fdopen(open_regular(path), "rb") as fh:
        try:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
                n += len(block)
        except OSError as exc:
            raise InputError(f"cannot read ({exc.strerror or exc})", path=str(path)) from exc
    return h.hexdigest(), n
