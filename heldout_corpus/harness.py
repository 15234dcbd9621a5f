"""Differential harness for the held-out corpus: prove every mistake differs from the reference
somewhere the contract allows, and every alternative agrees everywhere we look.

    .venv/bin/python -m heldout_corpus.harness                 # every part, every entry
    .venv/bin/python -m heldout_corpus.harness dropout kl      # some parts
    .venv/bin/python -m heldout_corpus.harness --name ho_mse_len_first_axis -v
    .venv/bin/python -m heldout_corpus.harness --counts        # counts per part and kind (no run)

For each entry it builds a full ``course_lib`` with the entry's body swapped into its region
(``release.build_library`` + ``regions.replace_region``), runs the part's probes on it in a child
process (``probes.py``, with imports other than NumPy and the standard library blocked, as in the
grader's sandbox) and compares what came back with the reference's results probe by probe:

* a mistake passes when its declared ``probe`` differs (that is its witness); the other probes
  that differ are listed with ``-v``;
* an alternative passes when no probe differs;
* an ``environment`` mistake is also run without the block, to show whether the import is its only
  fault.

Exit status 0 when every entry holds its claim. Comparison: same kind of value (a Python float
for a float, an ndarray or NumPy scalar of the same shape and dtype for an array, the same
container types, the same exception type), NaN and inf in the same places, and finite numbers
within 1e-9 relative (plus 1e-12 of the array's largest magnitude); a timing probe differs when
the entry is more than 20 times slower than the reference and takes over 0.1 s.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import importlib
import os
import pathlib
import pickle
import subprocess
import sys
import tempfile
import textwrap

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
PARTS = ("mse", "mae", "huber", "bce", "bce_logits", "softmax", "cce", "hinge", "multiclass_hinge", "kl",
         "l1", "l2", "elastic_net", "early_stopping", "dropout", "batchnorm")
KINDS = ("domain", "repeated-use", "second-output", "environment", "slip")
MISTAKE_KEYS = {"name", "target", "body", "cause", "kind", "witness", "probe"}
ALTERNATIVE_KEYS = {"name", "target", "body", "why", "tested"}
RTOL, ATOL_OF_MAX = 1e-9, 1e-12
SLOWER, SLOW_SECONDS = 20.0, 0.1


# --------------------------------------------------------------------------------------------
# Entries
# --------------------------------------------------------------------------------------------

Entry = collections.namedtuple("Entry", "part role data")


def load_entries(parts=PARTS):
    entries = []
    for part in parts:
        if not (HERE / f"{part}.py").exists():
            print(f"warning: heldout_corpus/{part}.py is missing", file=sys.stderr)
            continue
        module = importlib.import_module(f"heldout_corpus.{part}")
        entries += [Entry(part, "mistake", m) for m in module.MISTAKES]
        entries += [Entry(part, "alternative", a) for a in module.ALTERNATIVES]
    return entries


def regions_by_target():
    """``"losses.mse"``-style names of every solution region of the reference."""
    from autograder.authoring.regions import solution_regions

    found = set()
    for src in sorted((ROOT / "solutions" / "course_lib").glob("*.py")):
        for region in solution_regions(src.read_text(), src.name):
            found.add(f"{src.stem}.{region.qualname}")
    return found


def validate(entries, all_entries=None):
    """Problems with the data itself (missing keys, duplicate names, unknown targets or kinds)."""
    problems = []
    targets = regions_by_target()
    names = collections.Counter(e.data.get("name") for e in (all_entries or entries))
    for e in entries:
        d, name = e.data, e.data.get("name", "?")
        want = MISTAKE_KEYS if e.role == "mistake" else ALTERNATIVE_KEYS
        if set(d) != want:
            problems.append(f"{name}: keys {sorted(set(d) ^ want)} missing or unexpected")
        if not str(name).startswith("ho_"):
            problems.append(f"{name}: names start with ho_")
        if names[name] > 1:
            problems.append(f"{name}: name used {names[name]} times")
        if d.get("target") not in targets:
            problems.append(f"{name}: target {d.get('target')!r} is not a solution region")
        if e.role == "mistake" and d.get("kind") not in KINDS:
            problems.append(f"{name}: kind {d.get('kind')!r} not one of {KINDS}")
        try:
            compile(textwrap.dedent(d.get("body", "")), name, "exec")
        except SyntaxError:
            # a body with a bare `return` outside a function still compiles inside one
            try:
                compile("def _f():\n" + textwrap.indent(textwrap.dedent(d.get("body", "")), "    "), name, "exec")
            except SyntaxError as exc:
                problems.append(f"{name}: body does not compile ({exc})")
    return problems


# --------------------------------------------------------------------------------------------
# Building and running
# --------------------------------------------------------------------------------------------

def build(dest: pathlib.Path, data=None):
    """A full course_lib in ``dest/course_lib``: the reference, or with ``data``'s body swapped in."""
    from autograder.authoring.regions import replace_region
    from autograder.authoring.release import build_library

    transform = None
    if data is not None:
        module, _, qualname = data["target"].partition(".")

        def transform(mod, text):
            return replace_region(text, qualname, data["body"], f"{mod}.py") if mod == module else text

    build_library(dest / "course_lib", transform=transform)
    return dest


