"""One memory budget and one CPU count per submission: a memory (and pids) cgroup around each
sandboxed child, where the machine lets the grader make one.

Inside a cgroup, everything the submission's processes use counts against one limit: heap, mmap,
System V and POSIX shared memory, tmpfs files, page tables, many processes together; and when the
limit is reached the kernel kills a process *of that cgroup*, never the grader. Both cgroup
versions are handled: v2 where the grader's own cgroup delegates the memory controller, v1 where
its memory hierarchy is writable (root on most machines without systemd's v2-only layout).

The same cgroup counts the CPU time of everything in it, threads and processes that have already
exited included (v2: ``cpu.stat``, which every cgroup has; v1: a ``cpuacct`` group beside the
memory one): ``Cage.cpu_seconds``. The sandbox reads it for its deadlines and the speed checks.

Where neither can be made (a container with a read-only /sys/fs/cgroup, a user without the
rights), ``Cage.create`` returns None and the sandbox falls back to bounding each process's
address space and the number of processes (see ``Sandbox``).
"""

from __future__ import annotations

import os
import shutil
import time

V1_ROOT = "/sys/fs/cgroup"
V2_ROOTS = ("/sys/fs/cgroup", "/sys/fs/cgroup/unified")


def _own_cgroups() -> dict[str, str]:
    """{controller or "": path} from /proc/self/cgroup ("" is the v2 hierarchy)."""
    found = {}
    try:
        with open("/proc/self/cgroup") as f:
            for line in f:
                _, controllers, path = line.rstrip("\n").split(":", 2)
                for c in controllers.split(",") if controllers else [""]:
                    found[c] = path
    except OSError:
        pass
    return found


