"""``python -m autograder``: the course's command line. ``--help`` lists the subcommands."""

import argparse
import os
import sys


def _grade(args):
    from .grading.grade import GraderError, Options, grade, grader_hash
    from .grading.limits import from_args
    from .grading.outputs import table, terminal_text
    from .grading.rubric import load
    from .grading.sandbox import SandboxUnavailable
    from .grading.submissions import InputError

    limits = from_args(args)
    options = Options(jobs=args.jobs, sandbox=args.sandbox, limits=limits, assignment=args.assignment,
                      force=args.force, progress=not args.no_progress, report=False, class_outputs=False)
    try:
        due = _due_date(args)
        roster, policy = _roster(args), _policy(args)
        options.roster = roster
        results, summary = grade(args.paths, args.out, options,
                                 log=lambda m: print(terminal_text(m), file=sys.stderr))
    except InputError as exc:
        print(f"grade: {terminal_text(exc)}", file=sys.stderr)
        return 2
    except (GraderError, SandboxUnavailable) as exc:
        print(f"grade: the grader could not run: {terminal_text(exc)}", file=sys.stderr)
        return 3
    rubric = load()
    batch = _batch_info(args, results, due, grader_hash(options), roster, policy)
    recorded = None
    if args.gradebook:
        from .integrations.nbgrader_sync import export_to_nbgrader

        recorded = export_to_nbgrader(results, rubric, args.gradebook, args.assignment,
                                      times={s: i.submitted_at for s, i in batch.students.items()})
    if args.assignment:
        from .grading import gradesheet

        batch.sheet = _sheet_after_grading(args, results, rubric, batch, roster, policy, due)
        batch.missing_students = [r.student for r in batch.sheet.rows if r.status == gradesheet.NO_SUBMISSION]
        batch.empty_students = [r.student for r in batch.sheet.rows if r.status == gradesheet.EMPTY]
    delivered = _write_batch_outputs(args, results, rubric, summary, batch)
    print(table(results, rubric, batch.parts(rubric)))
    out = os.path.abspath(args.out)
    print(f"\n{summary.graded} graded, {summary.reused} unchanged since the last run, "
          f"{len(summary.not_graded)} not graded, in {summary.seconds:.1f} s")
    if summary.sandbox:
        print(f"sandbox:  {summary.sandbox}")
    if roster is not None:
        print(f"roster:   {roster.source} ({len(roster)} students)")
    for student, why in summary.unusable:
        print(terminal_text(f"UNUSABLE {student}: {why}"))
    for line in batch.attention():
        print(terminal_text(line))
    if batch.sheet is not None:
        from .grading.gradesheet import summary as sheet_summary

        for line in sheet_summary(batch.sheet):
            print(terminal_text(line))
    print(f"grades:   {os.path.join(out, 'grades.csv')} (and checks.csv, canvas.csv"
          + (", gradesheet.csv)" if batch.sheet is not None else ")"))
    print(f"feedback: {os.path.join(out, '<student>', 'feedback.html')} (and results.json)")
    if not args.no_report:
        print(f"report:   {os.path.join(out, 'report.html')}")
    if args.gradebook:
        print(f"nbgrader gradebook: {args.gradebook}: "
              + (f"library scores recorded as assignment {recorded}" if recorded
                 else f"{args.assignment} teaches no library part: nothing recorded")
              + (" (late penalties written)" if batch.sheet is not None and batch.sheet.policy.applies else ""))
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


def _roster(args):
    """The roster the command resolves uploads through (``--roster``, else roster.csv here),
    completed by nbgrader's gradebook students when ``--gradebook`` is given; None without either.
    ``InputError`` when the roster cannot be used."""
    from .grading import roster as rosters
    from .grading.submissions import InputError

    known = None
    if getattr(args, "gradebook", None):
        from .integrations.nbgrader_sync import roster as gradebook_students

        known = gradebook_students(args.gradebook) or None
    try:
        return rosters.find(getattr(args, "roster", None), gradebook=known)
    except rosters.RosterError as exc:
        raise InputError(str(exc)) from None


def _policy(args):
    """The late policy (``--late-policy``, else late_policy.toml here, else none)."""
    from .grading import lateness
    from .grading.submissions import InputError

    try:
        return lateness.find(getattr(args, "late_policy", None))
    except lateness.PolicyError as exc:
        raise InputError(str(exc)) from None


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


