"""``python -m autograder``: the course's command line. ``--help`` lists the subcommands."""

import argparse
import os
import sys


def _grade(args):
    from .grading.grade import GraderError, Options, grade
    from .grading.limits import Limits
    from .grading.outputs import table, terminal_text
    from .grading.rubric import load
    from .grading.sandbox import SandboxUnavailable
    from .grading.submissions import InputError

    limits = Limits(**{f.name: getattr(args, f.name) for f in limit_fields() if f.metadata["flag"]})
    options = Options(jobs=args.jobs, sandbox=args.sandbox, limits=limits, assignment=args.assignment,
                      force=args.force, progress=not args.no_progress, report=not args.no_report)
    try:
        results, summary = grade(args.paths, args.out, options,
                                 log=lambda m: print(terminal_text(m), file=sys.stderr))
    except InputError as exc:
        print(f"grade: {terminal_text(exc)}", file=sys.stderr)
        return 2
    except (GraderError, SandboxUnavailable) as exc:
        print(f"grade: the grader could not run: {terminal_text(exc)}", file=sys.stderr)
        return 3
    if args.gradebook:
        from .integrations.nbgrader_sync import export_to_nbgrader

        # nbgrader_sync reads results as dicts (SubmissionResult.to_json())
        export_to_nbgrader([r.to_json() for r in results], load(), args.gradebook)
    print(table(results, load()))
    out = os.path.abspath(args.out)
    print(f"\n{summary.graded} graded, {summary.reused} unchanged since the last run, "
          f"{len(summary.not_graded)} not graded, in {summary.seconds:.1f} s")
    if summary.sandbox:
        print(f"sandbox:  {summary.sandbox}")
    for student, why in summary.unusable:
        print(terminal_text(f"UNUSABLE {student}: {why}"))
    print(f"grades:   {os.path.join(out, 'grades.csv')}")
    print(f"feedback: {os.path.join(out, '<student>', 'feedback.html')} (and results.json)")
    if not args.no_report:
        print(f"report:   {os.path.join(out, 'report.html')}")
    if args.gradebook:
        print(f"nbgrader gradebook: {args.gradebook}")
    if summary.not_graded:
        for student, why in summary.not_graded:
            print(terminal_text(f"NOT GRADED {student}: {why}"), file=sys.stderr)
        return 3
    return 0


def limit_fields():
    from .grading.limits import fields

    return fields()


def _release(args):
    from .authoring import docs, release

    if args.check:
        from .grading.notebooks import problems as notebook_problems

        problems = release.drift() + docs.drift() + notebook_problems()
        for p in problems:
            print(p)
        if problems:
            print("The student version is out of date: run `make release` and commit the result.")
            return 1
        print("The student version is what generation from solutions/ makes.")
        return 0
    release.release(db_url=args.db)
    changed = docs.regenerate()
    print("Regenerated course_lib/ and notebooks/ from solutions/"
          + (f", and the generated parts of {', '.join(changed)}." if changed else "."))
    return 0


def _examples(args):
    from .authoring.release import build_examples

    dest = build_examples(args.dest)
    print(f"Example submissions in {dest / 'submissions'}, hostile ones in {dest / 'hostile'}.")
    return 0


def _gradescope(args):
    from .integrations.gradescope import build_zip

    path = build_zip(args.out, args.hidden_visibility)
    print(f"Gradescope autograder written to {path}: upload it as the assignment's autograder "
          "(see docs/instructors.md).")
    return 0


def _gradescope_run(args):
    from .integrations.gradescope import run

    return run(args.submission, args.results, args.sandbox)


def _notebooks(args):
    from .integrations.nbgrader_notebooks import main

    return main(args)


def _collect(args):
    from .grading.outputs import terminal_text
    from .grading.submissions import InputError
    from .integrations.collect import collect

    try:
        report = collect(args.paths, args.assignment, args.into)
    except InputError as exc:
        print(f"collect: {terminal_text(exc)}", file=sys.stderr)
        return 2
    for student, what, _ in report:
        print(terminal_text(f"{student}: {what}"))
    skipped = [s for s, _, ok in report if not ok]
    if skipped:
        print(f"collect: {len(skipped)} submission(s) could not be used: {', '.join(skipped)}", file=sys.stderr)
        return 1
    return 0