def _write(path: str, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


class Cage:
    """A cgroup (v1: memory, pids and cpuacct; v2: one group) that one sandbox's processes live in."""

    def __init__(self, version: int, dirs: list[str]):
        self.version, self.dirs = version, dirs
        self.cpu_file: str | None = None      # v2: cpu.stat; v1: cpuacct.usage (None: no CPU count)

    @classmethod
    def create(cls, name: str, memory_bytes: int, processes: int) -> Cage | None:
        """A new cage named ``name`` below the grader's own cgroups, or None if none can be made."""
        own = _own_cgroups()
        for maker in (cls._v2, cls._v1):
            try:
                cage = maker(own, name, memory_bytes, processes)
            except OSError:
                cage = None
            if cage is not None:
                return cage
        return None

    @classmethod
    def _v2(cls, own, name, memory_bytes, processes):
        if "" not in own:
            return None
        for root in V2_ROOTS:
            parent = root + own[""].rstrip("/")
            try:
                with open(os.path.join(parent, "cgroup.subtree_control")) as f:
                    delegated = f.read().split()
            except OSError:
                continue
            if "memory" not in delegated:
                continue
            path = os.path.join(parent, name)
            os.makedirs(path, exist_ok=True)
            cage = cls(2, [path])
            if os.path.exists(os.path.join(path, "cpu.stat")):
                cage.cpu_file = os.path.join(path, "cpu.stat")
            try:
                _write(os.path.join(path, "memory.max"), str(memory_bytes))
                if os.path.exists(os.path.join(path, "memory.swap.max")):
                    _write(os.path.join(path, "memory.swap.max"), "0")
                if os.path.exists(os.path.join(path, "memory.oom.group")):
                    _write(os.path.join(path, "memory.oom.group"), "1")
                if os.path.exists(os.path.join(path, "pids.max")):
                    _write(os.path.join(path, "pids.max"), str(processes))
            except OSError:
                cage.destroy()
                raise
            return cage
        return None

    @classmethod
    def _v1(cls, own, name, memory_bytes, processes):
        if "memory" not in own or not os.path.isdir(os.path.join(V1_ROOT, "memory")):
            return None
        mem = os.path.join(V1_ROOT, "memory", own["memory"].lstrip("/"), name)
        os.makedirs(mem, exist_ok=True)
        cage = cls(1, [mem])
        try:
            _write(os.path.join(mem, "memory.limit_in_bytes"), str(memory_bytes))
            swap = os.path.join(mem, "memory.memsw.limit_in_bytes")
            if os.path.exists(swap):
                _write(swap, str(memory_bytes))
            if "pids" in own and os.path.isdir(os.path.join(V1_ROOT, "pids")):
                pids = os.path.join(V1_ROOT, "pids", own["pids"].lstrip("/"), name)
                os.makedirs(pids, exist_ok=True)
                cage.dirs.append(pids)
                _write(os.path.join(pids, "pids.max"), str(processes))
            cage._v1_cpuacct(own, name)
        except OSError:
            cage.destroy()
            raise
        return cage

    def _v1_cpuacct(self, own, name) -> None:
        """A cpuacct group too, where its hierarchy is writable (often mounted as cpu,cpuacct)."""
        for mount in ("cpuacct", "cpu,cpuacct", "cpuacct,cpu"):
            top = os.path.join(V1_ROOT, mount)
            if "cpuacct" not in own or not os.path.isfile(os.path.join(top, "cpuacct.usage")):
                continue
            path = os.path.join(top, own["cpuacct"].lstrip("/"), name)
            try:
                os.makedirs(path, exist_ok=True)
            except OSError:
                return
            self.dirs.append(path)
            self.cpu_file = os.path.join(path, "cpuacct.usage")
            return

    def describe(self, memory_bytes: int) -> str:
        return f"memory cgroup v{self.version} ({memory_bytes >> 20} MiB for all its processes)"

    def enter(self) -> None:
        """Move the calling process into the cage (run in the new child before it starts)."""
        pid = str(os.getpid())
        for d in self.dirs:
            _write(os.path.join(d, "cgroup.procs"), pid)

    def cpu_seconds(self) -> float | None:
        """CPU time of everything that ever ran in the cage (exited threads and processes too), or
        None where the cgroup does not count it."""
        if self.cpu_file is None:
            return None
        try:
            with open(self.cpu_file, "rb") as f:
                text = f.read()
        except OSError:
            return None
        if self.version == 1:
            return int(text) / 1e9
        for line in text.splitlines():          # v2: "usage_usec 1234" is the first line
            if line.startswith(b"usage_usec "):
                return int(line.split()[1]) / 1e6
        return None

    def pids(self) -> list[int]:
        found = []
        for d in self.dirs:
            try:
                with open(os.path.join(d, "cgroup.procs")) as f:
                    found += [int(x) for x in f.read().split()]
            except OSError:
                pass
        return found

    def destroy(self) -> float | None:
        """Kill whatever is still inside and remove the cgroup; returns its final CPU count (once
        nothing is left running in it), as ``cpu_seconds``."""
        for attempt in range(50):
            left = self.pids()
            for pid in left:
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass
            if not left:
                break
            time.sleep(0.01 * (attempt + 1))
        final = self.cpu_seconds()
        for d in self.dirs:
            try:
                os.rmdir(d)
            except OSError:
                shutil.rmtree(d, ignore_errors=True)
        return final


def container_memory_limit() -> int | None:
    """The memory limit of the cgroup the grader itself runs in (a container's), if any."""
    own = _own_cgroups()
    candidates = []
    if "" in own:
        candidates += [r + own[""].rstrip("/") + "/memory.max" for r in V2_ROOTS]
    if "memory" in own:
        candidates.append(os.path.join(V1_ROOT, "memory", own["memory"].lstrip("/"), "memory.limit_in_bytes"))
    for path in candidates:
        try:
            with open(path) as f:
                text = f.read().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < (1 << 60):
            return int(text)
    return None


def available_memory() -> int:
    """Bytes this grader may reasonably use: MemAvailable, capped by its container's limit."""
    available = 0
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    available = int(line.split()[1]) << 10
    except OSError:
        pass
    limit = container_memory_limit()
    if limit:
        available = min(available or limit, limit)
    return available or (4 << 30)