def _batch_info(args, results, due, ghash, roster=None, policy=None):
    """What the outputs need besides the results: when each student handed in, how late (after
    their extension), what the LMS said, who-is-who questions, missing notebooks, the roster, the
    uploads held back."""
    from .grading.lateness import LatePolicy
    from .grading.outputs import BatchInfo, StudentInfo
    from .grading.submissions import identify, recorded_time

    policy = policy or LatePolicy()
    expected = []
    if args.assignment:
        from .grading.submissions import InputError
        from .integrations.collect import expected_notebooks

        try:
            expected = expected_notebooks(args.assignment)
        except InputError:
            expected = []
    students = {}
    found = identify(args.paths, args.assignment, roster=roster)
    for sub in found.submissions:
        when, source, _ = recorded_time(sub, due)
        lateness = policy.lateness(when, due, sub.student, args.assignment)
        info = StudentInfo(submitted_at=when, time_source=source, late=lateness.late, flags=list(sub.flags))
        if sub.lms is not None:
            info.lms, info.lms_late, info.lms_user_id = sub.lms.lms, sub.lms.late, sub.lms.canvas_user_id
            if lateness.extension and lateness.late is None:
                info.lms_late = None            # late for the LMS's due date, on time for the student's
        if expected and os.path.isdir(sub.source):
            folder = os.path.join(sub.source, args.assignment)
            info.missing_notebooks = [n for n in expected if not os.path.isfile(os.path.join(folder, n))]
        known = roster.get(sub.student) if roster is not None else None
        if known is not None:
            info.first_name, info.last_name = known.first_name, known.last_name
            info.lms_user_id = info.lms_user_id or known.lms_user_id
        students[sub.student] = info
    graded = {r.student for r in results}
    return BatchInfo(assignment=args.assignment, due=due, students=students, grader_hash=ghash,
                     missing_students=sorted(set(roster.students) - graded) if roster is not None else [],
                     held=found.held, roster=roster)


def _sheet_after_grading(args, results, rubric, batch, roster, policy, due):
    """The assignment's gradesheet once the library is graded: from nbgrader's gradebook with
    ``--gradebook`` (notebooks, written answers; the late penalties are written back into it),
    else from this run and the ``notebooks`` command's notebook-grades.csv in the same folder."""
    from .grading import gradesheet
    from .grading.results import NOT_GRADED, UNUSABLE
    from .grading.submissions import EMPTY_UPLOAD

    if args.gradebook:
        from .integrations import nbgrader_sync

        evidence, _ = nbgrader_sync.evidence(args.gradebook, args.assignment)
        for path in args.paths:
            gradesheet.add_collected(evidence, _collect_details(path, args.assignment))
        for r in results:
            ev = evidence.setdefault(r.student, gradesheet.Evidence(r.student))
            if r.status == UNUSABLE:
                ev.status = gradesheet.EMPTY if EMPTY_UPLOAD in r.problem else gradesheet.UNUSABLE
                ev.notes.append(r.problem)
            elif r.status == NOT_GRADED:
                ev.status = gradesheet.NOT_GRADED
        sheet = gradesheet.assemble(args.assignment, evidence, roster, policy, due, "nbgrader",
                                    f"nbgrader's gradebook {args.gradebook}", rubric=rubric)
        nbgrader_sync.write_late_penalties(args.gradebook, sheet)
        return sheet
    scores = gradesheet.read_notebook_grades(os.path.join(args.out, "notebook-grades.csv"), args.assignment)
    evidence = gradesheet.from_results(results, batch, args.assignment, rubric, scores)
    source = "this run" + (" and the notebooks' notebook-grades.csv" if scores else
                           " (no notebook-grades.csv here: run `notebooks` into the same folder first)")
    return gradesheet.assemble(args.assignment, evidence, roster, policy, due, "", source, rubric=rubric)


def _collect_details(submitted: str, assignment: str) -> str:
    """Where ``collect`` wrote its details for uploads into the folder ``submitted`` (its default)."""
    return os.path.join(os.path.dirname(os.path.abspath(submitted)), f"collect-{assignment}.csv")


def _write_batch_outputs(args, results, rubric, summary, batch):
    from .grading import gradesheet, outputs, report

    outputs.write_class(args.out, results, rubric, batch)
    outputs.atomic_write(os.path.join(args.out, "checks.csv"), outputs.checks_csv(results, rubric))
    if batch.sheet is not None:
        outputs.atomic_write(os.path.join(args.out, "gradesheet.csv"), gradesheet.gradesheet_csv(batch.sheet))
        outputs.atomic_write(os.path.join(args.out, "canvas.csv"),
                             gradesheet.canvas_csv(batch.sheet, args.canvas_column))
    else:
        outputs.atomic_write(os.path.join(args.out, "canvas.csv"),
                             outputs.canvas_csv(results, rubric, batch, args.canvas_column))
    if not args.no_report:
        outputs.atomic_write(os.path.join(args.out, "report.html"),
                             report.class_report(results, rubric, summary, batch=batch))
    if args.feedback_dir:
        return outputs.write_nbgrader_feedback(args.feedback_dir, args.autograded_dir, results, rubric, batch)
    return None


