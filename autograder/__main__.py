"""``python -m autograder``: the course's command line. ``--help`` lists the subcommands."""

import argparse
import os
import sys


def _grade(args):
    from .grading.grade import GraderError, Options, grade, grader_hash
    from .grading.limits import Limits
    from .grading.outputs import table, terminal_text
    from .grading.rubric import load
    from .grading.sandbox import SandboxUnavailable
    from .grading.submissions import InputError

    limits = Limits(**{f.name: getattr(args, f.name) for f in limit_fields() if f.metadata["flag"]})
    options = Options(jobs=args.jobs, sandbox=args.sandbox, limits=limits, assignment=args.assignment,
                      force=args.force, progress=not args.no_progress, report=False)
    try:
        due = _due_date(args)
        results, summary = grade(args.paths, args.out, options,
                                 log=lambda m: print(terminal_text(m), file=sys.stderr))
    except InputError as exc:
        print(f"grade: {terminal_text(exc)}", file=sys.stderr)
        return 2
    except (GraderError, SandboxUnavailable) as exc:
        print(f"grade: the grader could not run: {terminal_text(exc)}", file=sys.stderr)
        return 3
    rubric = load()
    batch = _batch_info(args, results, due, grader_hash(options))
    delivered = _write_batch_outputs(args, results, rubric, summary, batch)
    recorded = None
    if args.gradebook:
        from .integrations.nbgrader_sync import export_to_nbgrader

        recorded = export_to_nbgrader(results, rubric, args.gradebook, args.assignment,
                                      times={s: i.submitted_at for s, i in batch.students.items()})
    print(table(results, rubric))
    out = os.path.abspath(args.out)
    print(f"\n{summary.graded} graded, {summary.reused} unchanged since the last run, "
          f"{len(summary.not_graded)} not graded, in {summary.seconds:.1f} s")
    if summary.sandbox:
        print(f"sandbox:  {summary.sandbox}")
    for student, why in summary.unusable:
        print(terminal_text(f"UNUSABLE {student}: {why}"))
    for line in batch.attention():
        print(terminal_text(line))
    print(f"grades:   {os.path.join(out, 'grades.csv')} (and checks.csv, canvas.csv)")
    print(f"feedback: {os.path.join(out, '<student>', 'feedback.html')} (and results.json)")
    if not args.no_report:
        print(f"report:   {os.path.join(out, 'report.html')}")
    if args.gradebook:
        print(f"nbgrader gradebook: {args.gradebook}: "
              + (f"library scores recorded as assignment {recorded}" if recorded
                 else f"{args.assignment} teaches no library part: nothing recorded"))
    if args.feedback_dir:
        where = os.path.join("<student>", args.assignment or "course_lib", "course_lib.html")
        print(f"course_lib.html: {delivered['autograded']} in {os.path.join(args.autograded_dir, where)} "
              f"(nbgrader generate_feedback copies them into {args.feedback_dir}/), "
              f"{delivered['feedback'] + delivered['feedback only']} in {os.path.join(args.feedback_dir, where)}")
    if summary.not_graded:
        for student, why in summary.not_graded:
            print(terminal_text(f"NOT GRADED {student}: {why}"), file=sys.stderr)
        return 3
    return 0


def _due_date(args):
    """The due date: --due, else the assignment's in nbgrader's gradebook (None when unknown)."""
    from .grading.submissions import InputError, parse_time

    if getattr(args, "due", None):
        when = parse_time(args.due)
        if when is None:
            raise InputError(f"--due {args.due!r} is not a time: write it as 2025-10-01 23:59 (this machine's "
                             "time zone), 2025-10-01 23:59 UTC or 2025-10-01 23:59 America/New_York")
        return when
    if getattr(args, "gradebook", None) and args.assignment:
        from .integrations.nbgrader_sync import assignment_due

        return assignment_due(args.gradebook, args.assignment)
    return None


