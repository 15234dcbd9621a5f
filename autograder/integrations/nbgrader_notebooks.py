"""The notebooks' auto-graded points in nbgrader's gradebook, without ``nbgrader autograde``.

``python -m autograder notebooks submitted --out DIR --gradebook sqlite:///gradebook.db`` grades
every student's auto-graded answer cells (``grading.notebooks``: sandboxed, in parallel, without
running the experiments) and records them as ``nbgrader autograde`` would:

* in the gradebook, each (student, assignment) whose notebook was handed in gets a submission
  (``timestamp.txt`` read for lateness, as nbgrader reads it); each auto-graded test cell gets its
  automatic score; written answers (markdown grade cells) are marked for manual grading, or
  scored 0 when left as released (nbgrader's own rule, ``determine_grade``); solution cells get
  nbgrader's "No response." comment when untouched;
* in ``autograded/STUDENT/ASSIGNMENT/NOTEBOOK.ipynb`` (nbgrader's folder, which formgrader reads),
  the student's notebook with the test cells as nbgrader autograde leaves them: the instructor's
  source, hidden asserts included, and an error output where the test failed.

Formgrader then lists the scores and opens each notebook for the written answers; ``nbgrader
export`` exports everything. Manual scores already given are never overwritten.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import sys
import warnings

from ..grading import notebooks as nbg
from ..grading.outputs import atomic_write, csv_cell, pts, student_dir


class GradebookError(RuntimeError):
    """The gradebook cannot take these grades (an assignment missing from it, say)."""


def _alembic_on_path() -> None:
    """nbgrader runs ``alembic`` by name when it opens a gradebook."""
    bindir = os.path.dirname(sys.executable)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def _timestamp(work: nbg.StudentWork, assignment: str) -> str | None:
    """nbgrader's ``timestamp.txt`` of that assignment, in its submitted/ layout."""
    path = pathlib.Path(work.source) / assignment / "timestamp.txt"
    try:
        if path.is_file() and not path.is_symlink() and path.stat().st_size < 200:
            return path.read_text().strip() or None
    except OSError:
        pass
    return None


def autograded_notebook(data: bytes, questions: list[nbg.Question], results: list[nbg.QuestionResult]) -> dict:
    """The student's notebook as formgrader shows it after autograding: each test cell holds the
    instructor's source (hidden asserts included) and, if it failed, an error output."""
    nb = json.loads(data)
    by_test = {q.test_id: (q, r) for q, r in zip(questions, results)}
    for cell in nb.get("cells", []):
        md = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell.get("metadata"), dict) else {}
        found = by_test.get(str(md.get("grade_id"))) if isinstance(md, dict) else None
        if found is None or cell.get("cell_type") != "code":
            continue
        q, r = found
        cell["source"] = q.test_source
        cell["execution_count"] = None
        cell["outputs"] = [] if r.passed else [{
            "output_type": "error", "ename": "AssertionError", "evalue": r.message,
            "traceback": [f"AssertionError: {r.message}"]}]
    return nb


def _cells(data: bytes) -> list:
    """A notebook's cells as nbformat nodes (what nbgrader's utils read), without nbformat's slow
    schema validation: sources joined into one string, cells that are not objects dropped."""
    import nbformat

    try:
        cells = json.loads(data).get("cells", [])
    except (ValueError, AttributeError, RecursionError):
        return []
    out = []
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or not isinstance(cell.get("metadata", {}), dict):
            continue
        try:
            source = nbg.cell_source(cell)
        except ValueError:
            continue
        out.append(nbformat.from_dict({**cell, "source": source, "metadata": cell.get("metadata", {})}))
    return out


