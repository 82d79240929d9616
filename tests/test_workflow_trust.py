"""A pull request's build runs without write permissions or secrets.

Notebooks are code, and a pull request can change them, so the Pages workflow must build a
pull request with read-only permissions, no secrets, no persisted credentials, and never
deploy it. The workflow file is read as YAML, job by job.
"""

from __future__ import annotations

import re

import yaml

from scripts.paths import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def jobs_run_for_pull_requests(flow: dict) -> dict[str, dict]:
    """Jobs whose `if:` does not exclude pull_request events."""
    return {name: job for name, job in flow["jobs"].items()
            if "github.event_name != 'pull_request'" not in str(job.get("if", ""))}


def test_pull_requests_trigger_the_build():
    # PyYAML reads the key `on` as the boolean True.
    triggers = workflow().get("on") or workflow().get(True)
    assert "pull_request" in triggers and "pull_request_target" not in triggers


def test_jobs_that_build_pull_requests_hold_no_write_permission():
    flow = workflow()
    assert flow["permissions"] == {}
    jobs = jobs_run_for_pull_requests(flow)
    assert {"build", "test"} <= set(jobs)
    for name, job in jobs.items():
        granted = job.get("permissions", {})
        assert isinstance(granted, dict), f"{name}: permissions must be listed one by one"
        writes = {scope for scope, level in granted.items() if level == "write"}
        assert not writes, f"job {name} runs for pull requests with write access to {writes}"


def test_jobs_that_build_pull_requests_see_no_secrets_and_keep_no_credentials():
    for name, job in jobs_run_for_pull_requests(workflow()).items():
        text = yaml.safe_dump(job)
        assert not re.search(r"secrets\.", text), f"job {name} reads a secret"
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, name


def test_only_the_deploy_job_writes_and_it_never_runs_for_pull_requests():
    flow = workflow()
    deploy = flow["jobs"]["deploy"]
    assert "github.event_name != 'pull_request'" in deploy["if"]
    writers = [name for name, job in flow["jobs"].items()
               if "write" in (job.get("permissions") or {}).values()]
    assert writers == ["deploy"]
