"""The command line: --json answer objects, one-line errors with non-zero exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pngfile import read_png

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
DATE = ["--reference-date", "2026-11-29"]


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("DISCORD_TOKEN", "PROFILE_PATH", "REFERENCE_DATE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main([*argv, "--json", *DATE]) == 0
    return json.loads(capsys.readouterr().out)


def test_stats_json(capsys: pytest.CaptureFixture[str]) -> None:
    stats = run_json(capsys, "stats")
    assert stats["kind"] == "stats"
    assert (stats["name"], stats["h_index"], stats["parsed_papers"]) == ("Han Shi", 26, 33)


def test_stats_text_has_a_chart(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", *DATE]) == 0
    out = capsys.readouterr().out
    assert "h-index 26" in out and "█" in out and "\033[" not in out  # no colour when not on a terminal


def test_search_json_lists_hits_best_first(capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(capsys, "search", "diffusion", "--k", "3")
    hits = answer["hits"]
    assert 1 <= len(hits) <= 3
    assert all({"title", "score", "snippet"} <= hit.keys() for hit in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert "diffusion" in (hits[0]["title"] + hits[0]["snippet"]).lower()


def test_search_filters(capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(capsys, "search", "", "--category", "CV", "--since", "2024", "--code", "--sort", "newest")
    assert answer["hits"], answer
    assert all(h["paper"]["category"] == "CV" and h["paper"]["year"] >= 2024 for h in answer["hits"])
    assert all(h["paper"]["has_code"] for h in answer["hits"])


def test_paper_json(capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(capsys, "paper", "MetaMath")
    assert answer["status"] == "found"
    assert answer["detail"]["paper"]["title"].startswith("MetaMath")
    related = answer["detail"]["related"]
    assert 1 <= len(related) <= 3 and all(ref["reason"] for ref in related)


def test_unknown_paper_exits_non_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paper", "protein folding with quantum annealers", *DATE]) == 1
    assert "No paper titled" in capsys.readouterr().out


def test_summarize_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = tmp_path / "in.jsonl"
    rows.write_text(
        json.dumps({"id": "a", "title": "T", "abstract": "We propose a method. It works well on 3 benchmarks."})
        + "\n"
        + json.dumps({"paper_id": "b", "title": "U", "source": ["We study things.", "Results are good."]})
        + "\n"
    )
    assert main(["summarize", str(rows)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["id"] for row in out] == ["a", "b"]
    assert all({"id", "tldr", "key_points"} <= row.keys() for row in out)


def test_summarize_bad_line_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = tmp_path / "in.jsonl"
    rows.write_text('{"id": "a", "title": "T", "abstract": "x"}\n\n{"title": "no id"}\n')
    assert main(["summarize", str(rows)]) == 1
    err = capsys.readouterr().err
    assert "line 3: missing 'id'" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["stats", "--profile", "/no/such/file"], "PROFILE_PATH: no file or folder at /no/such/file"),
        (["run"], "DISCORD_TOKEN is not set"),
        (["sync"], "DISCORD_TOKEN is not set"),
        (["eval", "--corpus", "a", "--queries", "b", "--qrels", "c"], "a: no such file"),
    ],
)
def test_errors_are_one_line_exit_two_or_one(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(argv)
    err = capsys.readouterr().err
    assert code in (1, 2)
    assert err.strip().startswith(f"paperbot: {message}")
    assert "\n" not in err.strip()


def test_malformed_profile_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Someone\nh-index5\n1 Papers\nCLSep 40, 2023\nTitle\nA, B\nAbstract.\n")
    assert main(["stats", "--profile", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4: found the date" in err and "Traceback" not in err


def run_cli(*argv: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "PROFILE_PATH")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=60,
    )


def test_no_arguments_without_token_starts_the_console() -> None:
    result = run_cli(stdin="/stats\n")
    assert result.returncode == 0
    assert "starting the console" in result.stderr
    assert "h-index 26" in result.stdout


def test_malformed_token_exits_two_without_echoing_it() -> None:
    token = "definitely-not-a-real-token-value"
    result = run_cli("run", env={"DISCORD_TOKEN": token})
    assert result.returncode == 2
    expected = "paperbot: DISCORD_TOKEN is malformed: expected the bot token from the developer portal"
    assert result.stderr.strip() == expected
    assert token not in result.stderr + result.stdout


def test_bad_setting_stops_start_up_with_exit_two() -> None:
    result = run_cli("stats", env={"REFERENCE_DATE": "yesterday"})
    assert result.returncode == 2
    assert result.stderr.startswith("paperbot: REFERENCE_DATE:")
    assert "Traceback" not in result.stderr


def test_profile_warnings_go_to_stderr_not_into_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = (ROOT / "seeds" / "han-shi.profile.txt").read_text(encoding="utf-8")
    profile = tmp_path / "p.txt"
    profile.write_text(seed.replace("33papers", "40papers"), encoding="utf-8")
    assert main(["stats", "--json", "--profile", str(profile), *DATE]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["declared_papers"] == 40
    assert "warning: " in captured.err and "declares 40 papers but 33 were parsed" in captured.err


def test_unreachable_discord_is_one_line_not_a_traceback() -> None:
    token = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"
    env = {"DISCORD_TOKEN": token, "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10", "LOG_LEVEL": "ERROR"}
    result = run_cli("run", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("paperbot: cannot reach Discord at http://127.0.0.1:9")
    assert "Traceback" not in result.stderr and token not in result.stderr + result.stdout


def test_stats_chart_writes_a_png_of_the_stats_and_keeps_the_text(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "chart.png"
    assert main(["stats", "--chart", str(target), *DATE]) == 0
    captured = capsys.readouterr()
    assert "█" in captured.out, "the terminal keeps its text bars"
    assert f"wrote the chart of 33 papers to {target}" in captured.err
    drawn = json.loads(read_png(target.read_bytes()).text["paperbot:data"])
    assert sum(sum(stack["counts"]) for stack in drawn["stacks"]) == 33


@pytest.mark.parametrize(("name", "message", "code"), [
    ("chart.jpg", "expected a file name ending in .png", 2),
    ("missing/dir/chart.png", "cannot write the file", 1),
])
def test_stats_chart_to_a_bad_path_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                               message: str, code: int) -> None:
    assert main(["stats", "--chart", str(tmp_path / name), *DATE]) == code
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_cite_prints_a_bibtex_entry_or_exits_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "metamath", *DATE]) == 0
    out = capsys.readouterr().out
    assert "@misc{yu2023metamath," in out and "and others}" in out
    assert run_json(capsys, "cite", "metamath")["key"] == "yu2023metamath"
    assert main(["cite", "no such paper at all", *DATE]) == 1

SEEDS = ROOT / "seeds"


def test_a_folder_serves_a_lab_and_researcher_narrows_it(capsys: pytest.CaptureFixture[str]) -> None:
    listing = run_json(capsys, "researchers", "--profile", str(SEEDS))
    assert [member["name"] for member in listing["members"]] == ["Han Shi", "Chuanyang Zheng"]
    found = run_json(capsys, "search", "", "--k", "50", "--profile", str(SEEDS), "--researcher", "Chuanyang Zheng")
    assert found["total"] == 5 and all("Chuanyang Zheng" in hit["paper"]["researchers"] for hit in found["hits"])
    group = run_json(capsys, "stats", "--profile", str(SEEDS))
    assert group["shared_papers"] == 5 and len(group["members"]) == 2


def test_a_bibtex_file_is_a_profile_and_its_notes_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paper", "AlgoFormer", "--json", "--profile", str(SEEDS / "chuanyang-zheng.bib"), *DATE]) == 0
    captured = capsys.readouterr()
    paper = json.loads(captured.out)["detail"]["paper"]
    assert paper["links"] == [{"label": "arXiv", "url": "https://arxiv.org/abs/2402.13572"}]
    assert "paperbot: warning:" in captured.err and "no abstract" in captured.err


def test_an_unknown_researcher_and_an_empty_folder_are_one_line_exit_two(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--researcher", "Nobody", *DATE]) == 2
    assert capsys.readouterr().err.startswith("paperbot: No researcher named “Nobody” is served here.")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["stats", "--profile", str(empty), *DATE]) == 2
    err = capsys.readouterr().err
    assert f"{empty}: found no profile files in the folder" in err


def test_a_missing_or_broken_file_among_several_is_a_warning(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("not a profile\n")
    paths = os.pathsep.join([str(SEEDS / "han-shi.profile.txt"), str(broken), str(tmp_path / "gone.bib")])
    assert main(["stats", "--profile", paths, *DATE]) == 0
    captured = capsys.readouterr()
    assert "h-index 26" in captured.out
    assert f"paperbot: warning: {broken}:1: found 'not a profile'" in captured.err
    assert f"paperbot: warning: {tmp_path / 'gone.bib'}: no such file or folder" in captured.err
