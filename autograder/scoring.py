"""From a worker's raw verdicts to points, with the rubric."""


def score(rubric, student, raw=None, problem=""):
    """The scored result of one submission (a JSON-able dict).

    ``raw`` is a worker's answer (``autograder.engine``); ``problem`` says why a submission could
    not be graded at all (then every check scores 0 with that message).
    """
    verdicts = (raw or {}).get("checks", {})
    checks, parts = [], {}
    for part in rubric.parts:
        got = 0.0
        for c in part.checks:
            v = verdicts.get(c.id)
            if problem:
                v = {"passed": False, "fraction": 0.0, "message": problem, "internal": False, "doc": ""}
            elif v is None:
                v = {"passed": False, "fraction": 0.0, "message": "this check did not run",
                     "internal": True, "doc": ""}
            points = round(c.points * (1.0 if v["passed"] else float(v.get("fraction") or 0.0)), 4)
            got += points
            checks.append({
                "id": c.id, "part": part.id, "public": c.public, "max_score": c.points,
                "score": points, "passed": bool(v["passed"]), "message": v.get("message", ""),
                "title": v.get("doc", ""), "internal": bool(v.get("internal")),
                "detail": v.get("detail", ""), "seconds": v.get("seconds", 0.0),
            })
        parts[part.id] = {"score": round(got, 4), "max_score": part.points}
    return {
        "student": student,
        "score": round(sum(p["score"] for p in parts.values()), 4),
        "max_score": rubric.total,
        "parts": parts,
        "checks": checks,
        "problem": problem,
        "mode": (raw or {}).get("mode", ""),
        "course_lib_imported": bool((raw or {}).get("course_lib_imported", False)),
        "seconds": (raw or {}).get("seconds", 0.0),
        "cpu": (raw or {}).get("cpu", {}),
    }