def write_gradebook(pairs: list[tuple[nbg.StudentWork, nbg.NotebookResult]], course: nbg.Course, db_url: str,
                    autograded: str | None = None) -> dict[str, int]:
    """Record each student's notebook grades in the nbgrader gradebook at ``db_url``; with
    ``autograded`` (nbgrader's autograded/ folder) also write the notebooks formgrader shows.
    One transaction per student. Returns counts of what was written."""
    _alembic_on_path()
    from nbgrader import utils
    from nbgrader.api import Comment, Grade, Gradebook, MissingEntry, SubmittedAssignment, SubmittedNotebook

    questions = {q.test_id: q for q in course.questions}
    counts = {"submissions": 0, "auto": 0, "manual": 0}
    with Gradebook(db_url) as gb:
        handed_in = {(r.assignment, r.notebook) for _, result in pairs for r in result.questions if r.submitted}
        assignments, existing = {}, {}
        for assignment, notebook in sorted(handed_in):
            try:
                gb.find_notebook(notebook, assignment)
            except MissingEntry:
                raise GradebookError(
                    f"the gradebook has no notebook {assignment}/{notebook}: record the assignments first "
                    f"(python -m autograder release --db {db_url}, or nbgrader generate_assignment)") from None
            if assignment not in assignments:
                assignments[assignment] = gb.find_assignment(assignment)
                existing[assignment] = {s.student.id for s in gb.assignment_submissions(assignment)}

        # Each assignment's notebooks and cells, read once (nbgrader's add_submission reads them,
        # and every submission already made, for each new one: quadratic in the class size).
        layout = {a: [(nb.id, nb.name, [(c.id, c.name) for c in nb.grade_cells],
                       [(c.id, c.name) for c in nb.solution_cells], [(c.id, c.name) for c in nb.task_cells])
                      for nb in obj.notebooks] for a, obj in assignments.items()}

        def new_submission(assignment, student_id, stamp):
            """nbgrader's ``add_submission`` (the same rows), by ids and without its commit (one per
            student instead): {notebook: (grades by cell name, comments by cell name)}."""
            kwargs = {"timestamp": utils.parse_utc(stamp)} if stamp else {}
            submission = SubmittedAssignment(assignment_id=assignments[assignment].id, student_id=student_id,
                                             **kwargs)
            made = {}
            for nb_id, nb_name, grade_cells, solution_cells, task_cells in layout[assignment]:
                nb = SubmittedNotebook(notebook_id=nb_id, assignment=submission)
                grades = {name: Grade(cell_id=cid, notebook=nb) for cid, name in grade_cells}
                comments = {name: Comment(cell_id=cid, notebook=nb) for cid, name in solution_cells}
                for cid, name in task_cells:
                    comments[name] = Comment(cell_id=cid, notebook=nb)
                    grades[name] = Grade(cell_id=cid, notebook=nb)
                made[nb_name] = (grades, comments)
            gb.db.add(submission)    # after its rows exist: the add cascades to them
            return made

        for work, result in pairs:
            if result.problem:
                continue
            gb.update_or_create_student(work.student)
            by_nb: dict[tuple[str, str], list[nbg.QuestionResult]] = {}
            for r in result.questions:
                by_nb.setdefault((r.assignment, r.notebook), []).append(r)
            made: dict[str, dict] = {}
            for (assignment, notebook), rs in by_nb.items():
                if not rs[0].submitted:
                    continue
                if work.student in existing[assignment]:
                    submitted = gb.find_submission_notebook(notebook, assignment, work.student)
                    grades = {g.cell.name: g for g in submitted.grades}
                    comments = {c.cell.name: c for c in submitted.comments}
                else:
                    if assignment not in made:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")     # SQLAlchemy's notes on nbgrader's models
                            made[assignment] = new_submission(assignment, work.student, _timestamp(work, assignment))
                        counts["submissions"] += 1
                    grades, comments = made[assignment][notebook]
                mine = {r.test_id for r in rs}
                for r in rs:
                    if r.test_id in grades:
                        grade = grades[r.test_id]
                        grade.auto_score = r.score
                        grade.needs_manual_grade = grade.manual_score is not None
                        counts["auto"] += 1
                # the other cells, as nbgrader's SaveAutoGrades treats them (no execution needed)
                for cell in _cells(work.notebooks[notebook]):
                    md = cell.metadata.get("nbgrader", {})
                    grade_id = md.get("grade_id") if isinstance(md, dict) else None
                    if not grade_id or grade_id in mine:
                        continue
                    if utils.is_grade(cell) and grade_id in grades:
                        grade = grades[grade_id]
                        auto = utils.determine_grade(cell)[0] if cell.cell_type == "markdown" else None
                        grade.auto_score = auto
                        grade.needs_manual_grade = grade.manual_score is not None or auto is None
                        counts["manual"] += grade.needs_manual_grade
                    if utils.is_solution(cell) and grade_id in comments:
                        untouched = md.get("checksum") == utils.compute_checksum(cell) and not utils.is_task(cell)
                        comments[grade_id].auto_comment = "No response." if untouched else None
                if autograded is not None:
                    folder = pathlib.Path(autograded) / work.student / assignment
                    qs = [questions[r.test_id] for r in rs]
                    text = json.dumps(autograded_notebook(work.notebooks[notebook], qs, rs), indent=1,
                                      ensure_ascii=False)
                    atomic_write(str(folder / f"{notebook}.ipynb"), text + "\n")
                    stamp = _timestamp(work, assignment)
                    if stamp:
                        atomic_write(str(folder / "timestamp.txt"), stamp + "\n")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                gb.db.commit()      # one transaction per student
            for assignment in made:
                existing[assignment].add(work.student)
    return counts


