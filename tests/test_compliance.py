"""docs/compliance.md maps every rule of the design guide to its code and to the tests that
prove it, by node id; these tests keep the map and the markers honest."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPLIANCE = ROOT / "docs" / "compliance.md"
DESIGN = ROOT.parent / "shared" / "DESIGN.md"
ROW = re.compile(r"^\| (R\d\d) \| (\w[^|]*?) \|(.*)$", re.MULTILINE)
NODE = re.compile(r"`(tests/[^`]+?\.py::[^`]+?)`")
ALL_RULES = [f"R{n:02d}" for n in range(1, 34)]


def compliance_rows():
    """{rule: (status, tests named in its row)} from the map's table."""
    return {
        rule: (status.strip(), NODE.findall(rest))
        for rule, status, rest in ROW.findall(COMPLIANCE.read_text(encoding="utf-8"))
    }


@pytest.fixture(scope="module")
def rule_map(request, tmp_path_factory):
    """Every test of the suite with the rules it is marked with: from this session when it
    collected the whole suite, else from a collection run of its own."""
    items = request.session.items
    files = {item.nodeid.split("::", 1)[0] for item in items}
    every_file = {path.relative_to(ROOT).as_posix() for path in (ROOT / "tests").rglob("test_*.py")}
    if every_file <= files:
        return {
            item.nodeid: sorted({rule for mark in item.iter_markers("rule") for rule in mark.args})
            for item in items
        }
    out = tmp_path_factory.mktemp("rules") / "map.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-n",
            "0",
            f"--rule-map={out}",
            str(ROOT / "tests"),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_map_lists_every_rule_of_the_design_guide_once():
    listed = re.findall(r"^\| (R\d\d) \|", COMPLIANCE.read_text(encoding="utf-8"), re.MULTILINE)
    assert listed == ALL_RULES
    if DESIGN.exists():  # beside the repository in the workplace and in CI
        assert sorted(set(re.findall(r"^\| (R\d\d) \|", DESIGN.read_text(), re.MULTILINE))) == (
            ALL_RULES
        )


def test_every_implemented_rule_has_a_marked_test(rule_map):
    marked = {rule for rules in rule_map.values() for rule in rules}
    done = [rule for rule, (status, _tests) in compliance_rows().items() if status == "done"]
    assert done, "the map marks no rule as done"
    assert [rule for rule in done if rule not in marked] == []


def test_every_test_the_map_names_exists_and_carries_its_rule(rule_map):
    problems = []
    for rule, (status, named) in compliance_rows().items():
        if status == "done" and not named:
            problems.append(f"{rule}: done, but names no test")
        for node in named:
            items = [
                nodeid for nodeid in rule_map if nodeid == node or nodeid.startswith(node + "[")
            ]
            if not items:
                problems.append(f"{rule}: {node} does not exist")
            elif not all(rule in rule_map[nodeid] for nodeid in items):
                problems.append(f"{rule}: {node} is not marked with it")
    assert problems == []


def test_every_marker_names_a_rule_the_map_knows(rule_map):
    known = set(compliance_rows())
    assert {rule for rules in rule_map.values() for rule in rules} <= known
