"""``python -m autograder``: the course's command line. ``--help`` lists the subcommands."""

import argparse
import os
import sys


def _grade(args):
    from .grade import GraderError, Options, grade
    from .outputs import table
    from .rubric import load
    from .sandbox import Limits
    from .submissions import InputError

    limits = Limits(call_timeout=args.call_timeout, memory_bytes=args.memory_mb << 20,
                    cpu_seconds=int(args.cpu_seconds))
    options = Options(jobs=args.jobs, sandbox=args.sandbox, limits=limits,
                      submission_timeout=args.submission_timeout, assignment=args.assignment,
                      force=args.force, progress=not args.no_progress)
    try:
        results, summary = grade(args.paths, args.out, options, log=lambda m: print(m, file=sys.stderr))
    except InputError as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return 2
    except GraderError as exc:
        print(f"grade: the grader could not run: {exc}", file=sys.stderr)
        return 3
    if args.gradebook:
        from .nbgrader_sync import export_to_nbgrader

        export_to_nbgrader(results, load(), args.gradebook)
    print(table(results, load()))
    out = os.path.abspath(args.out)
    print(f"\n{summary['graded']} graded, {summary['reused']} unchanged since the last run, "
          f"{len(summary['not_graded'])} not graded, in {summary['seconds']:.1f} s"
          + (f" ({summary['mode']} sandbox)" if summary["mode"] else ""))
    print(f"grades:   {os.path.join(out, 'grades.csv')}")
    print(f"feedback: {os.path.join(out, '<student>', 'feedback.html')} (and results.json)")
    print(f"report:   {os.path.join(out, 'report.html')}")
    if args.gradebook:
        print(f"nbgrader gradebook: {args.gradebook}")
    if summary["not_graded"]:
        for student, why in summary["not_graded"]:
            print(f"NOT GRADED {student}: {why}", file=sys.stderr)
        return 3
    return 0


def _release(args):
    from . import release

    if args.check:
        problems = release.drift()
        for p in problems:
            print(p)
        if problems:
            print("The student version is out of date: run `make release` and commit the result.")
            return 1
        print("The student version is what generation from solutions/ makes.")
        return 0
    release.release(db_url=args.db)
    print("Regenerated course_lib/, notebooks/ and examples/submissions/ from solutions/.")
    return 0


def _positive(kind):
    def parse(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
        return value
    return parse


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    g = sub.add_parser("grade", help="grade submissions and write grades, feedback and a report")
    g.add_argument("paths", nargs="+", metavar="PATH",
                   help="a submission (folder or .zip holding course_lib/) or a folder of them")
    g.add_argument("--out", required=True, metavar="DIR", help="where to write grades and feedback")
    g.add_argument("--jobs", type=_positive(int), default=0, help="parallel graders (default: one per core)")
    g.add_argument("--sandbox", choices=["auto", "bwrap", "plain"], default="auto",
                   help="auto: bubblewrap when it runs, else plain limited processes (with a warning)")
    g.add_argument("--call-timeout", type=_positive(float), default=10.0, metavar="S",
                   help="wall-clock seconds for one call into student code (default 10)")
    g.add_argument("--submission-timeout", type=_positive(float), default=180.0, metavar="S",
                   help="seconds of checks for one submission (default 180)")
    g.add_argument("--memory-mb", type=_positive(int), default=2048, help="address space per student process")
    g.add_argument("--cpu-seconds", type=_positive(int), default=120, help="CPU seconds per student process")
    g.add_argument("--assignment", default=None,
                   help="in nbgrader's submitted/STUDENT/ASSIGNMENT/ layout, the assignment to grade")
    g.add_argument("--gradebook", default=None, metavar="URL",
                   help="also write the scores into this nbgrader gradebook (e.g. sqlite:///gradebook.db)")
    g.add_argument("--force", action="store_true", help="regrade unchanged submissions too")
    g.add_argument("--no-progress", action="store_true", help="no progress bar")
    g.set_defaults(func=_grade)

    r = sub.add_parser("release", help="regenerate the student version (course_lib/, notebooks/) and the "
                                       "example submissions from solutions/")
    r.add_argument("--check", action="store_true", help="only report differences from a fresh generation")
    r.add_argument("--db", default=None, metavar="URL",
                   help="nbgrader gradebook to record the assignments in (default: a temporary one)")
    r.set_defaults(func=_release)

    sub.add_parser("bench", help="benchmark the grader against nbgrader autograde (prints figures; "
                                 "`bench --help` for its options)")
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # its own options
        from . import bench

        return bench.main(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