def grades_csv(results: list[nbg.NotebookResult], course: nbg.Course) -> str:
    """One row per student: the points of each notebook's auto-graded questions, and the total."""
    names = list(dict.fromkeys(q.assignment for q in course.questions))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", *names, "total", "max_total", "problem"])
    for r in sorted(results, key=lambda r: r.student):
        per = r.by_assignment()
        w.writerow([csv_cell(r.student), *[pts(per.get(a, (0.0, 0.0))[0]) for a in names], pts(r.score),
                    pts(course.points), csv_cell("; ".join(([r.problem] if r.problem else []) + r.notes))])
    return buf.getvalue()


def write_outputs(out_dir: str, results: list[nbg.NotebookResult], course: nbg.Course) -> None:
    os.makedirs(out_dir, exist_ok=True)
    atomic_write(os.path.join(out_dir, "notebook-grades.csv"), grades_csv(results, course))
    for r in results:
        atomic_write(os.path.join(student_dir(out_dir, r.student), "notebooks.json"),
                     json.dumps(r.to_json(), indent=2, sort_keys=True) + "\n")


def main(args) -> int:
    """``python -m autograder notebooks``: see ``__main__.build_parser``."""
    import time

    from ..grading.limits import Limits
    from ..grading.outputs import terminal_text
    from ..grading.sandbox import SandboxUnavailable, choose_mode
    from ..grading.submissions import InputError

    started = time.monotonic()
    course = nbg.load_course()
    if args.assignment:
        course = nbg.Course(tuple(q for q in course.questions if q.assignment == args.assignment),
                            tuple(w for w in course.written if w.assignment == args.assignment))
        if not course.questions:
            print(f"notebooks: assignment {args.assignment} has no auto-graded question", file=sys.stderr)
            return 2
    try:
        works = nbg.discover_work(args.paths, course, args.assignment, roster=getattr(args, "roster_found", None))
    except InputError as exc:
        print(f"notebooks: {terminal_text(exc)}", file=sys.stderr)
        return 2
    limits = Limits(call_timeout=args.call_timeout, submission_timeout=args.submission_timeout)
    try:
        found = choose_mode(args.sandbox, warn=lambda m: print(terminal_text(m), file=sys.stderr), out_dir=args.out)
    except SandboxUnavailable as exc:
        print(f"notebooks: the grader could not run: {terminal_text(exc)}", file=sys.stderr)
        return 3
    jobs = args.jobs or len(os.sched_getaffinity(0))
    from tqdm import tqdm

    bar = tqdm(total=len(works), unit="student", disable=args.no_progress, file=sys.stderr,
               desc=f"notebooks ({jobs} jobs, {found.mode} sandbox)")
    results = nbg.grade_all(works, course, limits, found.mode, jobs, fallback=not args.no_fallback,
                            on_result=lambda r: bar.update())
    bar.close()
    write_outputs(args.out, results, course)
    by_student = {w.student: w for w in works}
    if args.gradebook:
        autograded = args.autograded
        try:
            counts = write_gradebook([(by_student[r.student], r) for r in results], course, args.gradebook,
                                     autograded)
        except GradebookError as exc:
            print(f"notebooks: {exc}", file=sys.stderr)
            return 2
        print(f"nbgrader gradebook {args.gradebook}: {counts['submissions']} new submission(s), "
              f"{counts['auto']} auto-graded cell(s), {counts['manual']} written answer(s) to grade by hand"
              + (f"; notebooks for formgrader in {autograded}/" if autograded else ""))
    seconds = time.monotonic() - started
    fallbacks = sum(1 for r in results for q in r.questions if q.fallback)
    print(f"{len(results)} students' notebooks graded in {seconds:.1f} s "
          f"({sum(r.score for r in results) / max(1, len(results)):.2f} of {pts(course.points)} points on average"
          + (f"; {fallbacks} answer(s) needed a run of their notebook" if fallbacks else "") + ")")
    print(f"sandbox:  {found.layers}")
    print(f"grades:   {os.path.join(os.path.abspath(args.out), 'notebook-grades.csv')}")
    problems = [r for r in results if r.problem]
    for r in problems:
        print(terminal_text(f"PROBLEM {r.student}: {r.problem}"), file=sys.stderr)
    return 0