def _gradesheet(args):
    """``gradesheet``: the assignment's gradesheet (and canvas.csv) again, without grading: after the
    written answers are graded, an extension is given or the late policy changes."""
    from .grading import gradesheet
    from .grading.outputs import atomic_write, terminal_text
    from .grading.rubric import load
    from .grading.submissions import InputError

    try:
        due = _due_date(args)
        roster, policy = _roster(args), _policy(args)
        rubric = load()
        from .integrations.collect import expected_notebooks

        expected_notebooks(args.assignment)          # an assignment of the course, or InputError
        held: list = []
        if args.gradebook:
            from .integrations import nbgrader_sync

            try:
                evidence, _ = nbgrader_sync.evidence(args.gradebook, args.assignment)
            except ValueError as exc:
                raise InputError(str(exc)) from None
            gradesheet.add_collected(evidence, _collect_details("submitted", args.assignment))
            sheet = gradesheet.assemble(args.assignment, evidence, roster, policy, due, "nbgrader",
                                        f"nbgrader's gradebook {args.gradebook}", rubric=rubric)
            written = nbgrader_sync.write_late_penalties(args.gradebook, sheet)
            print(f"nbgrader gradebook {args.gradebook}: late penalties written ({written} notebook(s) carry one)")
        elif args.gradescope:
            evidence, held = gradesheet.from_gradescope(args.gradescope, args.assignment, roster, rubric)
            sheet = gradesheet.assemble(args.assignment, evidence, roster, policy, due, "Gradescope",
                                        f"Gradescope's export {args.gradescope}", rubric=rubric)
        else:
            previous = os.path.join(args.out, "gradesheet.csv")
            if not os.path.isfile(previous):
                raise InputError(f"{previous} does not exist: grade the assignment into {args.out} first "
                                 "(grade ... --assignment ... --out ...), or give --gradebook or --gradescope")
            evidence = gradesheet.read_gradesheet_csv(previous)
            scores = gradesheet.read_notebook_grades(os.path.join(args.out, "notebook-grades.csv"), args.assignment)
            gradesheet.add_notebook_scores(evidence, scores, args.assignment, rubric)
            sheet = gradesheet.assemble(args.assignment, evidence, roster, policy, due, "",
                                        f"{previous} and notebook-grades.csv", rubric=rubric)
    except InputError as exc:
        print(f"gradesheet: {terminal_text(exc)}", file=sys.stderr)
        return 2
    atomic_write(os.path.join(args.out, "gradesheet.csv"), gradesheet.gradesheet_csv(sheet))
    atomic_write(os.path.join(args.out, "canvas.csv"), gradesheet.canvas_csv(sheet, args.canvas_column))
    for line in gradesheet.summary(sheet):
        print(terminal_text(line))
    for h in held:
        print(terminal_text(f"NOT IN THE SHEET (who?) {h.name}: {h.why}"))
    if due is None:
        print("no due date: lateness is not computed (give --due, or record due dates in nbgrader's gradebook)")
    out = os.path.abspath(args.out)
    print(f"gradesheet: {os.path.join(out, 'gradesheet.csv')}\ncanvas:     {os.path.join(out, 'canvas.csv')}")
    return 0


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

    return sweep(args.out, args.jobs, args.alone)


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
    from .grading.outputs import terminal_text
    from .grading.submissions import InputError, identify
    from .integrations.nbgrader_notebooks import main

    try:
        args.roster_found = _roster(args)
        held = identify(args.paths, args.assignment, roster=args.roster_found).held \
            if args.roster_found is not None else []
    except InputError as exc:
        print(f"notebooks: {terminal_text(exc)}", file=sys.stderr)
        return 2
    code = main(args)
    for h in held:
        print(terminal_text(f"NOT GRADED (who?) {h.name}: {h.why}"))
    return code


