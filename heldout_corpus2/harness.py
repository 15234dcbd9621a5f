"""The differential harness of the second held-out corpus.

    .venv/bin/python -m heldout_corpus2.harness                 # every part
    .venv/bin/python -m heldout_corpus2.harness --part kl -v    # one part, every difference
    .venv/bin/python -m heldout_corpus2.harness --name h2_kl_reversed --unguarded

For each entry of ``heldout_corpus2/<part>.py`` it builds a full ``course_lib`` with that one body
swapped into its solution region (``release.build_library`` + ``regions.replace_region``), runs the
part's cases (``cases.py``) against it in a child process that may import only NumPy and the
standard library (``runner.py``), and compares every observation with the reference's
(``compare.py``).

* A mistake is proven when at least one case differs and its ``WITNESS_CASES`` case is among them
  (the witness text describes that case).
* An alternative is proven when no case differs.

Exits 1 if any entry is not proven (or an entry is malformed), 0 otherwise; prints one line per
entry and a table of counts per part and kind.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import importlib
import pathlib
import pickle
import subprocess
import sys
import tempfile

from autograder.authoring.regions import replace_region
from autograder.authoring.release import build_library
from autograder.grading.rubric import load as load_rubric

from . import cases
from .compare import difference

HERE = pathlib.Path(__file__).resolve().parent
RUNNER = HERE / "runner.py"
PARTS = ["mse", "mae", "huber", "bce", "bce_logits", "softmax", "cce", "hinge", "multiclass_hinge", "kl",
         "l1", "l2", "elastic_net", "early_stopping", "dropout", "batchnorm"]
KINDS = ("domain", "repeated-use", "second-output", "environment", "slip")
TARGETS = {
    "mse": {"losses.mse", "losses.mse_grad"},
    "mae": {"losses.mae", "losses.mae_grad"},
    "huber": {"losses.huber", "losses.huber_grad"},
    "bce": {"losses.binary_cross_entropy", "losses.binary_cross_entropy_grad"},
    "bce_logits": {"losses.binary_cross_entropy_with_logits", "losses.binary_cross_entropy_with_logits_grad"},
    "softmax": {"losses.softmax", "losses.log_softmax"},
    "cce": {"losses.categorical_cross_entropy", "losses.categorical_cross_entropy_grad"},
    "hinge": {"losses.hinge", "losses.hinge_grad"},
    "multiclass_hinge": {"losses.multiclass_hinge", "losses.multiclass_hinge_grad"},
    "kl": {"losses.kl_divergence", "losses.kl_divergence_grad"},
    "l1": {"penalties.l1", "penalties.l1_grad"},
    "l2": {"penalties.l2", "penalties.l2_grad"},
    "elastic_net": {"penalties.elastic_net", "penalties.elastic_net_grad"},
    "early_stopping": {"training.EarlyStopping.step"},
    "dropout": {"layers.Dropout.forward", "layers.Dropout.backward"},
    "batchnorm": {"layers.BatchNorm1d.forward", "layers.BatchNorm1d.backward"},
}
MISTAKE_KEYS = {"name", "target", "body", "cause", "kind", "witness"}
ALTERNATIVE_KEYS = {"name", "target", "body", "why", "tested"}


def load_part(part):
    module = importlib.import_module(f"heldout_corpus2.{part}")
    return module.MISTAKES, module.ALTERNATIVES, getattr(module, "WITNESS_CASES", {})


def validate(parts):
    """Problems with the entries themselves (keys, names, kinds, targets, witnesses), as strings."""
    problems, seen = [], set()
    for part in parts:
        mistakes, alternatives, witnesses = load_part(part)
        for group, keys in ((mistakes, MISTAKE_KEYS), (alternatives, ALTERNATIVE_KEYS)):
            for e in group:
                name = e.get("name", "?")
                if set(e) != keys:
                    problems.append(f"{part}/{name}: keys {sorted(e)} instead of {sorted(keys)}")
                if not name.startswith("h2_"):
                    problems.append(f"{part}/{name}: the name must start with h2_")
                if name in seen:
                    problems.append(f"{part}/{name}: the name is used twice")
                seen.add(name)
                if e.get("target") not in TARGETS[part]:
                    problems.append(f"{part}/{name}: target {e.get('target')!r} is not one of {sorted(TARGETS[part])}")
                if "kind" in keys and e.get("kind") not in KINDS:
                    problems.append(f"{part}/{name}: kind {e.get('kind')!r} is not one of {KINDS}")
                if "kind" in keys and name not in witnesses:
                    problems.append(f"{part}/{name}: no WITNESS_CASES entry")
        extra = set(witnesses) - {e["name"] for e in mistakes}
        if extra:
            problems.append(f"{part}: WITNESS_CASES names no mistake: {sorted(extra)}")
    return problems


def _transform(target, body):
    module, _, qualname = target.partition(".")

    def transform(mod, text):
        return replace_region(text, qualname, body, f"{mod}.py") if mod == module else text
    return transform


def observe(lib_parent, part, unguarded=False, timeout=600):
    with tempfile.NamedTemporaryFile(suffix=".pickle") as out:
        cmd = [sys.executable, str(RUNNER), str(lib_parent), part, out.name]
        if unguarded:
            cmd.append("--unguarded")
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            return {"error": f"runner failed ({done.returncode}): {done.stderr[-2000:]}"}
        with open(out.name, "rb") as fh:
            return pickle.load(fh)


def build_and_observe(workdir, entry, part, rubric, unguarded=False):
    lib_parent = pathlib.Path(workdir) / entry["name"]
    build_library(lib_parent / "course_lib", rubric, _transform(entry["target"], entry["body"]))
    return observe(lib_parent, part, unguarded)


def differences(ref, got):
    """{case_id: sentence} for every case where ``got`` differs from ``ref``."""
    if "error" in got:
        return {"(runner)": got["error"]}
    out = {}
    for cid, robs in ref["obs"].items():
        rtol, atol = ref["tol"].get(cid, cases.DEFAULT_TOL)
        if cid not in got["obs"]:
            out[cid] = "missing"
            continue
        d = difference(robs, got["obs"][cid], rtol, atol)
        if d:
            out[cid] = d
    return out


def new_warnings(ref, got, target):
    """{case_id: [messages]} the candidate emits in its own function's cases and the reference does not."""
    if "error" in got:
        return {}
    func = target.rpartition(".")[2] if target.startswith(("losses.", "penalties.")) else None
    out = {}
    for cid, messages in got.get("warnings", {}).items():
        if func is not None and cid.partition("/")[0] != func:
            continue
        extra = sorted(set(messages) - set(ref.get("warnings", {}).get(cid, [])))
        if extra:
            out[cid] = extra
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", action="append", choices=PARTS, help="only this part (repeatable)")
    ap.add_argument("--name", action="append", help="only this entry (repeatable)")
    ap.add_argument("--jobs", type=int, default=2, help="child processes at once (default 2)")
    ap.add_argument("--unguarded", action="store_true", help="let candidates import anything (scipy, sklearn)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every differing case")
    args = ap.parse_args(argv)
    parts = args.part or PARTS

    if args.unguarded:
        print("UNGUARDED: candidates may import scipy and sklearn; the environment mistakes are expected "
              "to agree (or to fail only where those libraries do)\n")
    problems = validate(parts)
    for p in problems:
        print("MALFORMED", p)
    rubric = load_rubric()
    jobs = []
    for part in parts:
        mistakes, alternatives, witnesses = load_part(part)
        for kind, group in (("mistake", mistakes), ("alternative", alternatives)):
            for e in group:
                if args.name and e["name"] not in args.name:
                    continue
                jobs.append((part, kind, e, witnesses.get(e["name"])))
    failed = bool(problems)
    counts: dict = collections.defaultdict(collections.Counter)
    with tempfile.TemporaryDirectory(prefix="h2-harness-") as work:
        ref_lib = pathlib.Path(work) / "_reference"
        build_library(ref_lib / "course_lib", rubric)
        needed = sorted({part for part, *_ in jobs})
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            refs = dict(zip(needed, pool.map(lambda p: observe(ref_lib, p), needed)))
            for part, ref in refs.items():
                if "error" in ref:
                    print(f"REFERENCE FAILED on {part}: {ref['error']}")
                    return 2
            futures = [pool.submit(build_and_observe, work, e, part, rubric, args.unguarded)
                       for part, kind, e, w in jobs]
            for (part, kind, e, witness_case), fut in zip(jobs, futures):
                got = fut.result()
                diffs = differences(refs[part], got)
                if kind == "mistake":
                    ok = witness_case in diffs
                    status = "caught" if ok else ("WITNESS-AGREES" if diffs else "NO-DIFFERENCE")
                    counts[part][e["kind"]] += 1
                    line = f"{status:15} {part:17} {e['name']:46} {len(diffs):3} case(s) differ"
                    if ok:
                        line += f"; witness {witness_case}: {diffs[witness_case]}"
                    elif diffs:
                        line += f"; named witness {witness_case} agrees; first: {next(iter(diffs.items()))}"
                else:
                    ok = not diffs
                    status = "agrees" if ok else "ALT-DIFFERS"
                    counts[part]["alternative"] += 1
                    n = len(refs[part]["obs"])
                    line = f"{status:15} {part:17} {e['name']:46} on all {n} cases"
                    if not ok:
                        line = f"{status:15} {part:17} {e['name']:46} {len(diffs)} of {n} cases differ"
                    extra = new_warnings(refs[part], got, e["target"])
                    if extra:
                        line += f"  [new warnings in {len(extra)} case(s), e.g. {next(iter(extra.items()))}]"
                failed |= not ok
                print(line)
                if args.verbose or (kind == "alternative" and not ok):
                    for cid, d in diffs.items():
                        print(f"      {cid}: {d}")
    print()
    kinds = list(KINDS) + ["alternative"]
    print(f"{'part':17}" + "".join(f"{k:>14}" for k in kinds) + f"{'mistakes':>10}")
    total: collections.Counter = collections.Counter()
    for part in parts:
        c = counts[part]
        total.update(c)
        print(f"{part:17}" + "".join(f"{c[k]:>14}" for k in kinds) + f"{sum(c[k] for k in KINDS):>10}")
    print(f"{'total':17}" + "".join(f"{total[k]:>14}" for k in kinds) + f"{sum(total[k] for k in KINDS):>10}")
    print("\nALL PROVEN" if not failed else "\nSOME ENTRIES ARE NOT PROVEN (see the lines in capitals)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
