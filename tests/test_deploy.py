"""deploy/: what an operator runs is well-formed and wired as the README says.

Docker cannot run on the development machine (no engine), so the image and the
compose file are checked as files; the systemd unit goes through systemd's own
verifier.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.config import REPO_ROOT, SETTINGS

DEPLOY = REPO_ROOT / "deploy"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dockerfile() -> str:
    # Continuation lines joined, comments dropped: one instruction per line.
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return re.sub(r"\\\n\s*", " ", "\n".join(lines))


def instructions(dockerfile: str, name: str) -> list[str]:
    return [
        line.split(None, 1)[1] if " " in line.strip() else ""
        for line in dockerfile.splitlines()
        if line.split(None, 1)[:1] == [name]
    ]


def final_stage(dockerfile: str) -> str:
    return dockerfile.split("\nFROM ")[-1]


# -- compose ------------------------------------------------------------------------


def test_compose_runs_the_bot_beside_postgres_15_on_a_named_volume(compose: dict):
    services = compose["services"]
    assert set(services) == {"bot", "postgres"}
    postgres = services["postgres"]
    assert postgres["image"] == "postgres:15"
    [mount] = postgres["volumes"]
    volume, target = mount.split(":")[:2]
    assert target == "/var/lib/postgresql/data"
    assert volume in compose["volumes"]  # named, so it outlives the container
    assert "ports" not in postgres  # only the bot reaches the database


def test_postgres_is_checked_with_pg_isready_and_the_bot_waits_for_it(compose: dict):
    services = compose["services"]
    test = services["postgres"]["healthcheck"]["test"]
    assert "pg_isready" in " ".join(test)
    assert services["bot"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}


def test_the_bot_reads_env_and_its_database_url_names_the_postgres_service(compose: dict):
    bot = compose["services"]["bot"]
    assert bot["env_file"] in (".env", [".env"])
    url = bot["environment"]["DATABASE_URL"]
    assert re.fullmatch(
        r"postgresql://debate:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432/debate", url
    )
    env = compose["services"]["postgres"]["environment"]
    assert (env["POSTGRES_USER"], env["POSTGRES_DB"]) == ("debate", "debate")


def test_the_bot_is_built_from_the_repository_and_publishes_metrics_on_loopback(compose: dict):
    bot = compose["services"]["bot"]
    build = bot["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    assert bot["environment"]["DEBATE_BOT_METRICS_PORT"] == "9108"
    assert bot["ports"] == ["127.0.0.1:9108:9108"]
    assert any(v.split(":")[1] == "/data" for v in bot["volumes"])
    # Longer than the bot's own grace for commands in progress, so SIGKILL never cuts it.
    assert int(bot["stop_grace_period"].removesuffix("s")) >= 20


def test_every_setting_compose_sets_is_one_the_bot_knows(compose: dict):
    names = set(compose["services"]["bot"]["environment"])
    assert names <= set(SETTINGS)


# -- Dockerfile ----------------------------------------------------------------------


def test_the_image_runs_as_a_user_who_is_not_root(dockerfile: str):
    [user] = instructions(final_stage(dockerfile), "USER")
    assert user.strip() not in {"root", "0", "0:0"}
    assert re.search(rf"useradd .*\b{re.escape(user.strip())}\b", final_stage(dockerfile))


def test_the_image_installs_the_package_without_the_test_extra(dockerfile: str):
    runs = " ".join(instructions(dockerfile, "RUN"))
    assert re.search(r"pip install \.(\s|$)", runs)
    assert "[test]" not in dockerfile and "[dev]" not in dockerfile


def test_the_final_stage_is_slim_python_311_without_build_tools(dockerfile: str):
    stages = instructions(dockerfile, "FROM")
    assert all(s.startswith("python:3.11-slim") for s in stages)
    assert len(stages) >= 2  # build stage, then a clean one
    final = final_stage(dockerfile)
    assert not re.search(r"apt-get install|build-essential|\bgcc\b", final)
    assert "COPY --from=" in final


def test_content_and_a_data_volume_are_in_the_image(dockerfile: str):
    final = final_stage(dockerfile)
    copies = instructions(final, "COPY")
    assert any(c.split()[0] == "content" for c in copies)
    env = " ".join(instructions(final, "ENV"))
    assert "DEBATE_BOT_DATA_DIR=/data" in env
    assert "DEBATE_BOT_CONTENT_DIR=/app/content" in env
    assert any("/data" in v for v in instructions(final, "VOLUME"))


def test_the_healthcheck_asks_healthz_with_python_not_curl(dockerfile: str):
    [check] = instructions(final_stage(dockerfile), "HEALTHCHECK")
    assert "urllib.request" in check and "/healthz" in check
    assert "curl" not in check and "wget" not in check
    assert "DEBATE_BOT_METRICS_PORT" in check


def test_the_metrics_port_is_set_and_exposed(dockerfile: str):
    final = final_stage(dockerfile)
    port = re.search(r"DEBATE_BOT_METRICS_PORT=(\d+)", " ".join(instructions(final, "ENV")))
    assert port is not None
    assert port.group(1) in " ".join(instructions(final, "EXPOSE")).split()


def test_the_build_context_leaves_out_secrets_and_local_state():
    ignored = (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for needed in (".git", ".venv", ".env", "data", "*.sqlite3", "tests"):
        assert needed in ignored
    for kept in ("bot", "content", "pyproject.toml", "README.md"):
        assert kept not in ignored


# -- systemd -------------------------------------------------------------------------


def unit_text() -> str:
    return (DEPLOY / "debate-bot.service").read_text(encoding="utf-8")


def test_the_unit_stops_with_sigterm_and_waits_long_enough():
    text = unit_text()
    assert re.search(r"^KillSignal=SIGTERM$", text, re.MULTILINE)
    timeout = re.search(r"^TimeoutStopSec=(\d+)$", text, re.MULTILINE)
    assert timeout and int(timeout.group(1)) >= 20
    assert re.search(r"^ExecReload=.*kill -HUP \$MAINPID$", text, re.MULTILINE)
    assert re.search(r"^User=debate-bot$", text, re.MULTILINE)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_analyze_verify_accepts_the_unit_without_a_warning(tmp_path: Path):
    # verify insists that ExecStart's program exists; the unit points at the server's
    # install (/opt/debate-bot), so here it points at the debate-bot of this environment.
    script = Path(sys.executable).with_name("debate-bot")
    installed = script if script.exists() else Path(sys.executable)
    unit = tmp_path / "debate-bot.service"
    unit.write_text(unit_text().replace("/opt/debate-bot/.venv/bin/debate-bot", str(installed)))

    done = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0, done.stdout + done.stderr
    # Unknown keys and bad values are only warnings ("…, ignoring"): they must not be there.
    assert done.stdout + done.stderr == ""