def _collect(args):
    from .grading.outputs import atomic_write, terminal_text
    from .grading.submissions import InputError, time_text
    from .integrations.collect import collect, details_csv, summary_lines

    if args.gradebook is None and os.path.exists("gradebook.db"):
        args.gradebook = "sqlite:///gradebook.db"     # nbgrader's, in the course folder
    try:
        due = _due_date(args)
        roster, policy = _roster(args), _policy(args)
        lms_ids: dict = {}
        done = collect(args.paths, args.assignment, args.into, due=due, lms_ids=lms_ids, roster=roster,
                       policy=policy)
    except InputError as exc:
        print(f"collect: {terminal_text(exc)}", file=sys.stderr)
        return 2
    added = []
    if args.gradebook:
        from .integrations.nbgrader_sync import record_students

        added = record_students(args.gradebook, {c.student: lms_ids.get(c.student, "") for c in done if c.ok})
    details = args.details or os.path.join(os.path.dirname(os.path.abspath(args.into)),
                                           f"collect-{args.assignment}.csv")
    atomic_write(details, details_csv(done))
    print(f"{args.assignment}: due {time_text(due)}" + (f" (from {args.gradebook})" if due and not args.due else "")
          + ("" if due else ": lateness is not computed (give --due, or record due dates with "
                            "`python -m autograder release --db URL --due ...`)"))
    print(f"roster: {roster.source} ({len(roster)} students)" if roster is not None else
          "roster: none (ids are the uploads' names; give --roster, or put roster.csv here)")
    print(f"late policy: {policy.describe()}")
    if args.verbose:
        for item in done:
            print(terminal_text(item.summary()))
            for line in item.warnings + item.flags:
                print(terminal_text(f"    {line}"))
    for line in summary_lines(done, roster, args.into, details):
        print(terminal_text(line))
    if added:
        more = " ..." if len(added) > 12 else ""
        print(terminal_text(f"{len(added)} student(s) added to {args.gradebook} (not in it before: check their "
                            f"ids, or import the roster): {', '.join(added[:12])}{more}"))
    skipped = [c for c in done if not c.ok]
    if skipped:
        print(f"collect: {len(skipped)} upload(s) could not be used (listed above, and in {details})",
              file=sys.stderr)
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
    from .grading.limits import add_flags

    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def identity_options(p):
        p.add_argument("--roster", default=None, metavar="FILE",
                       help="the class roster (nbgrader's roster CSV with optional login, sis_id, section and "
                            "aliases columns, or Canvas's gradebook export): uploads are resolved through it, "
                            "and one that maps to no student is flagged, not graded (default: roster.csv here, "
                            "completed by --gradebook's students)")
        p.add_argument("--late-policy", default=None, metavar="FILE",
                       help="the late policy (default: late_policy.toml here; without one lateness is shown, "
                            "never applied)")

    g = sub.add_parser("grade", help="grade submissions and write grades, feedback and a report")
    g.add_argument("paths", nargs="+", metavar="PATH",
                   help="a submission (folder or .zip holding course_lib/) or a folder of them")
    g.add_argument("--out", required=True, metavar="DIR", help="where to write grades and feedback")
    g.add_argument("--jobs", type=_positive(int), default=0, help="parallel graders (default: one per core)")
    g.add_argument("--sandbox", choices=["auto", "bwrap", "plain"], default="auto",
                   help="auto: bubblewrap when it runs, else plain limited processes (with a warning)")
    add_flags(g)
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
    identity_options(g)
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
    mu.add_argument("--alone", action="store_true",
                    help="grade each mutant as a submission of its own (slower: to cross-check the packing)")
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
    add_flags(nb)     # the same limits as grade: a student's notebooks are one submission
    nb.add_argument("--no-fallback", action="store_true",
                    help="grade an answer cell that is not self-contained as failed, instead of running the "
                         "notebook's earlier cells to find what it uses")
    nb.add_argument("--no-progress", action="store_true", help="no progress bar")
    identity_options(nb)
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
    identity_options(co)
    co.add_argument("--details", default=None, metavar="FILE",
                    help="where every upload's details go (default: collect-ASSIGNMENT.csv beside the --into folder)")
    co.add_argument("--verbose", action="store_true", help="also print one line per upload")
    co.set_defaults(func=_collect)

    gs2 = sub.add_parser("gradesheet", help="write an assignment's gradesheet.csv and canvas.csv again (after the "
                                            "written answers are graded, an extension, a new late policy), "
                                            "from nbgrader's gradebook, Gradescope's export or a grade folder")
    gs2.add_argument("--assignment", required=True, help="the assignment (a notebook folder name)")
    gs2.add_argument("--out", required=True, metavar="DIR", help="where gradesheet.csv and canvas.csv go (and, "
                                                                  "without --gradebook or --gradescope, where "
                                                                  "`grade` and `notebooks` wrote)")
    where = gs2.add_mutually_exclusive_group()
    where.add_argument("--gradebook", default=None, metavar="URL",
                       help="read nbgrader's gradebook (e.g. sqlite:///gradebook.db), and write the late penalties "
                            "into it")
    where.add_argument("--gradescope", default=None, metavar="FOLDER",
                       help="read Gradescope's Export Submissions (the unzipped folder with submission_metadata.yml)")
    gs2.add_argument("--due", default=None, metavar="WHEN",
                     help="the due date (default: the assignment's in --gradebook), e.g. "
                          "'2025-10-01 23:59 America/New_York'")
    gs2.add_argument("--canvas-column", default=None, metavar="TITLE",
                     help="canvas.csv's assignment column: your Canvas assignment's title, or 'Title (id)' "
                          "(default: the assignment's name)")
    identity_options(gs2)
    gs2.set_defaults(func=_gradesheet)

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
