"""Parse an upload in a child process, under a memory cap and a time limit.

Reading a spreadsheet runs native code (python-calamine) on bytes anyone may upload. A few hundred
bytes can make it ask for hundreds of GiB and abort, or loop for minutes; in the Streamlit server that
would take the whole site down for everyone. So :func:`parse_in_child` runs
:func:`outreach.ingest.parse.parse_file` in a child process whose address space is capped with
``resource.setrlimit(RLIMIT_AS)`` and which is killed when it runs past its time limit. Whatever the
child does (a MemoryError, an abort, a segfault, a hang) the parent gets a ParsedFile or an
:class:`ImportRefused` naming the limit and what to do; the parent process never dies.

Limits, read on every call (so a changed environment applies to the next upload):

``OUTREACH_PARSE_MEMORY``
    The child's address-space cap: ``1.5GB`` by default; a number with an optional unit K, M, G
    (or KB, MB, GB; binary, so 1 GB = 1024 MB), or plain bytes. The child's own imports (pandas,
    calamine) take about 0.45 GB of it. A value that cannot be read, or under 512 MB, leaves the default.
``OUTREACH_PARSE_SECONDS``
    The wall-clock limit of one parse, child start-up included (waiting for a free slot is not):
    ``60`` by default.
``OUTREACH_DEBUG``
    ``1`` keeps the child's stderr (native backtraces) and the traceback of a parser bug.

The children come from multiprocessing's ``forkserver``: the server is started once (a spawned,
single-threaded Python that imports the parser up front) and forks one fresh child per parse, which
costs about 60 ms, against 0.8 s for a ``spawn`` child that imports pandas anew. Forking the
multi-threaded Streamlit process itself (plain ``fork``) is never done. Each child parses one file
and exits, so the limits hold per parse and no heap survives from one upload to the next. At most
:data:`MAX_CHILDREN` parse at once; further uploads wait for a slot.

A parser *bug* (an exception other than ImportRefused/MemoryError in the child) is not a refusal of
the file: it raises :class:`ParserBug` in the parent, which the page shows as an unreadable file and
the CLI reports as its own fault (exit code 1).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import math
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import os
import pickle
import re
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing import forkserver, popen_forkserver, reduction, spawn, util
from typing import Any

from outreach.ingest.issues import ImportRefused, Issue
from outreach.ingest.parse import parse_file
from outreach.ingest.parsed_file import ParsedFile

DEFAULT_MEMORY = int(1.5 * 2**30)
DEFAULT_SECONDS = 60.0
MAX_CHILDREN = 2  # parses running at once: the machines have 2 cores, and each child may take the cap
# The child holds some 0.45 GB of address space before it reads a byte: below this every parse would
# fail, so a typo such as `1.5` (GB meant) or `300MB` is not obeyed.
_MIN_MEMORY = 512 * 2**20
_UNITS = {"": 1, "B": 1, "K": 2**10, "KB": 2**10, "M": 2**20, "MB": 2**20, "G": 2**30, "GB": 2**30}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?B?)\s*", re.IGNORECASE)

_slots = threading.BoundedSemaphore(MAX_CHILDREN)
_start_lock = threading.Lock()
_context: multiprocessing.context.ForkServerContext | None = None


class ParserBug(RuntimeError):
    """The parser raised something other than a refusal: our fault, not the file's."""

    def __init__(self, summary: str, child_traceback: str = ""):
        super().__init__(summary)
        self.summary = summary
        self.child_traceback = child_traceback


# --- limits ---------------------------------------------------------------------------------------


def parse_size(text: str | None, default: int = DEFAULT_MEMORY) -> int:
    """`1.5GB` → bytes. Binary units; `default` when ``text`` is empty, unreadable or absurdly small."""
    m = _SIZE.fullmatch(text or "")
    if m is None:
        return default
    value = int(float(m[1]) * _UNITS[m[2].upper()])
    return value if value >= _MIN_MEMORY else default


