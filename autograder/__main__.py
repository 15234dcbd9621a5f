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
                      force=args.force, progress=not args.no_progress, report=not args.no_report)
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
    if not args.no_report:
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
    print("Regenerated course_lib/, notebooks/, examples/submissions/ and examples/hostile/ from solutions/.")
    return 0


def _gradescope(args):
    from .gradescope import build_zip

    path = build_zip(args.out, args.hidden_visibility)
    print(f"Gradescope autograder written to {path}: upload it as the assignment's autograder "
          "(see docs/instructors.md).")
    return 0


def _gradescope_run(args):
    from .gradescope import run

    return run(args.submission, args.results)


def _submit(args):
    from .submit import main

    return main(name=args.name, out=args.out, run_checks=not args.no_checks)


def _collect(args):
    from .collect import collect
    from .submissions import InputError

    try:
        for student, what in collect(args.paths, args.assignment, args.into):
            print(f"{student}: {what}")
    except InputError as exc:
        print(f"collect: {exc}", file=sys.stderr)
        return 2
    return 0


def _student_repo(args):
    from .student_repo import export

    export(args.dest)
    print(f"Student repository written to {os.path.abspath(args.dest)}")
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
    g.add_argument("--no-report", action="store_true", help="skip the class report (report.html)")
    g.set_defaults(func=_grade)

    r = sub.add_parser("release", help="regenerate the student version (course_lib/, notebooks/) and the "
                                       "example submissions from solutions/")
    r.add_argument("--check", action="store_true", help="only report differences from a fresh generation")
    r.add_argument("--db", default=None, metavar="URL",
                   help="nbgrader gradebook to record the assignments in (default: a temporary one)")
    r.set_defaults(func=_release)

    gs = sub.add_parser("gradescope", help="build the Gradescope autograder zip")
    gs.add_argument("--out", required=True, metavar="FILE.zip")
    gs.add_argument("--hidden-visibility", choices=["hidden", "after_due_date", "after_published", "visible"],
                    default=None, help="when students see hidden checks on Gradescope (default: the rubric's)")
    gs.set_defaults(func=_gradescope)

    gr = sub.add_parser("gradescope-run", help="(run by Gradescope's run_autograder) grade one submission")
    gr.add_argument("submission")
    gr.add_argument("--results", required=True, metavar="FILE")
    gr.set_defaults(func=_gradescope_run)

    sm = sub.add_parser("submit", help="(students) run the self-checks and pack course_lib/ and the "
                                       "notebooks into NAME.zip")
    sm.add_argument("--name", default=None, help="your student id (default: $STUDENT_ID, else your user name)")
    sm.add_argument("--out", default=None, metavar="DIR", help="where to write the zip (default: the course folder)")
    sm.add_argument("--no-checks", action="store_true", help="pack without running the self-checks")
    sm.set_defaults(func=_submit)

    co = sub.add_parser("collect", help="unpack students' zips into nbgrader's submitted/STUDENT/ASSIGNMENT/")
    co.add_argument("paths", nargs="+", metavar="ZIP_OR_FOLDER")
    co.add_argument("--assignment", required=True, help="the nbgrader assignment (a notebook folder name)")
    co.add_argument("--into", default="submitted", metavar="DIR", help="nbgrader's submitted folder (default: submitted)")
    co.set_defaults(func=_collect)

    sr = sub.add_parser("student-repo", help="export the student-facing repository (no solutions, no hidden checks)")
    sr.add_argument("dest", metavar="DEST")
    sr.set_defaults(func=_student_repo)

    sub.add_parser("bench", help="benchmark the grader against nbgrader autograde (prints figures; "
                                 "`bench --help` for its options)")
    return parser


STUDENT_COMMANDS = {"submit"}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv[:1] == ["bench"]:  # its own options
            from . import bench

            return bench.main(argv[1:])
        args = build_parser().parse_args(argv)
        return args.func(args)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("autograder.") and argv[:1] != ["submit"]:
            # The student version of the course ships only the submit command.
            print(f"python -m autograder {argv[0]}: this is the student version of the course; "
                  "grading needs the instructor's copy.", file=sys.stderr)
            return 2
        raise
    except BrokenPipeError:  # output piped into head, say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