def _batch_info(args, results, due, ghash):
    """What the outputs need besides the results: when each student handed in, what the LMS
    said, missing notebooks, nbgrader's roster."""
    from .grading.outputs import BatchInfo, StudentInfo
    from .grading.submissions import discover, late_by, recorded_time

    roster = {}
    if args.gradebook:
        from .integrations.nbgrader_sync import roster as read_roster

        roster = read_roster(args.gradebook)
    expected = []
    if args.assignment:
        from .grading.submissions import InputError
        from .integrations.collect import expected_notebooks

        try:
            expected = expected_notebooks(args.assignment)
        except InputError:
            expected = []
    students = {}
    for sub in discover(args.paths, args.assignment):
        when, source, _ = recorded_time(sub, due)
        info = StudentInfo(submitted_at=when, time_source=source, late=late_by(when, due))
        if sub.lms is not None:
            info.lms, info.lms_late, info.lms_user_id = sub.lms.lms, sub.lms.late, sub.lms.user_id
        if expected and os.path.isdir(sub.source):
            folder = os.path.join(sub.source, args.assignment)
            info.missing_notebooks = [n for n in expected if not os.path.isfile(os.path.join(folder, n))]
        known = roster.get(sub.student)
        if known:
            info.first_name, info.last_name = known["first_name"] or "", known["last_name"] or ""
            info.lms_user_id = info.lms_user_id or known["lms_user_id"] or ""
        students[sub.student] = info
    graded = {r.student for r in results}
    return BatchInfo(assignment=args.assignment, due=due, students=students, grader_hash=ghash,
                     missing_students=sorted(set(roster) - graded))


def _write_batch_outputs(args, results, rubric, summary, batch):
    from .grading import outputs, report

    outputs.write_class(args.out, results, rubric, batch)
    outputs.atomic_write(os.path.join(args.out, "checks.csv"), outputs.checks_csv(results, rubric))
    outputs.atomic_write(os.path.join(args.out, "canvas.csv"),
                         outputs.canvas_csv(results, rubric, batch, args.canvas_column))
    if not args.no_report:
        outputs.atomic_write(os.path.join(args.out, "report.html"),
                             report.class_report(results, rubric, summary, batch=batch))
    if args.feedback_dir:
        return outputs.write_nbgrader_feedback(args.feedback_dir, args.autograded_dir, results, rubric, batch)
    return None


def limit_fields():
    from .grading.limits import fields

    return fields()


def _release(args):
    from .authoring import docs, release
    from .authoring.regions import RegionError
    from .grading.rubric import RubricError

    try:
        return _release_or_check(args, docs, release)
    except (release.ReleaseError, RegionError, RubricError) as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 2


def _release_or_check(args, docs, release):
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
    if args.db or args.due:
        return _record(args)
    release.release()
    changed = docs.regenerate()
    print("Regenerated course_lib/ and notebooks/ from solutions/"
          + (f", and the generated parts of {', '.join(changed)}." if changed else "."))
    return 0


def _record(args):
    """``release --db URL [--due NAME=WHEN ...]``: record the assignments (notebooks, grade cells,
    due dates) in nbgrader's gradebook, regenerating nothing."""
    from .authoring import release
    from .grading.outputs import terminal_text
    from .grading.submissions import parse_time

    if not args.db:
        print("release: --due needs --db URL (the gradebook to record the due dates in)", file=sys.stderr)
        return 2
    known = release.assignments()
    only = args.assignment or None
    unknown = [a for a in only or [] if a not in known]
    if unknown:
        print(f"release: no assignment {', '.join(unknown)} (the course's: {', '.join(known)})", file=sys.stderr)
        return 2
    due = {}
    for item in args.due or []:
        name, sep, when = item.partition("=")
        parsed = parse_time(when) if sep else None
        if name not in known or parsed is None:
            print(terminal_text(f"release: --due {item!r}: write NAME=WHEN, NAME one of {', '.join(known)} and WHEN "
                                "like '2025-10-01 23:59 America/New_York'"), file=sys.stderr)
            return 2
        due[name] = parsed
    try:
        lines = release.record(args.db, due, only=only)
    except release.ReleaseError as exc:
        print(terminal_text(f"release: {exc}"), file=sys.stderr)
        return 1
    print(f"Recorded {len(lines)} assignment(s) in {args.db} (nothing regenerated):")
    for line in lines:
        print("  " + line)
    return 0


def _examples(args):
    from .authoring.release import build_examples

    dest = build_examples(args.dest)
    print(f"Example submissions in {dest / 'submissions'}, hostile ones in {dest / 'hostile'}.")
    return 0