def run_probes(libparent: pathlib.Path, part, block=True, speed=True, timeout=900):
    out = libparent / f"results-{part}-{int(block)}.pkl"
    cmd = [sys.executable, str(HERE / "probes.py"), str(libparent), part, str(out)]
    cmd += ["--block"] * block + ["--speed"] * speed
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", PYTHONHASHSEED="0",
               PYTHONDONTWRITEBYTECODE="1")
    try:
        done = subprocess.run(cmd, cwd=str(libparent), env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"__crashed__": ("__raised__", "Timeout", f"the probes took over {timeout} s")}
    if done.returncode != 0 or not out.exists():
        return {"__crashed__": ("__raised__", "ChildCrashed", (done.stderr or done.stdout)[-600:])}
    with open(out, "rb") as fh:
        return pickle.load(fh)


# --------------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------------

def _short(value):
    if isinstance(value, np.ndarray):
        body = " ".join(np.array2string(value.ravel()[:6], precision=6, threshold=6).split())
        return f"ndarray{value.shape} {value.dtype} {body}{'...' if value.size > 6 else ''}"
    if isinstance(value, np.generic):
        return f"{type(value).__name__}({value!r})"
    text = " ".join(repr(value).split())
    return text if len(text) < 90 else text[:87] + "..."


def _tagged(value, tag):
    return isinstance(value, tuple) and len(value) >= 2 and isinstance(value[0], str) and value[0] == tag