def memory_limit() -> int:
    """The child's address-space cap in bytes (OUTREACH_PARSE_MEMORY, default 1.5 GB)."""
    return parse_size(os.environ.get("OUTREACH_PARSE_MEMORY"))


def time_limit() -> float:
    """The wall-clock limit of one parse in seconds (OUTREACH_PARSE_SECONDS, default 60)."""
    try:
        seconds = float(os.environ.get("OUTREACH_PARSE_SECONDS", ""))
    except ValueError:
        return DEFAULT_SECONDS
    return seconds if math.isfinite(seconds) and seconds > 0 else DEFAULT_SECONDS


def size_text(n: int) -> str:
    """1610612736 → `1.5 GB`; below 1 GB in MB."""
    if n >= 2**30:
        return f"{n / 2**30:.4g} GB"
    return f"{n / 2**20:.4g} MB"


def _seconds_text(seconds: float) -> str:
    return f"{seconds:g}"


def _debug() -> bool:
    return os.environ.get("OUTREACH_DEBUG", "") not in ("", "0")


# --- the child ------------------------------------------------------------------------------------


def _child_main(sender: multiprocessing.connection.Connection, target: Callable[..., Any], args: tuple,
                memory: int, seconds: float, debug: bool) -> None:
    """Runs in the child: cap itself, run ``target(*args)``, send back (status, payload) as one message."""
    if not debug:
        # An abort in native code prints a Rust backtrace on stderr; the parent reports the abort itself.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort must not write a core file of up to the cap
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # A backstop should the parent die without killing us: CPU seconds past the wall-clock limit.
    cpu = math.ceil(seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    # No cyclic garbage collection in this one-parse process: reference counting frees what the parse
    # drops (measured: a parse leaves a handful of objects in cycles, none per row), and the collector's
    # passes over the 200k row lists a big sheet keeps alive took some 0.3 s of a 4.5 s parse (issue #15).
    gc.disable()
    try:
        try:
            message: tuple[str, Any] = ("ok", target(*args))
        except ImportRefused as exc:
            # The Issue, not the exception: ImportRefused does not unpickle. A reader that ran out of
            # memory says so in its own words; here the cap is known, so the message names it.
            message = ("memory", None) if exc.issue.code == "err.out_of_memory" else ("refused", exc.issue)
        except MemoryError:
            message = ("memory", None)
        except BaseException as exc:  # pyo3's PanicException is a BaseException: report it, do not die of it
            message = ("error", (f"{type(exc).__name__}: {exc}"[:300], traceback.format_exc()))
        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = pickle.dumps(("memory", None))
    sender.send_bytes(payload)
    sender.close()


class _Popen(popen_forkserver.Popen):
    """The forkserver's Popen, minus re-running the parent's ``__main__`` in the child.

    multiprocessing makes a child import the parent's main script (as ``__mp_main__``) before it runs
    the target. Under Streamlit, ``__main__`` is the page being rendered: the child would run the
    page. The target here lives in an importable module, so the child never needs the main script.
    The body is Python 3.11's ``Popen._launch`` with those two keys dropped (tests/test_sandbox.py
    checks that the main script does not run in the child)."""

    def _launch(self, process_obj: Any) -> None:
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_path", None)
        prep_data.pop("init_main_from_name", None)
        buf = io.BytesIO()
        multiprocessing.context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            multiprocessing.context.set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)
        parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _ParseProcess(multiprocessing.context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> _Popen:
        return _Popen(process_obj)


def _get_context() -> multiprocessing.context.ForkServerContext:
    """The forkserver context, its server told to import the parser once up front (set before it starts)."""
    global _context
    with _start_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload([__name__])
            _context = ctx
    return _context


def warm_up() -> None:
    """Start the fork server now rather than on the first upload (it takes about a second)."""
    _get_context()
    forkserver.ensure_running()


# --- the parent -----------------------------------------------------------------------------------


def parse_in_child(data: bytes, file_name: str, kind: str = "auto", period: dt.date | None = None) -> ParsedFile:
    """:func:`parse_file` in a child process under the memory cap and time limit (module docstring).

    Returns the ParsedFile; raises ImportRefused for a refused file, a file that takes the child past
    a limit, or a child that dies; raises :class:`ParserBug` when the parser itself fails."""
    return _parse_with(parse_file, data, file_name, kind, period)


def _parse_with(target: Callable[..., ParsedFile], data: bytes, file_name: str, kind: str,
                period: dt.date | None) -> ParsedFile:
    """:func:`parse_in_child` with another parse function (the tests' way to reach the limits)."""
    memory, seconds = memory_limit(), time_limit()
    status, payload, exitcode = run_limited(target, (data, file_name, kind, period), memory, seconds)
    if status == "ok":
        return payload
    if status == "refused":
        raise ImportRefused(payload)
    if status == "error":
        summary, child_traceback = payload
        raise ParserBug(summary, child_traceback)
    raise ImportRefused(_limit_issue(status, exitcode, file_name, memory, seconds))


def run_limited(target: Callable[..., Any], args: tuple, memory: int, seconds: float) -> tuple[str, Any, int | None]:
    """``target(*args)`` in a forked child capped at ``memory`` bytes and ``seconds`` of wall clock.

    Returns (status, payload, exit code): ("ok", the return value), ("refused", the Issue of an
    ImportRefused), ("error", (summary, traceback)) for any other exception, ("memory", None) for a
    MemoryError, ("timeout", None) when the child was killed at the limit, ("died", None) when it
    exited without a word (an abort or a signal: see the exit code). ``target`` must be a module-level
    function and ``args`` picklable."""
    ctx = _get_context()
    with _slots:
        receiver, sender = ctx.Pipe(duplex=False)
        child = _ParseProcess(target=_child_main, name="outreach-parse", daemon=True,
                              args=(sender, target, args, memory, seconds, _debug()))
        try:
            started = time.monotonic()
            child.start()
        finally:
            sender.close()  # ours; the child has its own copy, so EOF here means the child is gone
        try:
            status, payload = _wait(receiver, seconds - (time.monotonic() - started))
        finally:
            receiver.close()
            if child.is_alive():
                child.kill()
            child.join()
        exitcode = child.exitcode
        child.close()
    return status, payload, exitcode


def _wait(receiver: multiprocessing.connection.Connection, seconds: float) -> tuple[str, Any]:
    """The child's message, or ("timeout", None) / ("died", None)."""
    try:
        if not receiver.poll(max(seconds, 0.0)):
            return "timeout", None
        return pickle.loads(receiver.recv_bytes())
    except (EOFError, OSError):  # the child exited without a word: killed by a signal or aborted
        return "died", None


def _limit_issue(status: str, exitcode: int | None, file_name: str, memory: int, seconds: float) -> Issue:
    limits = {"limit": size_text(memory), "seconds": _seconds_text(seconds)}
    if status == "timeout" or exitcode == -signal.SIGXCPU:
        return Issue("err.parse_timeout", "error", file_name, params=limits)
    if status == "memory" or exitcode in (-signal.SIGABRT, -signal.SIGKILL):
        # Native code that cannot get memory aborts (Rust's allocation failure handler does); a SIGKILL
        # we did not send is the kernel's OOM killer.
        return Issue("err.parse_memory", "error", file_name, params=limits)
    if exitcode is not None and exitcode < 0:
        try:
            detail = signal.Signals(-exitcode).name
        except ValueError:
            detail = f"signal {-exitcode}"
    else:
        detail = f"exit code {exitcode}"
    return Issue("err.parse_crashed", "error", file_name, params={**limits, "detail": detail})


def _preload_side_kinds() -> None:
    """Import the side kinds' modules now: the fork server imports this module once, so every child
    forked from it has them, instead of importing them on its first parse_file."""
    from outreach.ingest import side

    with contextlib.suppress(Exception):  # a warm-up only: parse_file imports them again and says why not
        side.side_kinds()


_preload_side_kinds()