def _student_repo(args):
    from .authoring.student_repo import export

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
    from .grading.limits import Limits

    for f in limit_fields():
        if f.metadata["flag"]:
            kind = type(getattr(Limits(), f.name))
            g.add_argument(f.metadata["flag"], dest=f.name, type=_positive(kind), default=getattr(Limits(), f.name),
                           metavar=f.metadata["unit"].upper(),
                           help=f"{f.metadata['what']} (default {getattr(Limits(), f.name):g} {f.metadata['unit']})")
    g.add_argument("--assignment", default=None,
                   help="in nbgrader's submitted/STUDENT/ASSIGNMENT/ layout, the assignment to grade")
    g.add_argument("--gradebook", default=None, metavar="URL",
                   help="also write the scores into this nbgrader gradebook (e.g. sqlite:///gradebook.db)")
    g.add_argument("--force", action="store_true", help="regrade unchanged submissions too")
    g.add_argument("--no-progress", action="store_true", help="no progress bar")
    g.add_argument("--no-report", action="store_true", help="skip the class report (report.html)")
    g.set_defaults(func=_grade)

    r = sub.add_parser("release", help="regenerate the student version (course_lib/, notebooks/) from solutions/")
    r.add_argument("--check", action="store_true", help="only report differences from a fresh generation")
    r.add_argument("--db", default=None, metavar="URL",
                   help="nbgrader gradebook to record the assignments in (default: a temporary one)")
    r.set_defaults(func=_release)

    ex = sub.add_parser("examples", help="build the example and hostile submissions into DEST (not committed)")
    ex.add_argument("dest", metavar="DEST", nargs="?", default="build/examples")
    ex.set_defaults(func=_examples)

    gs = sub.add_parser("gradescope", help="build the Gradescope autograder zip")
    gs.add_argument("--out", required=True, metavar="FILE.zip")
    gs.add_argument("--hidden-visibility", choices=["hidden", "after_due_date", "after_published", "visible"],
                    default=None, help="when students see hidden checks on Gradescope (default: the rubric's)")
    gs.set_defaults(func=_gradescope)

    gr = sub.add_parser("gradescope-run", help="(run by Gradescope's run_autograder) grade one submission")
    gr.add_argument("submission")
    gr.add_argument("--results", required=True, metavar="FILE")
    gr.add_argument("--sandbox", choices=["auto", "bwrap", "plain"], default="auto")
    gr.set_defaults(func=_gradescope_run)

    nb = sub.add_parser("notebooks", help="grade the notebooks' auto-graded questions (sandboxed, in parallel, "
                                          "without running the experiments); optionally into nbgrader's gradebook")
    nb.add_argument("paths", nargs="+", metavar="PATH",
                    help="submissions as for grade: zips, folders, or nbgrader's submitted/ folder")
    nb.add_argument("--out", required=True, metavar="DIR", help="where to write notebook-grades.csv")
    nb.add_argument("--assignment", default=None, help="only this assignment's questions (nbgrader's layout)")
    nb.add_argument("--gradebook", default=None, metavar="URL",
                    help="record the grades in this nbgrader gradebook (e.g. sqlite:///gradebook.db)")
    nb.add_argument("--autograded", default="autograded", metavar="DIR",
                    help="with --gradebook: where the notebooks formgrader shows are written "
                         "(nbgrader's autograded/ folder; default: autograded)")
    nb.add_argument("--jobs", type=_positive(int), default=0, help="students graded at once (default: one per core)")
    nb.add_argument("--sandbox", choices=["auto", "bwrap", "plain"], default="auto")
    nb.add_argument("--call-timeout", type=_positive(float), default=10.0, metavar="S",
                    help="wall clock for one answer cell (default 10 s)")
    nb.add_argument("--submission-timeout", type=_positive(float), default=180.0, metavar="S",
                    help="wall clock for all of one student's notebooks (default 180 s)")
    nb.add_argument("--no-fallback", action="store_true",
                    help="grade an answer cell that is not self-contained as failed, instead of running the "
                         "notebook's earlier cells to find what it uses")
    nb.add_argument("--no-progress", action="store_true", help="no progress bar")
    nb.set_defaults(func=_notebooks)

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


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv[:1] == ["bench"]:  # its own options
            from .authoring import bench

            return bench.main(argv[1:])
        args = build_parser().parse_args(argv)
        return args.func(args)
    except BrokenPipeError:  # output piped into head, say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