def differ(ref, got, path=""):
    """None when ``got`` matches ``ref``, else a one-line description of the first difference."""
    where = f"{path}: " if path else ""
    if _tagged(ref, "__timing__"):
        if not _tagged(got, "__timing__"):
            return f"{where}expected a timing, got {_short(got)}"
        if got[1] > SLOW_SECONDS and got[1] > SLOWER * ref[1]:
            return f"{where}took {got[1]:.3f} s against the reference's {ref[1]:.4f} s"
        return None
    if _tagged(got, "__raised__") and not _tagged(ref, "__raised__"):
        return f"{where}raised {got[1]}: {got[2][:120]}"
    if _tagged(ref, "__raised__"):
        if _tagged(got, "__raised__") and got[1] == ref[1]:
            return None
        return f"{where}expected {ref[1]} to be raised, got {_short(got)}"
    if isinstance(ref, np.ndarray) or (isinstance(ref, np.generic) and not isinstance(ref, np.bool_)):
        if not isinstance(got, (np.ndarray, np.generic)):
            return f"{where}expected {_short(ref)}, got {type(got).__name__} {_short(got)}"
        a, b = np.asarray(got), np.asarray(ref)
        if a.shape != b.shape:
            return f"{where}shape {a.shape} instead of {b.shape}"
        if a.dtype != b.dtype:
            return f"{where}dtype {a.dtype} instead of {b.dtype}"
        return _numbers(a, b, where)
    if isinstance(ref, bool) or isinstance(ref, np.bool_):
        if type(got) is not type(ref):
            return f"{where}expected {type(ref).__name__} {ref!r}, got {type(got).__name__} {_short(got)}"
        return None if got == ref else f"{where}{got!r} instead of {ref!r}"
    if isinstance(ref, float):
        if not isinstance(got, float) or isinstance(got, bool):
            return f"{where}expected a float {ref!r}, got {type(got).__name__} {_short(got)}"
        return _numbers(np.asarray(float(got)), np.asarray(ref), where)
    if isinstance(ref, int):
        if type(got) is not int:
            return f"{where}expected int {ref!r}, got {type(got).__name__} {_short(got)}"
        return None if got == ref else f"{where}{got!r} instead of {ref!r}"
    if ref is None or isinstance(ref, str):
        return None if got == ref and type(got) is type(ref) else f"{where}{_short(got)} instead of {_short(ref)}"
    if isinstance(ref, (list, tuple)):
        if type(got) is not type(ref):
            return f"{where}expected a {type(ref).__name__}, got {type(got).__name__} {_short(got)}"
        if len(got) != len(ref):
            return f"{where}{len(got)} items instead of {len(ref)}"
        for i, (g, r) in enumerate(zip(got, ref)):
            msg = differ(r, g, f"{path}[{i}]")
            if msg:
                return msg
        return None
    if isinstance(ref, dict):
        if type(got) is not dict:
            return f"{where}expected a dict, got {type(got).__name__} {_short(got)}"
        if set(got) != set(ref):
            return f"{where}keys {sorted(map(str, got))} instead of {sorted(map(str, ref))}"
        for k in ref:
            msg = differ(ref[k], got[k], f"{path}.{k}" if path else str(k))
            if msg:
                return msg
        return None
    return None if got == ref else f"{where}{_short(got)} instead of {_short(ref)}"


def _numbers(a, b, where):
    if a.dtype.kind not in "fc" or b.dtype.kind not in "fc":
        return None if np.array_equal(a, b) else f"{where}{_short(a)} instead of {_short(b)}"
    nan_a, nan_b = np.isnan(a), np.isnan(b)
    if not np.array_equal(nan_a, nan_b):
        i = _index(np.argwhere(nan_a != nan_b)[0])
        return f"{where}{float(a[i])!r} instead of {float(b[i])!r}{_at(i)}"
    inf_a, inf_b = np.isinf(a), np.isinf(b)
    if not np.array_equal(inf_a, inf_b) or not np.array_equal(a[inf_a], b[inf_b]):
        i = _index(np.argwhere((inf_a != inf_b) | (np.isinf(a) & (a != b)))[0])
        return f"{where}{float(a[i])!r} instead of {float(b[i])!r}{_at(i)}"
    fin = np.isfinite(b)
    if not fin.any():
        return None
    scale = float(np.max(np.abs(b[fin])))
    with np.errstate(all="ignore"):
        err = np.abs(a - b)
        bad = fin & (err > RTOL * np.abs(b) + ATOL_OF_MAX * scale + 1e-300)
    if bad.any():
        i = _index(np.argwhere(bad)[0])
        return f"{where}{float(a[i])!r} instead of {float(b[i])!r}{_at(i)}"
    return None


def _index(row):
    return tuple(int(k) for k in row)


def _at(i):
    return f" at {i}" if i else ""