def _mutants(args):
    from .authoring.mutants import main as sweep

    return sweep(args.out, args.jobs)


def _gradescope(args):
    from .integrations.gradescope import build_zip, write_template

    path = build_zip(args.out, args.hidden_visibility)
    print(f"Gradescope autograder written to {path}: upload it as the assignment's autograder "
          "(see docs/instructors.md).")
    template = args.template or os.path.join(os.path.dirname(os.path.abspath(args.out)),
                                             "gradescope-written-template.pdf")
    template, pages = write_template(template)
    print(f"Written answers' template ({pages} pages) written to {template}: the template of the written "
          "answers' assignment (fixed length: draw each question's box once; see docs/instructors.md).")
    return 0


def _gradescope_run(args):
    from .integrations.gradescope import run

    return run(args.submission, args.results, args.sandbox)


def _notebooks(args):
    from .integrations.nbgrader_notebooks import main

    return main(args)


def _collect(args):
    from .grading.outputs import terminal_text
    from .grading.submissions import InputError, time_text
    from .integrations.collect import collect

    if args.gradebook is None and os.path.exists("gradebook.db"):
        args.gradebook = "sqlite:///gradebook.db"     # nbgrader's, in the course folder
    try:
        due = _due_date(args)
        lms_ids: dict = {}
        done = collect(args.paths, args.assignment, args.into, due=due, lms_ids=lms_ids)
    except InputError as exc:
        print(f"collect: {terminal_text(exc)}", file=sys.stderr)
        return 2
    added = []
    if args.gradebook:
        from .integrations.nbgrader_sync import record_students

        added = record_students(args.gradebook, {c.student: lms_ids.get(c.student, "") for c in done if c.ok})
    print(f"{args.assignment}: due {time_text(due)}" + (f" (from {args.gradebook})" if due and not args.due else "")
          + ("" if due else ": lateness is not computed (give --due, or record due dates with "
                            "`python -m autograder release --db URL --due ...`)"))
    for item in done:
        print(terminal_text(item.summary()))
        for line in item.warnings:
            print(terminal_text(f"    WARNING: {line}"))
        for line in item.notes:
            print(terminal_text(f"    note: {line}"))
    used = [c for c in done if c.ok]
    late = [c for c in used if c.late]
    missing = [c for c in used if c.missing]
    print(f"\n{len(used)} collected into {os.path.abspath(args.into)}, {len(late)} late, "
          f"{len(missing)} missing a notebook, {len(done) - len(used)} not used")
    if added:
        print(terminal_text(f"{len(added)} student(s) not on nbgrader's roster, added to {args.gradebook} "
                            f"(check their ids, or import the roster): {', '.join(added)}"))
    skipped = [c for c in done if not c.ok]
    if skipped:
        print(f"collect: {len(skipped)} submission(s) could not be used:", file=sys.stderr)
        for c in skipped:
            print(terminal_text(f"  {c.name}: {c.problem}"), file=sys.stderr)
        return 1
    return 0


