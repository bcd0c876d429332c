"""A process told as tables: what `govledger process` prints, from the definitions alone."""

from __future__ import annotations

from typing import Any

from ledger.domain.process import STAGES, Effect, Process, Step

Rows = list[dict[str, Any]]
EXAMPLE = {"n": 150, "suffix": ""}  # the number each id form is shown with


def describe(process: Process) -> dict[str, Any]:
    """Every part of a process, each a list of rows."""
    return {
        "code": process.code,
        "process": process.name,
        "in_force_from": process.in_force_from.isoformat() if process.in_force_from else None,
        "summary": process.summary,
        "steps": step_rows(process),
        "statuses": [
            {
                "status": s.name,
                "stage": s.stage,
                "stage_means": STAGES[s.stage],
                "register_group": s.heading,
                "decided": s.decided,
                "rule": s.rule or None,
            }
            for s in process.statuses
        ],
        "ids": [
            {
                "form": form.name,
                "example": form.spell(EXAMPLE),
                "pattern": form.pattern,
                "starts_as": form.raised_as or process.raised_status,
            }
            for form in process.ids
        ],
        "paths": [
            {
                "path": key,
                "name": name,
                "decided_by": "the voting body"
                if key in process.self_governance_paths
                else "the Authority",
            }
            for key, name in process.paths.items()
        ],
        "bodies": [{"body": body, "decides": what} for body, what in process.bodies.items()],
    }


def step_rows(process: Process) -> Rows:
    return [
        {
            "step": step.key,
            "label": step.label,
            "from": ", ".join(sorted(step.allowed_from)) if step.allowed_from else "(new proposal)",
            "leads_to": leads_to(process, step),
            "decided_by": step.decision.body if step.decision else None,
            "choices": "; ".join(f"{k}: {', '.join(v)}" for k, v in step.choices.items()) or None,
            "implies": step.implies,
        }
        for step in process.steps
    ]


def leads_to(process: Process, step: Step) -> str:
    effect: Effect = step.effect
    if effect.by == "form":
        starts = {f.spell(EXAMPLE): f.raised_as or process.raised_status for f in process.ids}
        return "; ".join(f"{example}: {status}" for example, status in starts.items())
    if effect.by == "status":
        return "the status the source reports"
    if effect.resumes:
        return "the status it had when suspended"
    parts = []
    if effect.by:
        parts.append(", ".join(f"{effect.by} {k}: {v}" for k, v in effect.choices.items()))
        if effect.to:
            parts.append(f"otherwise: {effect.to}")
    elif effect.to:
        parts.append(effect.to)
    if effect.recommends:
        parts.append(f"off a self-governance path: {effect.recommends}")
    return "; ".join(parts) or "no change of status"