def compare(ref, got):
    """``probe -> difference`` for every probe whose result differs."""
    if "__crashed__" in got:
        return {"__crashed__": got["__crashed__"][2]}
    diffs = {}
    for name, r in ref.items():
        msg = differ(r, got.get(name, ("__missing__",)))
        if msg:
            diffs[name] = msg
    return diffs


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def check_entry(entry, ref, tmp, speed):
    d = entry.data
    lib = build(pathlib.Path(tempfile.mkdtemp(dir=tmp, prefix=d["name"] + "-")), d)
    diffs = compare(ref, run_probes(lib, entry.part, block=True, speed=speed))
    info = ""
    if entry.role == "mistake":
        probe = d["probe"]
        if probe not in ref and "speed" in probe and not speed:
            return entry, True, "skipped (its witness is a timing probe)", diffs, info
        ok = probe in diffs
        why = diffs.get(probe) or (f"declared probe {probe!r} does not differ" if probe in ref
                                   else f"declared probe {probe!r} does not exist")
        if d["kind"] == "environment":
            unblocked = compare(ref, run_probes(lib, entry.part, block=False, speed=False))
            unblocked = {k: v for k, v in unblocked.items() if "speed" not in k}
            info = ("with the package available it agrees everywhere" if not unblocked
                    else f"with the package available {len(unblocked)} probes still differ: "
                         + "; ".join(f"{k}: {v}" for k, v in list(unblocked.items())[:2]))
    else:
        ok = not diffs
        why = "agrees on every probe" if ok else f"{len(diffs)} probes differ"
    return entry, ok, why, diffs, info


def counts(entries):
    table = collections.defaultdict(collections.Counter)
    for e in entries:
        table[e.part]["alternatives" if e.role == "alternative" else e.data["kind"]] += 1
    cols = list(KINDS) + ["alternatives"]
    lines = ["| part | " + " | ".join(cols) + " | mistakes |", "|---" * (len(cols) + 2) + "|"]
    total = collections.Counter()
    for part in PARTS:
        if part not in table:
            continue
        row = table[part]
        total.update(row)
        n = sum(row[k] for k in KINDS)
        lines.append(f"| {part} | " + " | ".join(str(row[c]) for c in cols) + f" | {n} |")
    lines.append("| **total** | " + " | ".join(str(total[c]) for c in cols) + f" | {sum(total[k] for k in KINDS)} |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("parts", nargs="*", default=list(PARTS))
    ap.add_argument("--name", action="append", help="only these entries (repeatable)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--no-speed", action="store_true", help="skip the timing probes")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every differing probe")
    ap.add_argument("--counts", action="store_true", help="print counts per part and kind, run nothing")
    args = ap.parse_args(argv)
    for part in args.parts:
        if part not in PARTS:
            ap.error(f"unknown part {part!r}; parts: {', '.join(PARTS)}")
    every = load_entries()
    entries = [e for e in every if e.part in args.parts and (not args.name or e.data["name"] in args.name)]
    problems = validate(entries, every)
    if problems:
        print("\n".join(problems))
        return 2
    if args.counts:
        print(counts(every if not args.name and set(args.parts) == set(PARTS) else entries))
        return 0
    speed = not args.no_speed
    failures = 0
    with tempfile.TemporaryDirectory(prefix="heldout-") as tmp:
        refs = {}
        ref_lib = build(pathlib.Path(tmp) / "reference")
        for part in sorted({e.part for e in entries}):
            refs[part] = run_probes(ref_lib, part, block=True, speed=speed)
            if "__crashed__" in refs[part]:
                print(f"reference crashed on {part}: {refs[part]['__crashed__']}")
                return 2
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            jobs = [pool.submit(check_entry, e, refs[e.part], tmp, speed) for e in entries]
            for job in jobs:
                entry, ok, why, diffs, info = job.result()
                failures += not ok
                role = "M" if entry.role == "mistake" else "A"
                print(f"{'ok  ' if ok else 'FAIL'} {role} {entry.part:16s} {entry.data['name']}: {why}"
                      + (f" [{info}]" if info else ""))
                if args.verbose or not ok:
                    for probe, msg in list(diffs.items())[: (None if args.verbose else 5)]:
                        print(f"        {probe}: {msg}")
                    if entry.role == "mistake" and args.verbose:
                        print(f"        ({len(diffs)} of {len(refs[entry.part])} probes differ)")
    n_m = sum(e.role == "mistake" for e in entries)
    print(f"\n{len(entries)} entries ({n_m} mistakes, {len(entries) - n_m} alternatives): "
          f"{len(entries) - failures} hold their claim, {failures} do not")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