def _student_repo(args):
    from .authoring.student_repo import MARKER, STUDENT_LOCK, NotAStudentRepo, export, student_lock

    if args.lock:
        STUDENT_LOCK.write_text(student_lock())
        print(f"Rewrote {STUDENT_LOCK.name} from requirements-student.txt and requirements-lock.txt")
        if args.dest is None:
            return 0
    if args.dest is None:
        print("student-repo: say where: python -m autograder student-repo DEST", file=sys.stderr)
        return 2
    update = os.path.isfile(os.path.join(args.dest, MARKER))
    try:
        export(args.dest)
    except NotAStudentRepo as exc:
        print(f"student-repo: {exc}", file=sys.stderr)
        return 2
    print(f"Student repository {'updated' if update else 'written'} in {os.path.abspath(args.dest)}"
          + (": review and commit the changes there (git -C DEST status)" if update else ""))
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
                   help="also write the scores into this nbgrader gradebook (e.g. sqlite:///gradebook.db): "
                        "the parts ASSIGNMENT teaches, as nbgrader assignment ASSIGNMENT_library")
    g.add_argument("--due", default=None, metavar="WHEN",
                   help="the due date, for lateness (default: the assignment's in --gradebook), e.g. "
                        "'2025-10-01 23:59 America/New_York'")
    g.add_argument("--feedback-dir", default=None, metavar="DIR",
                   help="nbgrader's feedback folder (e.g. feedback): each student's library feedback, "
                        "course_lib.html, goes where nbgrader keeps the student's files for the assignment, "
                        "so that nbgrader generate_feedback puts it beside the notebooks' feedback")
    g.add_argument("--autograded-dir", default="autograded", metavar="DIR",
                   help="with --feedback-dir: nbgrader's autograded folder (default: autograded)")
    g.add_argument("--canvas-column", default=None, metavar="TITLE",
                   help="the assignment column of canvas.csv: the Canvas assignment's title (default: "
                        "'ASSIGNMENT library', or 'course_lib')")
    g.add_argument("--force", action="store_true", help="regrade unchanged submissions too")
    g.add_argument("--no-progress", action="store_true", help="no progress bar")
    g.add_argument("--no-report", action="store_true", help="skip the class report (report.html)")
    g.set_defaults(func=_grade)

    r = sub.add_parser("release", help="regenerate the student version (course_lib/, notebooks/) from solutions/")
    r.add_argument("--check", action="store_true", help="only report differences from a fresh generation")
    r.add_argument("--db", default=None, metavar="URL",
                   help="only record the assignments (notebooks, grade cells, due dates) in this nbgrader "
                        "gradebook, e.g. sqlite:///gradebook.db; nothing is regenerated")
    r.add_argument("--assignment", action="append", metavar="NAME",
                   help="with --db: record only this assignment (repeat for more; default: all)")
    r.add_argument("--due", action="append", metavar="NAME=WHEN",
                   help="with --db: an assignment's due date, e.g. "
                        "'04_overfitting_and_penalties=2025-10-01 23:59 America/New_York' (repeat for each)")
    r.set_defaults(func=_release)

    ex = sub.add_parser("examples", help="build the example and hostile submissions into DEST (not committed)")
    ex.add_argument("dest", metavar="DEST", nargs="?", default="build/examples")
    ex.set_defaults(func=_examples)

    mu = sub.add_parser("mutants", help="grade every small change to the reference's solution regions: "
                                        "which ones keep full marks (blind spots), or lose points elsewhere")
    mu.add_argument("--out", default="build/mutants", metavar="DIR")
    mu.add_argument("--jobs", type=int, default=0, help="grader jobs (default: one per core)")
    mu.set_defaults(func=_mutants)

    gs = sub.add_parser("gradescope", help="build the Gradescope autograder zip")
    gs.add_argument("--out", required=True, metavar="FILE.zip")
    gs.add_argument("--template", default=None, metavar="FILE.pdf",
                    help="where to write the written answers' template (default: "
                         "gradescope-written-template.pdf beside --out)")
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
    co.add_argument("--into", default="submitted", metavar="DIR",
                    help="nbgrader's submitted folder (default: submitted)")
    co.add_argument("--due", default=None, metavar="WHEN",
                    help="the due date (default: the assignment's in the nbgrader gradebook), e.g. "
                         "'2025-10-01 23:59 America/New_York'")
    co.add_argument("--gradebook", default=None, metavar="URL",
                    help="nbgrader's gradebook, for the due date and the LMS's ids of students "
                         "(default: sqlite:///gradebook.db when it exists here)")
    co.set_defaults(func=_collect)

    sr = sub.add_parser("student-repo", help="export the student-facing repository (no solutions, no hidden checks)")
    sr.add_argument("dest", metavar="DEST", nargs="?")
    sr.add_argument("--lock", action="store_true",
                    help="first rewrite requirements-student-lock.txt (after changing requirements-student.txt "
                         "or requirements-lock.txt)")
    sr.set_defaults(func=_student_repo)

    sub.add_parser("bench", help="benchmark the grader against nbgrader autograde (prints figures; "
                                 "`bench --help` for its options)")
    sub.add_parser("costs", help="run the instructor's term on a generated class and time each step: the "
                                 "guide's cost table (`costs --help` for its options)")
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv[:1] == ["bench"]:  # its own options
            from .authoring import bench

            return bench.main(argv[1:])
        if argv[:1] == ["costs"]:
            from .authoring import costs

            return costs.main(argv[1:])
        args = build_parser().parse_args(argv)
        return args.func(args)
    except BrokenPipeError:  # output piped into head, say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
